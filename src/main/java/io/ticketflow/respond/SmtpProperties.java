package io.ticketflow.respond;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.DurationUnit;

/**
 * The SMTP server outgoing mail goes through. Empty host with the embedded defaults means the in-process server.
 *
 * @param timeout connect, read and write timeout of every SMTP socket: a hung server must not hang the outbox (key
 *                {@code timeout-ms}: a plain number is milliseconds, {@code 10s} works too)
 */
@ConfigurationProperties("ticketflow.smtp")
public record SmtpProperties(String host, Integer port, String username, String password, Boolean starttls,
        @Name("timeout-ms") @DurationUnit(ChronoUnit.MILLIS) Duration timeout) {

    public SmtpProperties {
        port = port == null ? 25 : port;
        starttls = starttls != null && starttls;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }
}
