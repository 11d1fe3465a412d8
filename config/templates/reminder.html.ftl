<!DOCTYPE html>
<html lang="en">
<body style="font-family: sans-serif; line-height: 1.4">
<p>Hello ${customerName},</p>
<p>we are still waiting for your answer on ticket <strong>${ticketTag}</strong> (&ldquo;${subject}&rdquo;).
Just reply to this mail to continue. If we do not hear from you, we will close the ticket in ${autoCloseDays}
business days; you can always write again.</p>
<p>--<br>${supportName}<br><small>This is an automatic reminder.</small></p>
</body>
</html>
