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
<#if suggestions?has_content>
<p>Diese Artikel lösen Ihr Problem vielleicht sofort:</p>
<#list suggestions as article>
<h3 style="margin-bottom: 0.2em"><#if article.url?has_content><a href="${article.url}">${article.title}</a><#else>${article.title}</#if></h3>
<#list article.text?split("\n\n") as paragraph><p style="margin-top: 0.3em; white-space: pre-line">${paragraph}</p></#list>
</#list>
<p>Gelöst? Antworten Sie nur mit dem Wort <strong>gelöst</strong>, dann schließen wir das Ticket<#if selfServiceUrl?has_content>,
oder <a href="${selfServiceUrl}">sagen Sie es uns hier</a></#if>.</p>
</#if>
<p>Wenn Sie etwas ergänzen möchten, antworten Sie einfach auf diese Mail und lassen Sie ${ticketTag} im Betreff.</p>
<p style="color: #555">Ihre Anfrage: ${subject}</p>
<p>--<br>${supportName}<br><small>Dies ist eine automatische Eingangsbestätigung.</small></p>
</body>
</html>
