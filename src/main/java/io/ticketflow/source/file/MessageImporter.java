package io.ticketflow.source.file;

import io.ticketflow.intake.DeliveryKey;
import io.ticketflow.intake.Intake;
import io.ticketflow.intake.IntakeSummary;
import io.ticketflow.intake.IntakeWorkers;
import io.ticketflow.intake.OrderedBatch;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MailDateFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * {@code ticketflow import PATH}: an mbox file or a folder of {@code .eml} files (a migration from another helpdesk,
 * a bulk test) through the same {@code direct:intake} as polled mail. Imported messages get no acknowledgement (their
 * senders wrote long ago). Importing the same file again is harmless: every message comes back as a duplicate.
 */
@Component
public class MessageImporter {

    public static final String SOURCE = "import";
    /** Messages on the intake workers at once; bounds memory however large the mbox. */
    private static final int WINDOW = 200;

    private final Intake intake;
    private final IntakeWorkers workers;

    public MessageImporter(Intake intake, IntakeWorkers workers) {
        this.intake = intake;
        this.workers = workers;
    }

    /** The number of messages in the path, for the progress bar (a quick scan, no parsing). */
    public long count(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return emlFiles(path).size();
        }
        long count = 0;
        boolean lineStart = true;
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            byte[] from = "From ".getBytes(StandardCharsets.US_ASCII);
            int matched = -1;
            int b;
            while ((b = in.read()) != -1) {
                if (lineStart) {
                    matched = 0;
                }
                if (matched >= 0) {
                    matched = b == from[matched] ? matched + 1 : -1;
                    if (matched == from.length) {
                        count++;
                        matched = -1;
                    }
                }
                lineStart = b == '\n';
            }
        }
        return Math.max(count, Files.size(path) > 0 ? 1 : 0);
    }

    /**
     * Imports every message; {@code progress} gets the number done so far. Stops with the exception when the store is
     * unavailable (run the import again: what was imported is recognised).
     */
    public IntakeSummary importPath(Path path, LongConsumer progress) throws IOException {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("no such file or folder: " + path);
        }
        IntakeSummary summary = new IntakeSummary();
        String origin = SOURCE + ":" + path.getFileName();
        Window window = new Window(summary, progress);
        if (Files.isDirectory(path)) {
            for (Path eml : emlFiles(path)) {
                window.add(raw(Files.readAllBytes(eml), origin, null));
            }
        }
        else {
            try (MboxReader reader = new MboxReader(Files.newInputStream(path))) {
                MboxReader.Entry entry;
                while ((entry = reader.next()) != null) {
                    window.add(raw(entry.bytes(), origin, entry.separatorDate()));
                }
            }
        }
        window.drain();
        return summary;
    }

    private static RawMessage raw(byte[] bytes, String origin, Instant separatorDate) {
        Instant receivedAt = separatorDate != null ? separatorDate : dateHeader(bytes);
        return new RawMessage(bytes, SOURCE, origin, null, null, receivedAt == null ? Instant.now() : receivedAt);
    }

    /**
     * The messages run side by side on the intake workers like one long poll (one conversation in file order), at
     * most {@link #WINDOW} of them read and not yet counted, so memory stays bounded however large the file; as soon
     * as the oldest is done the next is read (no pause at window ends). Counted in file order. A failure (the store
     * down) stops the import after the messages already handed over finished.
     */
    private final class Window {

        private final IntakeSummary summary;
        private final LongConsumer progress;
        private final OrderedBatch<ProcessingOutcome> batch = workers.batch();
        private long done;

        Window(IntakeSummary summary, LongConsumer progress) {
            this.summary = summary;
            this.progress = progress;
        }

        void add(RawMessage raw) {
            intake.submit(batch, raw, () -> { }, kept -> intake.process(raw, kept));
            batch.takeWhileMoreThan(WINDOW - 1, this::counted);
        }

        void drain() {
            batch.takeWhileMoreThan(0, this::counted);
        }

        private void counted(ProcessingOutcome outcome) {
            summary.count(outcome);
            progress.accept(++done);
        }
    }

    private static Instant dateHeader(byte[] bytes) {
        int end = DeliveryKey.bodyStart(bytes);
        try {
            InternetHeaders headers = new InternetHeaders(new ByteArrayInputStream(bytes, 0, end < 0 ? bytes.length : end));
            String date = headers.getHeader("Date", null);
            return date == null ? null : new MailDateFormat().parse(date.strip()).toInstant();
        }
        catch (Exception e) {
            return null;
        }
    }

    private static List<Path> emlFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".eml"))
                    .sorted().toList();
        }
    }
}
