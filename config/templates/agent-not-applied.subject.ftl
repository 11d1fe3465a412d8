Not applied on ${ticketTag}: <#list problems as p>${p}<#sep>; </#list>
