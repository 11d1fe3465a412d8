package io.ticketflow.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.RawMessageStore;
import io.ticketflow.store.RawRecord;
import io.ticketflow.store.Versioned;
import io.ticketflow.testing.RealPartsTest;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A bounded-time mutation fuzz of the whole intake (REST, parse, screen, thread, route, store, acknowledge) on real
 * parts: {@code ticketflow.fuzz.pipeline-seconds} (default 15) of mutated mails. Each must be answered with exactly one
 * outcome (created, appended, screened or quarantined; never a 500), the raw record must say the same, and a
 * quarantined message must not also be on a ticket. Failing inputs are kept in {@code target/fuzz-findings/}.
 */
class PipelineFuzzTest extends RealPartsTest {

    private static final Set<String> OUTCOMES = Set.of("created", "appended", "screened", "quarantined");

    @Autowired
    private RawMessageStore raw;

    @Autowired
    private MessageStore messages;

    @Test
    void everyMutatedMailEndsInExactlyOneOutcome() throws Exception {
        for (byte[] input : FuzzInputs.regressions()) {
            check(input);
        }
        List<byte[]> seeds = FuzzInputs.seeds();
        long seed = Long.getLong("ticketflow.fuzz.seed", System.nanoTime());
        MailMutator mutator = new MailMutator(seed);
        Random pick = new Random(seed);
        long until = System.nanoTime()
                + TimeUnit.SECONDS.toNanos(FuzzInputs.seconds("ticketflow.fuzz.pipeline-seconds", 15));
        int runs = 0;
        while (System.nanoTime() < until) {
            check(mutator.mutate(seeds.get(pick.nextInt(seeds.size())), seeds.get(pick.nextInt(seeds.size()))));
            runs++;
        }
        System.out.println("[fuzz] pipeline: " + runs + " mutated mails, seed " + seed);
        assertThat(runs).isPositive();
    }

    private void check(byte[] input) {
        try {
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.parseMediaType("message/rfc822"));
            long started = System.nanoTime();
            ResponseEntity<String> response = http.postForEntity("/api/messages", new HttpEntity<>(input, headers),
                    String.class);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(ms).as("answered within 10 s").isLessThan(10_000);
            if (input.length == 0) {
                // nothing to keep: a clear error, no raw record (found by this fuzz, kept as a regression input)
                assertThat(response.getStatusCode().value()).isEqualTo(400);
                assertThat(response.getBody()).contains("empty_message");
                return;
            }
            assertThat(response.getStatusCode().value()).as(response.getBody()).isIn(200, 201, 413, 422);
            if (response.getStatusCode().value() == 413) {
                return;
            }
            JsonNode outcome = JSON.readTree(response.getBody());
            assertThat(outcome.path("outcome").asText()).as(response.getBody()).isIn(OUTCOMES);
            Versioned<RawRecord> record = raw.find(outcome.path("rawId").asText());
            assertThat(record).isNotNull();
            assertThat(record.value().outcome()).isEqualTo(outcome.path("outcome").asText());
            if ("quarantined".equals(outcome.path("outcome").asText())) {
                assertThat(messages.findAll(List.of(outcome.path("rawId").asText())))
                        .allSatisfy(m -> assertThat(m.ticket()).isNull());
            }
        }
        catch (AssertionError | Exception e) {
            throw new AssertionError("input failed: " + FuzzInputs.keep("pipeline", input), e);
        }
    }
}
