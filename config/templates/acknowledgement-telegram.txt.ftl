Thanks, ${customerName}! Your message is ticket #${ticketNumber}. We will answer here within ${expectedResponse}. Just write in this chat to add anything.<#if suggestions?has_content>

Maybe this helps right away:<#list suggestions as article>
- ${article.title}: ${article.summary}<#if article.url?has_content> ${article.url}</#if></#list>
Solved? Just write "solved".</#if>