<!DOCTYPE html>
<html lang="en">
<body style="font-family: sans-serif; line-height: 1.4">
<p>Hello ${customerName},</p>
<p>good news about ticket <strong>${ticketTag}</strong> (&ldquo;${subject}&rdquo;): your refund<#if refundOrder?has_content>
for order <strong>${refundOrder}</strong></#if> was approved<#if refundAmount?has_content> (${refundAmount} ${refundCurrency})</#if>.
The money goes back the way you paid; depending on your bank this takes a few business days.</p>
<p>If anything is unclear, just reply to this mail.</p>
<p>--<br>${supportName}</p>
</body>
</html>
