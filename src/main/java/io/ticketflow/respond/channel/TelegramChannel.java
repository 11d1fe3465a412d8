package io.ticketflow.respond.channel;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Telegram Bot API client and the sender, when {@code ticketflow.channels.telegram.token-env} is set. The token is
 * read from the environment variable it names; when that variable is missing the channel is configured but every call
 * fails with that reason (visible in the health and on unsent answers), instead of the service refusing to start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ticketflow.channels.telegram.token-env")
class TelegramChannel {

    @Bean
    TelegramBotApi telegramBotApi(TelegramProperties properties, Environment env) {
        String variable = properties.tokenEnv().strip();
        String token = env.getProperty(variable);
        return new TelegramBotApi(properties.apiUrl(), token == null || token.isBlank() ? null : token.strip(),
                "the environment variable " + variable + " (ticketflow.channels.telegram.token-env) with the bot token "
                        + "is not set");
    }

    @Bean
    ChannelSender telegramSender(TelegramBotApi api) {
        return new TelegramSender(api);
    }
}
