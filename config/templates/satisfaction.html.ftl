<!DOCTYPE html>
<html lang="en">
<body style="font-family: sans-serif; line-height: 1.4">
<p>Hello ${customerName},</p>
<p>we have solved ticket <strong>${ticketTag}</strong> (&ldquo;${subject}&rdquo;). How did we do?
Reply with &ldquo;good&rdquo; or &ldquo;bad&rdquo; and, if you like, a few words. If the problem is not solved,
just tell us in your reply and we will reopen the ticket.</p>
<p>--<br>${supportName}<br><small>This is an automatic request.</small></p>
</body>
</html>
