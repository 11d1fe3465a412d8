Thanks! Your message is ticket #${ticketNumber}; we will answer here within ${expectedResponse}.<#if suggestions?has_content>

Maybe this helps right away:<#list suggestions as article>
- ${article.title}</#list>
Solved? Just write "solved".</#if>