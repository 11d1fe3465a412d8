Hello ${customerName},

good news about ticket ${ticketTag} ("${subject}"): your refund<#if refundOrder?has_content> for order ${refundOrder}</#if> was approved<#if refundAmount?has_content> (${refundAmount} ${refundCurrency})</#if>.
The money goes back the way you paid; depending on your bank this takes a few business days.

If anything is unclear, just reply to this mail.

-- 
${supportName}
