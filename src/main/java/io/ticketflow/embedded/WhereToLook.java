package io.ticketflow.embedded;

import io.ticketflow.security.ApiTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Prints, once the service is up, where a newcomer should look: REST, Elasticsearch, the mail server, the demo. */
@Component
class WhereToLook {

    private static final Logger log = LoggerFactory.getLogger(WhereToLook.class);

    private final Environment env;
    private final ObjectProvider<ApiTokens> tokens;

    WhereToLook(Environment env, ObjectProvider<ApiTokens> tokens) {
        this.env = env;
        this.tokens = tokens;
    }

    @EventListener(ApplicationReadyEvent.class)
    void print() {
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        StringBuilder s = new StringBuilder("\n\n  Ticketflow is running\n");
        s.append("  REST API        http://localhost:").append(port).append("/api/tickets   (POST raw mail to /api/messages)\n");
        s.append("  Elasticsearch   ").append(env.getProperty("ticketflow.elasticsearch.url")).append('\n');
        s.append("  Health          http://localhost:").append(port).append("/actuator/health\n");
        // the run's admin token: the API answers 401 without one (docs/security.md)
        java.util.Optional.ofNullable(tokens.getIfAvailable()).flatMap(ApiTokens::localAdminToken).ifPresent(token -> s
                .append("  Admin token     ").append(token).append("   (this run only; send as Authorization: Bearer)\n")
                .append("  Try             curl -H 'Authorization: Bearer ").append(token).append("' http://localhost:")
                .append(port).append("/api/tickets\n"));
        if (env.containsProperty("ticketflow.embedded.mail.active-smtp-port")) {
            s.append("  Write to        ").append(env.getProperty("ticketflow.identity.support-addresses[0]"))
                    .append(" via SMTP 127.0.0.1:").append(env.getProperty("ticketflow.embedded.mail.active-smtp-port"))
                    .append('\n');
            s.append("  Demo customer   IMAP 127.0.0.1:").append(env.getProperty("ticketflow.embedded.mail.active-imap-port"))
                    .append(" user ").append(env.getProperty("ticketflow.embedded.mail.customer-address"))
                    .append(" password ").append(env.getProperty("ticketflow.embedded.mail.customer-password"))
                    .append(" (acknowledgements arrive here)\n");
        }
        log.info(s.toString());
    }
}
