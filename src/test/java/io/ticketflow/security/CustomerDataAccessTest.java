package io.ticketflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.store.AuditEntry;
import io.ticketflow.store.AuditLog;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Export and erasure of a customer's data are for admins only, and a refused attempt is audited without the address
 * it named (the path is written as {@code /api/customers/{address}}).
 */
class CustomerDataAccessTest extends SecuredApiTest {

    @Autowired
    AuditLog audit;

    @Test
    void onlyAdminsMayExportOrEraseAndRefusalsDoNotLogTheAddress() {
        String address = "private-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        String agent = token(Role.AGENT);
        String analyst = token(Role.ANALYST);
        String admin = token(Role.ADMIN);
        assertThat(call("DELETE", "/api/customers/" + address, agent).status()).isEqualTo(403);
        assertThat(call("GET", "/api/customers/" + address + "/export", analyst).status()).isEqualTo(403);
        assertThat(call("DELETE", "/api/customers/" + address, null).status()).isEqualTo(401);
        assertThat(call("GET", "/api/customers/" + address + "/export", admin).status()).isEqualTo(404);

        AuditEntry denied = await("the refusal in the audit log", () -> audit.latest(200).stream()
                .filter(e -> "api.denied".equals(e.action()) && "DELETE".equals(e.method())
                        && "/api/customers/{address}".equals(e.path()))
                .findFirst().orElse(null));
        assertThat(denied.toString()).doesNotContain(address);
        assertThat(audit.latest(200)).noneMatch(e -> e.toString().contains(address));
    }
}
