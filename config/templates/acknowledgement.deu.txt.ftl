Guten Tag ${customerName},

vielen Dank für Ihre Nachricht. Wir haben dafür das Ticket ${ticketTag} eröffnet und antworten
innerhalb von ${expectedResponse?replace("business hours", "Geschäftsstunden")?replace("business hour", "Geschäftsstunde")?replace("business minutes", "Geschäftsminuten")}.
<#if faqArticles?has_content>

Vielleicht beantworten diese Artikel Ihre Frage schon:
<#list faqArticles as article>
  - ${article.title}: ${article.url}
</#list>
</#if>

Wenn Sie etwas ergänzen möchten, antworten Sie einfach auf diese Mail und lassen Sie ${ticketTag} im Betreff.

Ihre Anfrage: ${subject}

-- 
${supportName}
Dies ist eine automatische Eingangsbestätigung.
