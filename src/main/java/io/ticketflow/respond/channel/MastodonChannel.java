package io.ticketflow.respond.channel;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The Mastodon client and sender, when {@code ticketflow.channels.mastodon.access-token-env} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ticketflow.channels.mastodon.access-token-env")
class MastodonChannel {

    @Bean
    MastodonApi mastodonApi(MastodonProperties properties, Environment env) {
        String variable = properties.accessTokenEnv().strip();
        String token = env.getProperty(variable);
        String problem = properties.apiUrl() == null ? "ticketflow.channels.mastodon.api-url is not set"
                : "the environment variable " + variable + " with the Mastodon access token is not set";
        return new MastodonApi(properties.apiUrl(), properties.apiUrl() == null || token == null || token.isBlank() ? null
                : token.strip(), problem, Clock.systemUTC());
    }

    @Bean
    ChannelSender mastodonSender(MastodonApi api) {
        return new MastodonSender(api);
    }
}
