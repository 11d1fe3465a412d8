<!DOCTYPE html>
<html lang="en">
<body style="font-family: sans-serif; line-height: 1.4">
<div style="white-space: pre-wrap">${agentText}</div>
<p>--<br>${agentName}, ${supportName}<br>
<small>Ticket ${ticketTag}: please keep this tag in the subject when you reply.</small></p>
</body>
</html>
