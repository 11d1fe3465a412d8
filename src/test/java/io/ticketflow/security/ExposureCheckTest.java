package io.ticketflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Listening beyond this machine needs some way to authenticate; loopback alone does not. */
class ExposureCheckTest {

    private static final Path FILE = Path.of("config/api-tokens.yml");

    @Test
    void allInterfacesWithoutAuthenticationIsRefusedWithWhatToDo() {
        for (String address : new String[] { null, "", "0.0.0.0", "::", "192.0.2.10" }) {
            assertThatThrownBy(() -> new ExposureCheck(address, false, false, FILE).verify())
                    .as("address %s", address)
                    .isInstanceOf(ExposureCheck.UnprotectedExposureException.class)
                    .hasMessageContaining("no authentication configured")
                    .hasMessageContaining("tokens create")
                    .hasMessageContaining("issuer-uri")
                    .hasMessageContaining("server.address=127.0.0.1");
        }
    }

    @Test
    void loopbackOrAnyAuthenticationStarts() {
        assertThatCode(() -> new ExposureCheck("127.0.0.1", false, false, FILE).verify()).doesNotThrowAnyException();
        assertThatCode(() -> new ExposureCheck("::1", false, false, FILE).verify()).doesNotThrowAnyException();
        assertThatCode(() -> new ExposureCheck("localhost", false, false, FILE).verify()).doesNotThrowAnyException();
        assertThatCode(() -> new ExposureCheck("0.0.0.0", true, false, FILE).verify()).doesNotThrowAnyException();
        assertThatCode(() -> new ExposureCheck(null, false, true, FILE).verify()).doesNotThrowAnyException();
        assertThat(ExposureCheck.isLoopback("no-such-host.invalid")).isFalse();
    }
}
