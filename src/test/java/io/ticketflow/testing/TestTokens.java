package io.ticketflow.testing;

import io.ticketflow.security.Role;
import io.ticketflow.security.TokenFile;
import io.ticketflow.security.TokenSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * API tokens for the tests: one tokens file per test JVM ({@code target/test-api-tokens.yml}) that the test contexts
 * read, with an admin token the full-application tests send. Production defaults stay as they are: the tests
 * authenticate like any client, through a token in the file.
 */
public final class TestTokens {

    private static final Path FILE = Path.of("target", "test-api-tokens-" + ProcessHandle.current().pid() + ".yml");
    private static String admin;

    private TestTokens() {
    }

    /** The tokens file the test contexts read (created with the admin token in it). */
    public static synchronized String file() {
        admin();
        return FILE.toAbsolutePath().toString();
    }

    /** The admin token of this test JVM. */
    public static synchronized String admin() {
        if (admin == null) {
            try {
                Files.deleteIfExists(FILE);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            admin = create("test-admin", Role.ADMIN, null);
        }
        return admin;
    }

    /** A new token in the shared file, under a unique name derived from {@code name}; expires may lie in the past. */
    public static String create(String name, Role role, Instant expires) {
        TokenSecrets.Issued issued = TokenSecrets.issue(name + "-" + UUID.randomUUID().toString().substring(0, 8), role,
                "test", Instant.now(), expires);
        try {
            new TokenFile(FILE).update(entries -> {
                entries.add(issued.entry());
                return entries;
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return issued.token();
    }

    /** Makes every request of this template carry the admin token, unless the request sets its own. */
    public static void authorize(TestRestTemplate http) {
        var interceptors = http.getRestTemplate().getInterceptors();
        if (interceptors.stream().noneMatch(AdminHeader.class::isInstance)) {
            interceptors.add(new AdminHeader());
        }
    }

    private static final class AdminHeader implements ClientHttpRequestInterceptor {
        @Override
        public org.springframework.http.client.ClientHttpResponse intercept(org.springframework.http.HttpRequest request,
                byte[] body, org.springframework.http.client.ClientHttpRequestExecution execution) throws IOException {
            if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
                request.getHeaders().setBearerAuth(admin());
            }
            return execution.execute(request, body);
        }
    }
}
