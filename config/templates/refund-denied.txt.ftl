Hello ${customerName},

we have checked your refund request on ticket ${ticketTag} ("${subject}")<#if refundOrder?has_content> for order ${refundOrder}</#if>.
Unfortunately we cannot refund<#if refundAmount?has_content> ${refundAmount} ${refundCurrency}</#if> in this case.

Just reply to this mail if you have questions or more information for us; a person will answer.

-- 
${supportName}
