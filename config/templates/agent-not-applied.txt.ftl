Some of the commands in your mail about ticket ${ticketTag} (${subject}) were not applied:

<#list problems as p>
  - ${p}
</#list>

What was done: <#if applied?has_content>${applied}<#else>nothing else</#if>.

Status: ${status}, queue ${queue}, level ${level}, priority ${priority}.

-- 
Answer this mail to try again. Lines at the very top may be commands:
  #status pending|open|solved    #level L2 [reason]    #assign <agent>
  #escalate manager [reason]     #internal (a note for agents: nothing goes to the customer)
