package io.ticketflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * 429 with Retry-After per caller (15 requests a minute in this context) and per client address (300 a minute),
 * through the running service. The address test connects from 127.0.0.2, so the other tests' 127.0.0.1 keeps its
 * budget.
 */
class RateLimitTest extends SecuredApiTest {

    @Test
    void oneCallerIsLimitedAndOthersAreNot() {
        String busy = token(Role.ANALYST);
        Answer limited = null;
        for (int i = 0; i < 30 && limited == null; i++) {
            Answer a = call("GET", "/api/tickets?size=1", busy);
            if (a.status() == 429) {
                limited = a;
            }
            else {
                assertThat(a.status()).isEqualTo(200);
            }
        }
        assertThat(limited).as("a 429 within 30 requests").isNotNull();
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(limited.json().path("error").asText()).isEqualTo("rate_limited");
        assertThat(call("GET", "/api/tickets?size=1", token(Role.ANALYST)).status()).isEqualTo(200);
    }

    @Test
    void oneAddressIsLimitedEvenWithoutCredentials() throws IOException {
        String statusLine = null;
        for (int i = 0; i < 400; i++) {
            statusLine = getFrom("127.0.0.2", "/api/tickets");
            if (statusLine.contains(" 429")) {
                break;
            }
            assertThat(statusLine).contains(" 401");
        }
        assertThat(statusLine).contains(" 429").contains("Retry-After:");
        assertThat(call("GET", "/api/tickets?size=1", token(Role.ANALYST)).status()).isEqualTo(200);
    }

    /** A GET over a socket bound to a local address of our choice; answers the response head. */
    private String getFrom(String localAddress, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n\r\n");
            return end < 0 ? response : response.substring(0, end);
        }
    }
}
