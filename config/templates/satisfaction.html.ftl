<!DOCTYPE html>
<html lang="en">
<body style="font-family: sans-serif; line-height: 1.4">
<p>Hello ${customerName},</p>
<p>we have solved ticket <strong>${ticketTag}</strong> (&ldquo;${subject}&rdquo;). We hope we could help.</p>
<p>If the problem is not solved after all, just reply to this mail: the ticket will be reopened and an agent will get
back to you. If everything is fine, there is nothing to do.</p>
<#if csatGoodUrl?has_content>
<p>How did we do? One click is enough:
<a href="${csatGoodUrl}">&#128077; Good</a> &nbsp; <a href="${csatBadUrl}">&#128078; Bad</a></p>
</#if>
<p>--<br>${supportName}<br><small>This is an automatic message.</small></p>
</body>
</html>
