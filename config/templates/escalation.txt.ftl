Ticket ${ticketTag} in queue ${queue} was escalated to ${escalationLevel}.

Reason:   ${escalationReason}
Due:      ${dueAt}
Priority: ${priority}
Customer: ${customerName} <${customerAddress}>
Subject:  ${subject}

${historySummary}

-- 
Ticketflow
