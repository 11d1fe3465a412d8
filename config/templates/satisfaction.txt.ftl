Hello ${customerName},

we have solved ticket ${ticketTag} ("${subject}"). How did we do?
Reply with "good" or "bad" and, if you like, a few words. If the problem is not solved,
just tell us in your reply and we will reopen the ticket.

-- 
${supportName}
This is an automatic request.
