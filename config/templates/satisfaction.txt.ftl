Hello ${customerName},

we have solved ticket ${ticketTag} ("${subject}"). We hope we could help.

If the problem is not solved after all, just reply to this mail: the ticket will be
reopened and an agent will get back to you. If everything is fine, there is nothing to do.
<#if csatGoodUrl?has_content>

How did we do? One click is enough:
  Good: ${csatGoodUrl}
  Bad:  ${csatBadUrl}
</#if>

-- 
${supportName}
This is an automatic message.
