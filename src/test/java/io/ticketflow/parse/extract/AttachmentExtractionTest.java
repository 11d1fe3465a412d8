package io.ticketflow.parse.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.parse.ParseProperties;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attachment text through the worker processes: real documents, hostile documents and a parser that never returns. */
class AttachmentExtractionTest {

    private static ForkedExtraction spinning;
    private static ForkedExtraction normal;

    @BeforeAll
    static void start() {
        ParseProperties defaults = ParseProperties.defaults();
        List<String> options = new ArrayList<>(defaults.workerJvmOptions());
        options.add("-D" + AttachmentExtractor.EXTRA_PARSER_PROPERTY + "=" + SpinningParser.class.getName());
        spinning = new ForkedExtraction(new WorkerPoolSettings(1, Duration.ofSeconds(4), options));
        normal = new ForkedExtraction(new WorkerPoolSettings(1, Duration.ofSeconds(30), defaults.workerJvmOptions()));
    }

    @AfterAll
    static void stop() {
        spinning.close();
        normal.close();
    }

    @Test
    void shouldKillAParserThatNeverReturnsAndKeepServing() throws Exception {
        long started = System.nanoTime();
        TextExtraction.Result result = spinning.extract(new TextExtraction.Request("loop.pdf", "application/pdf",
                "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII), 10_000));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(result.problem()).contains("time limit of 4 s exceeded");
        assertThat(millis).isLessThan(15_000);
        // the spinning process is really gone, not just abandoned
        long deadline = System.currentTimeMillis() + 10_000;
        while (spinningWorkers() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(spinningWorkers()).isZero();
        // a fresh worker takes the next request
        TextExtraction.Result next = spinning.extract(new TextExtraction.Request("notes.xml", "application/xml",
                "<notes><n>printer on floor 3</n></notes>".getBytes(StandardCharsets.UTF_8), 10_000));
        assertThat(next.problem()).isNull();
        assertThat(next.text()).contains("printer on floor 3");
    }

    private static long spinningWorkers() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(SpinningParser.class.getName()))
                .count();
    }

    @Test
    void shouldExtractPdfText() throws Exception {
        TextExtraction.Result result = normal.extract(new TextExtraction.Request("invoice.pdf", "application/octet-stream",
                TestPdf.of("Invoice 4711 is overdue"), 10_000));

        assertThat(result.problem()).isNull();
        assertThat(result.detectedType()).isEqualTo("application/pdf");
        assertThat(result.text()).contains("Invoice 4711 is overdue");
    }

    @Test
    void shouldNotResolveExternalEntities() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <r>before &secret; after</r>
                """;
        TextExtraction.Result result = normal.extract(new TextExtraction.Request("evil.xml", "application/xml",
                xxe.getBytes(StandardCharsets.UTF_8), 10_000));

        assertThat(result.text()).doesNotContain("root:");
    }

    @Test
    void shouldSurviveAZipBombWithinLimits() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (int f = 0; f < 1; f++) {
                out.putNextEntry(new ZipEntry("zeros" + f + ".txt"));
                byte[] block = new byte[1 << 20];
                java.util.Arrays.fill(block, (byte) 'A');
                for (int i = 0; i < 100; i++) {
                    out.write(block); // 100 MB of text, about 100 KB compressed
                }
                out.closeEntry();
            }
        }
        long started = System.nanoTime();
        TextExtraction.Result result = normal.extract(new TextExtraction.Request("bomb.zip", "application/zip",
                zip.toByteArray(), 10_000));

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(30_000);
        assertThat(result.text().length()).isLessThanOrEqualTo(10_000);
        assertThat(result.problem()).isNotNull(); // zip bomb detected or write limit reached, recorded either way
    }

    @Test
    void shouldSurviveDeeplyNestedArchives() throws Exception {
        byte[] inner = "deepest text".getBytes(StandardCharsets.UTF_8);
        String name = "deep.txt";
        for (int level = 0; level < 60; level++) {
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(zip)) {
                out.putNextEntry(new ZipEntry(name));
                out.write(inner);
                out.closeEntry();
            }
            inner = zip.toByteArray();
            name = "level" + level + ".zip";
        }
        TextExtraction.Result result = normal.extract(new TextExtraction.Request("nested.zip", "application/zip", inner,
                10_000));

        assertThat(result).isNotNull(); // answered in time by the worker, whatever Tika's own depth limits decided
        assertThat(result.problem() == null || result.problem().startsWith("text not extracted")).isTrue();
    }
}
