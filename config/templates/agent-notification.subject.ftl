<#if notificationEvent == "created">New ticket<#else>Customer replied</#if> (${queue}, ${priority}): ${subject}
