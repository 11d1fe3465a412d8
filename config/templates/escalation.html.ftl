<!DOCTYPE html>
<html lang="en">
<body style="font-family: sans-serif; line-height: 1.4">
<p>Ticket <strong>${ticketTag}</strong> in queue <strong>${queue}</strong> was escalated to
<strong>${escalationLevel}</strong>.</p>
<table>
  <tr><td>Reason</td><td>${escalationReason}</td></tr>
  <tr><td>Due</td><td>${dueAt}</td></tr>
  <tr><td>Priority</td><td>${priority}</td></tr>
  <tr><td>Customer</td><td>${customerName} &lt;${customerAddress}&gt;</td></tr>
  <tr><td>Subject</td><td>${subject}</td></tr>
</table>
<pre style="font-size:12px">${historySummary}</pre>
<p>--<br>Ticketflow</p>
</body>
</html>
