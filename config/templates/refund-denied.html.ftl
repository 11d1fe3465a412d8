<!DOCTYPE html>
<html lang="en">
<body style="font-family: sans-serif; line-height: 1.4">
<p>Hello ${customerName},</p>
<p>we have checked your refund request on ticket <strong>${ticketTag}</strong> (&ldquo;${subject}&rdquo;)<#if refundOrder?has_content>
for order <strong>${refundOrder}</strong></#if>. Unfortunately we cannot refund<#if refundAmount?has_content>
${refundAmount} ${refundCurrency}</#if> in this case.</p>
<p>Just reply to this mail if you have questions or more information for us; a person will answer.</p>
<p>--<br>${supportName}</p>
</body>
</html>
