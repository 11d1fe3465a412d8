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
<p>To add anything, just reply to this mail and keep ${ticketTag} in the subject.</p>
<p style="color: #555">Your request: ${subject}</p>
<p>--<br>${supportName}<br><small>This is an automatic acknowledgement.</small></p>
</body>
</html>
