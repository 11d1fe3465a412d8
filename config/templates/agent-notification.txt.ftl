<#if notificationEvent == "created">New ticket<#else>The customer replied on ticket</#if> ${ticketTag} in queue ${queue} (level ${level}, priority ${priority}, status ${status}).

From:    ${customerName} <${customerAddress}>
Subject: ${subject}
First response due: ${expectedResponseBy}

${messageText}

-- 
Answer this mail to reply to the customer as yourself. Lines at the very top may be commands:
  #status pending|open|solved    #level L2 [reason]    #assign <agent>
  #escalate manager [reason]     #internal (a note for agents: nothing goes to the customer)
