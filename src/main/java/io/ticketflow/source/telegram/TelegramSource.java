package io.ticketflow.source.telegram;

import io.ticketflow.intake.Intake;
import io.ticketflow.respond.channel.TelegramBotApi;
import io.ticketflow.respond.channel.TelegramProperties;
import io.ticketflow.source.channel.ChannelStatus;
import java.time.Clock;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Telegram source, when {@code ticketflow.channels.telegram.token-env} is set: a Camel scheduler route runs one
 * long poll after another ({@link TelegramPoller}). Not Camel's telegram component: its consumer keeps the getUpdates
 * offset itself, and Ticketflow needs the offset in its own hands (moved past an update only after the raw store has
 * it), the files downloaded before the update is stored, and Telegram's {@code retry_after} honoured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ticketflow.channels.telegram.token-env")
class TelegramSource {

    @Bean
    ChannelStatus telegramStatus() {
        return new ChannelStatus("telegram", "poll");
    }

    @Bean
    TelegramPoller telegramPoller(TelegramBotApi api, Intake intake, TelegramProperties properties,
            @Qualifier("telegramStatus") ChannelStatus telegramStatus) {
        return new TelegramPoller(api, intake, properties, telegramStatus, Clock.systemUTC());
    }

    @Bean
    RouteBuilder telegramRoute(TelegramPoller poller, TelegramProperties properties) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("scheduler:telegram?delay=" + Math.max(1, properties.pollDelay().toMillis()) + "&initialDelay=1000")
                        .routeId("channel-telegram")
                        .process(e -> poller.poll());
            }
        };
    }
}
