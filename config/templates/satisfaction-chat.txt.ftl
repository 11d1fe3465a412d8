We have solved ticket #${ticketNumber}. If it is not solved after all, just write here and we reopen it.<#if csatGoodUrl?has_content> How did we do? Good: ${csatGoodUrl} Bad: ${csatBadUrl}</#if>
