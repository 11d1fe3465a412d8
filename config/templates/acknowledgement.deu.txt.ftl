Guten Tag ${customerName},

vielen Dank für Ihre Nachricht. Wir haben dafür das Ticket ${ticketTag} eröffnet und antworten
innerhalb von ${expectedResponse?replace("business hours", "Geschäftsstunden")?replace("business hour", "Geschäftsstunde")?replace("business minutes", "Geschäftsminuten")}.
<#if faqArticles?has_content>

Vielleicht beantworten diese Artikel Ihre Frage schon:
<#list faqArticles as article>
  - ${article.title}: ${article.url}
</#list>
</#if>
<#if suggestions?has_content>

Diese Artikel lösen Ihr Problem vielleicht sofort:
<#list suggestions as article>

* ${article.title}<#if article.url?has_content> (${article.url})</#if>
${article.text}
</#list>

Gelöst? Antworten Sie nur mit dem Wort "gelöst", dann schließen wir das Ticket<#if selfServiceUrl?has_content>, oder öffnen
Sie ${selfServiceUrl}</#if>.
</#if>

Wenn Sie etwas ergänzen möchten, antworten Sie einfach auf diese Mail und lassen Sie ${ticketTag} im Betreff.

Ihre Anfrage: ${subject}

-- 
${supportName}
Dies ist eine automatische Eingangsbestätigung.
