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

To add anything, just reply to this mail and keep ${ticketTag} in the subject.

Your request: ${subject}

-- 
${supportName}
This is an automatic acknowledgement.
