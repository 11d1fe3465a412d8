package io.ticketflow.respond;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The SMTP server outgoing mail goes through. Empty host with the embedded defaults means the in-process server.
 *
 * @param timeoutMs connect, read and write timeout of every SMTP socket: a hung server must not hang the outbox
 */
@ConfigurationProperties("ticketflow.smtp")
public record SmtpProperties(String host, Integer port, String username, String password, Boolean starttls,
        Integer timeoutMs) {

    public SmtpProperties {
        port = port == null ? 25 : port;
        starttls = starttls != null && starttls;
        timeoutMs = timeoutMs == null ? 10_000 : timeoutMs;
    }
}
