package io.ticketflow.respond.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The token goes with a media download only to the instance's own origin: scheme, host and port. */
class MastodonMediaOriginTest {

    private static final URI INSTANCE = URI.create("https://Mastodon.example");

    @Test
    void theInstanceItselfIsTheSameOrigin() {
        assertThat(MastodonApi.sameOrigin(URI.create("https://mastodon.example/system/a.png"), INSTANCE)).isTrue();
        assertThat(MastodonApi.sameOrigin(URI.create("https://mastodon.example:443/system/a.png"), INSTANCE)).isTrue();
    }

    @Test
    void aCdnAnotherInstanceAnotherPortOrPlainHttpAreForeign() {
        assertThat(MastodonApi.sameOrigin(URI.create("https://files.mastodon.example/a.png"), INSTANCE)).isFalse();
        assertThat(MastodonApi.sameOrigin(URI.create("https://mastodon.example.evil.test/a.png"), INSTANCE)).isFalse();
        assertThat(MastodonApi.sameOrigin(URI.create("https://mastodon.example:8443/a.png"), INSTANCE)).isFalse();
        assertThat(MastodonApi.sameOrigin(URI.create("http://mastodon.example/a.png"), INSTANCE)).isFalse();
    }
}
