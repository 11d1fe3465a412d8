Hello ${customerName},

thank you for your message. We have opened ticket ${ticketTag} for it and will answer
within ${expectedResponse} (by ${expectedResponseBy}).
<#if faqArticles?has_content>

While you wait, these articles may already answer your question:
<#list faqArticles as article>
  - ${article.title}: ${article.url}
<#if article.summary?has_content>
    ${article.summary}
</#if>
</#list>
</#if>
<#if suggestions?has_content>

These articles may solve your problem right away:
<#list suggestions as article>

* ${article.title}<#if article.url?has_content> (${article.url})</#if>
${article.text}
</#list>

Solved? Reply with just the word "solved" and we close the ticket<#if selfServiceUrl?has_content>, or open
${selfServiceUrl}</#if>.
</#if>

To add anything, just reply to this mail and keep ${ticketTag} in the subject.

Your request: ${subject}

-- 
${supportName}
This is an automatic acknowledgement.
