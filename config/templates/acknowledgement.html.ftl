<!DOCTYPE html>
<html lang="en">
<body style="font-family: sans-serif; line-height: 1.4">
<p>Hello ${customerName},</p>
<p>thank you for your message. We have opened ticket <strong>${ticketTag}</strong> for it and will answer within
${expectedResponse} (by ${expectedResponseBy}).</p>
<#if faqArticles?has_content>
<p>While you wait, these articles may already answer your question:</p>
<ul>
<#list faqArticles as article>
  <li><a href="${article.url}">${article.title}</a><#if article.summary?has_content><br>${article.summary}</#if></li>
</#list>
</ul>
</#if>
<#if suggestions?has_content>
<p>These articles may solve your problem right away:</p>
<#list suggestions as article>
<h3 style="margin-bottom: 0.2em"><#if article.url?has_content><a href="${article.url}">${article.title}</a><#else>${article.title}</#if></h3>
<#list article.text?split("\n\n") as paragraph><p style="margin-top: 0.3em; white-space: pre-line">${paragraph}</p></#list>
</#list>
<p>Solved? Reply with just the word <strong>solved</strong> and we close the ticket<#if selfServiceUrl?has_content>, or
<a href="${selfServiceUrl}">tell us here</a></#if>.</p>
</#if>
<p>To add anything, just reply to this mail and keep ${ticketTag} in the subject.</p>
<p style="color: #555">Your request: ${subject}</p>
<p>--<br>${supportName}<br><small>This is an automatic acknowledgement.</small></p>
</body>
</html>
