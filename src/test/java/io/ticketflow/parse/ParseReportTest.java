package io.ticketflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.RawMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The parse report of issue 4: conformance, trimming, every corpus message (mime/ and SpamAssassin) parsed with its
 * slowest message and the heap high-water mark, and the throughput of the common path. Prints the figures that
 * docs/parsing.md quotes. Run: scripts/fetch-spam-assassin.sh, then
 * {@code ./mvnw verify -Dsurefire.excludedGroups=none -Dgroups=slow -Dtest=ParseReportTest}.
 */
@Tag("slow")
class ParseReportTest {

    @Test
    void printParseReport() throws Exception {
        MessageParser parser = new MessageParser();
        Path shared = Corpora.shared();
        List<String> report = new ArrayList<>();
        Conformance.Score mime4j = Conformance.mime4j(parser);
        Conformance.Score tnef = Conformance.tnef(parser, shared.resolve("mime/mimekit/tnef"));
        Conformance.Score trimming = Conformance.trimming(shared.resolve("reply-trimming/discourse"));
        report.add(mime4j + "  (target 95 %)  misses: " + mime4j.failures());
        report.add(tnef + "  (target 100 %)  notes: " + tnef.failures());
        report.add(trimming + "  (target 90 %)  misses: " + trimming.failures());

        List<Conformance.Run> runs = new ArrayList<>();
        runs.add(Conformance.parseAll(parser, "mime/", Conformance.filesBelow(shared.resolve("mime"),
                p -> !p.toString().contains("/tnef/") && !p.getFileName().toString().endsWith(".list"))));
        Path spam = Corpora.spamAssassin();
        for (String set : List.of("spam-1", "spam-2", "hard-ham-1", "easy-ham-2")) {
            runs.add(Conformance.parseAll(parser, "spam-assassin/" + set,
                    Conformance.filesBelow(spam.resolve(set), p -> p.toString().endsWith(".txt"))));
        }
        runs.forEach(r -> report.add(r.toString()));
        report.add(commonPathThroughput(parser));
        report.add(String.format(Locale.ROOT, "heap high-water mark (all pools, whole run): %d MB of %d MB max",
                peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20));

        System.out.println("==== ticketflow parse report ====");
        report.forEach(System.out::println);
        System.out.println("=================================");

        for (Conformance.Run run : runs) {
            assertThat(run.escaped()).as(run.name()).isEmpty();
            assertThat(run.slowestMillis()).as(run.name()).isLessThan(10_000);
        }
    }

    /** Plain and HTML mail without attachments, parsed repeatedly: the path every message takes. */
    private static String commonPathThroughput(MessageParser parser) {
        byte[] plain = ("From: Jane <jane@example.com>\r\nTo: support@example.com\r\nSubject: Printer\r\n"
                + "Message-ID: <p1@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "The printer on floor 3 is broken again.\r\n\r\nOn Mon, 3 Mar 2025 Support <support@example.com> wrote:\r\n"
                + "> Please restart it.\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] html = ("From: Jane <jane@example.com>\r\nTo: support@example.com\r\nSubject: Printer\r\n"
                + "Message-ID: <h1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n"
                + "--a\r\nContent-Type: text/plain\r\n\r\nThe printer is broken.\r\n--a\r\nContent-Type: text/html\r\n\r\n"
                + "<p>The <b>printer</b> is <a href=\"https://x.example\">broken</a>.</p>\r\n--a--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        RawMessage[] messages = { RawMessage.of(plain, "bench", "bench"), RawMessage.of(html, "bench", "bench") };
        for (int i = 0; i < 2000; i++) {
            parser.parse(messages[i % 2]); // warm-up
        }
        int n = 20_000;
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            parser.parse(messages[i % 2]);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return String.format(Locale.ROOT, "common path (plain + multipart/alternative HTML, no attachments, one thread):"
                + " %.0f messages/s", n / seconds);
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

}
