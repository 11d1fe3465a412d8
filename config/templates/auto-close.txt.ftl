Hello ${customerName},

as we have not heard from you, we have closed ticket ${ticketTag} ("${subject}").
If you still need help, just write to us again and mention ${ticketTag}.

-- 
${supportName}
This is an automatic notice.
