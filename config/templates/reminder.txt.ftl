Hello ${customerName},

we are still waiting for your answer on ticket ${ticketTag} ("${subject}").
Just reply to this mail to continue. If we do not hear from you, we will close the ticket
in ${autoCloseDays} business days; you can always write again.

-- 
${supportName}
This is an automatic reminder.
