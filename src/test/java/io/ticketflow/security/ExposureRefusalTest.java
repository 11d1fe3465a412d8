package io.ticketflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.TicketflowApplication;
import io.ticketflow.testing.ElasticsearchNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

/** The whole application refuses to start on all interfaces when nobody could authenticate. */
class ExposureRefusalTest {

    @TempDir
    Path dir;

    @Test
    void listeningOnAllInterfacesWithoutAuthenticationDoesNotStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TicketflowApplication.class).run(
                "--server.port=0", "--server.address=0.0.0.0",
                "--ticketflow.embedded.enabled=false",
                "--ticketflow.elasticsearch.url=" + ElasticsearchNode.url(),
                "--ticketflow.elasticsearch.index-prefix=exposure",
                "--ticketflow.intake.polling-enabled=false", "--ticketflow.followups.enabled=false",
                "--ticketflow.security.tokens-file=" + dir.resolve("none.yml"))
                .close())
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                        .isInstanceOf(ExposureCheck.UnprotectedExposureException.class)
                        .hasMessageContaining("all network interfaces"));
    }
}
