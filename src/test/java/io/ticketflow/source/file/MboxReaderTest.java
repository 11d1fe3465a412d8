package io.ticketflow.source.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MboxReaderTest {

    @Test
    void splitsOnFromLinesUnquotesAndKeepsBytes() throws Exception {
        String mbox = """
                From alice@example.com Thu Nov 27 10:00:00 2026
                Subject: one

                >From the start, caf\u00e9
                >>From quoted twice

                From bob@example.com Fri Nov 28 11:30:00 2026
                Subject: two

                body two
                """;
        try (MboxReader reader = new MboxReader(new ByteArrayInputStream(mbox.getBytes(StandardCharsets.UTF_8)))) {
            MboxReader.Entry one = reader.next();
            MboxReader.Entry two = reader.next();

            assertThat(new String(one.bytes(), StandardCharsets.UTF_8))
                    .isEqualTo("Subject: one\n\nFrom the start, caf\u00e9\n>From quoted twice\n");
            assertThat(one.separatorDate()).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
            assertThat(new String(two.bytes(), StandardCharsets.UTF_8)).isEqualTo("Subject: two\n\nbody two\n");
            assertThat(two.separatorDate()).isEqualTo(Instant.parse("2026-11-28T11:30:00Z"));
            assertThat(reader.next()).isNull();
        }
    }
}
