${agentText}

-- 
${agentName}, ${supportName}
Ticket ${ticketTag}: please keep this tag in the subject when you reply.
