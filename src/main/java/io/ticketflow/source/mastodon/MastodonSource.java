package io.ticketflow.source.mastodon;

import io.ticketflow.intake.Intake;
import io.ticketflow.respond.channel.MastodonApi;
import io.ticketflow.respond.channel.MastodonProperties;
import io.ticketflow.source.channel.ChannelStatus;
import java.time.Clock;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Mastodon source, when {@code ticketflow.channels.mastodon.access-token-env} is set: a scheduler route polls. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ticketflow.channels.mastodon.access-token-env")
class MastodonSource {

    @Bean
    ChannelStatus mastodonStatus() {
        return new ChannelStatus("mastodon", "poll");
    }

    @Bean
    MastodonPoller mastodonPoller(MastodonApi api, Intake intake, @Qualifier("mastodonStatus") ChannelStatus status,
            MastodonProperties properties) {
        return new MastodonPoller(api, intake, status, properties.maxFileBytes(), Clock.systemUTC());
    }

    @Bean
    RouteBuilder mastodonRoute(MastodonPoller poller, MastodonProperties properties) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("scheduler:mastodon?delay=" + Math.max(1, properties.pollDelay().toMillis()) + "&initialDelay=1000")
                        .routeId("channel-mastodon")
                        .process(e -> poller.poll());
            }
        };
    }
}
