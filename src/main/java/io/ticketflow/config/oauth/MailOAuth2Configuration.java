package io.ticketflow.config.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OAuth2 mail tokens, and {@code /actuator/health/mailOAuth2/<account>}: per mailbox (and {@code smtp}) when the
 * token expires, when it was last renewed, and the last renewal error. DOWN when there is no valid token.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailOAuth2Properties.class)
public class MailOAuth2Configuration {

    @Bean(destroyMethod = "stop")
    MailTokens mailTokens(MailOAuth2Properties properties) {
        return new MailTokens(properties, System::getenv, Clock.systemUTC(), Duration.ofSeconds(10));
    }

    @Bean("mailOAuth2")
    CompositeHealthContributor mailOAuth2Health(MailTokens tokens) {
        return new CompositeHealthContributor() {
            @Override
            public HealthContributor getContributor(String name) {
                return tokens.has(name) ? indicator(tokens, name) : null;
            }

            @Override
            public Iterator<NamedContributor<HealthContributor>> iterator() {
                return tokens.accounts().stream().sorted()
                        .map(a -> NamedContributor.of(a, (HealthContributor) indicator(tokens, a))).iterator();
            }
        };
    }

    public static HealthIndicator indicator(MailTokens tokens, String account) {
        return () -> {
            MailTokens.State s = tokens.state(account);
            boolean valid = s.accessToken() != null && s.expiresAt() != null && Instant.now().isBefore(s.expiresAt());
            Health.Builder health = valid ? Health.up() : Health.down();
            health.withDetail("expiresAt", s.expiresAt() == null ? "none" : s.expiresAt().toString());
            health.withDetail("lastRefresh", s.lastRefresh() == null ? "never" : s.lastRefresh().toString());
            if (s.lastError() != null) {
                health.withDetail("lastRefreshError", s.lastError()).withDetail("lastRefreshErrorAt", s.lastErrorAt().toString());
            }
            return health.build();
        };
    }
}
