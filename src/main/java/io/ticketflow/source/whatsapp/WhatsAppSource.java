package io.ticketflow.source.whatsapp;

import io.ticketflow.source.channel.ChannelStatus;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The WhatsApp channel's health entry, when {@code ticketflow.channels.whatsapp.phone-number-id} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ticketflow.channels.whatsapp.phone-number-id")
class WhatsAppSource {

    @Bean
    ChannelStatus whatsAppStatus() {
        return new ChannelStatus("whatsapp", "webhook");
    }
}
