<!DOCTYPE html>
<html lang="de">
<body style="font-family: sans-serif; line-height: 1.4">
<p>Guten Tag ${customerName},</p>
<p>vielen Dank für Ihre Nachricht. Wir haben dafür das Ticket <strong>${ticketTag}</strong> eröffnet und antworten
innerhalb von ${expectedResponse?replace("business hours", "Geschäftsstunden")?replace("business hour", "Geschäftsstunde")?replace("business minutes", "Geschäftsminuten")}.</p>
<#if faqArticles?has_content>
<p>Vielleicht beantworten diese Artikel Ihre Frage schon:</p>
<ul>
<#list faqArticles as article>
  <li><a href="${article.url}">${article.title}</a></li>
</#list>
</ul>
</#if>
<p>Wenn Sie etwas ergänzen möchten, antworten Sie einfach auf diese Mail und lassen Sie ${ticketTag} im Betreff.</p>
<p style="color: #555">Ihre Anfrage: ${subject}</p>
<p>--<br>${supportName}<br><small>Dies ist eine automatische Eingangsbestätigung.</small></p>
</body>
</html>
