package io.ticketflow.source.mail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Figure for docs/ingestion.md: time from SMTP delivery to the message being handled (stored, ticket written,
 * mailbox acknowledged) for a mailbox on IMAP IDLE whose fallback poll is 2 minutes. Prints p50/p95/max; asserts
 * nothing about speed (targets are read from the printout, not enforced by a timed test). Run with
 * {@code ./mvnw -B verify -Dsurefire.excludedGroups=none -Dgroups=slow -Dtest=IdleLatencyBenchmark}.
 */
@Tag("slow")
class IdleLatencyBenchmark extends IngestionTest {

    @Test
    void idleLatency() throws Exception {
        MailboxStatus good = settled("good");
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            settled("good");
            long before = good.processed();
            long sent = System.nanoTime();
            ConfiguredMailboxesTest.send(customer(), "latency " + i);
            await("mail " + i, Duration.ofSeconds(60), () -> good.processed() > before ? true : null);
            latencies.add((System.nanoTime() - sent) / 1_000_000);
        }
        Collections.sort(latencies);
        System.out.printf("IDLE latency over %d mails: p50 %d ms, p95 %d ms, max %d ms%n", latencies.size(),
                latencies.get(latencies.size() / 2), latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1),
                latencies.get(latencies.size() - 1));
    }
}
