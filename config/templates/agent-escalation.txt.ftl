${agentName} escalated ticket ${ticketTag} in queue ${queue} to ${escalationLevel}.

Reason:   ${escalationReason}
Customer: ${customerName} <${customerAddress}>
Subject:  ${subject}

${historySummary}

-- 
Answer this mail to reply to the customer as yourself; #internal on the first line keeps it as a note for agents.
