<!DOCTYPE html>
<html lang="en">
<body style="font-family: sans-serif; line-height: 1.4">
<p>Hello ${customerName},</p>
<p>as we have not heard from you, we have closed ticket <strong>${ticketTag}</strong> (&ldquo;${subject}&rdquo;).
If you still need help, just write to us again and mention ${ticketTag}.</p>
<p>--<br>${supportName}<br><small>This is an automatic notice.</small></p>
</body>
</html>
