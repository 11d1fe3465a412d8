package io.ticketflow.respond.channel;

import io.ticketflow.store.MessageStore;
import io.ticketflow.store.TicketStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The WhatsApp Cloud API client and sender, when {@code ticketflow.channels.whatsapp.phone-number-id} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ticketflow.channels.whatsapp.phone-number-id")
class WhatsAppChannel {

    @Bean
    WhatsAppCloudApi whatsAppCloudApi(WhatsAppProperties properties, Environment env) {
        String variable = properties.accessTokenEnv() == null ? "" : properties.accessTokenEnv().strip();
        String token = variable.isEmpty() ? null : env.getProperty(variable);
        return new WhatsAppCloudApi(properties.apiUrl(), properties.phoneNumberId(),
                token == null || token.isBlank() ? null : token.strip(),
                variable.isEmpty() ? "ticketflow.channels.whatsapp.access-token-env is not set"
                        : "the environment variable " + variable + " with the WhatsApp access token is not set");
    }

    @Bean
    ChannelSender whatsAppSender(WhatsAppCloudApi api, TicketStore tickets, MessageStore messages,
            WhatsAppProperties properties) {
        return new WhatsAppSender(api, tickets, messages, properties.serviceWindow(), Clock.systemUTC());
    }
}
