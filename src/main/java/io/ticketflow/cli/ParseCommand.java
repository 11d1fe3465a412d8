package io.ticketflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.parse.ParseProperties;
import io.ticketflow.parse.UnparseableMessageException;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ticketflow parse <file|directory>...}: shows how Ticketflow understands mail, without Elasticsearch. One file:
 * the parsed message as JSON (headers, text, new content, quoted history, signature, attachments with extracted text,
 * delivery report, warnings). Several files or directories: one line per file and the figures (rejected, limit
 * warnings, slowest message, heap high-water mark) — the same run the parse report makes over the corpora.
 */
public class ParseCommand implements Command {

    @Override
    public String name() {
        return "parse";
    }

    @Override
    public String usage() {
        return "parse <file.eml|directory>...  show how mail is parsed (JSON for one file; per-file lines and figures"
                + " for many)";
    }

    @Override
    public int run(List<String> args) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            }
            else if (Files.isRegularFile(path)) {
                files.add(path);
            }
            else {
                System.err.println("no such file or directory: " + arg);
                return 2;
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: ticketflow " + usage());
            return 2;
        }
        try (MessageParser parser = new MessageParser(ParseProperties.defaults())) {
            return files.size() == 1 && args.size() == 1 && !Files.isDirectory(Path.of(args.get(0)))
                    ? printJson(parser, files.get(0)) : summarize(parser, files);
        }
    }

    private static int printJson(MessageParser parser, Path file) throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
        try {
            System.out.println(json.writeValueAsString(parser.parse(RawMessage.of(Files.readAllBytes(file), "cli", "parse"))));
            return 0;
        }
        catch (UnparseableMessageException e) {
            System.err.println(file + ": rejected: " + e.getMessage());
            return 1;
        }
    }

    private static int summarize(MessageParser parser, List<Path> files) throws Exception {
        int rejected = 0;
        int warned = 0;
        long slowest = -1;
        Path slowestFile = null;
        for (Path file : files) {
            long started = System.nanoTime();
            String line;
            try {
                ParsedMessage m = parser.parse(RawMessage.of(Files.readAllBytes(file), "cli", "parse"));
                warned += m.warnings().isEmpty() ? 0 : 1;
                line = "ok, " + m.attachments().size() + " attachments, " + m.warnings().size() + " warnings"
                        + (m.warnings().isEmpty() ? "" : ": " + String.join("; ", m.warnings()));
            }
            catch (UnparseableMessageException e) {
                rejected++;
                line = "rejected: " + e.getMessage();
            }
            catch (RuntimeException e) {
                rejected++;
                line = "ERROR (please report): " + e;
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > slowest) {
                slowest = millis;
                slowestFile = file;
            }
            System.out.println(file + " [" + millis + " ms] " + line);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            peak += pool.getType() == MemoryType.HEAP ? pool.getPeakUsage().getUsed() : 0;
        }
        System.out.printf(Locale.ROOT, "%d files: %d parsed (%d with warnings), %d rejected; slowest %s %d ms;"
                + " heap high-water mark %d MB%n", files.size(), files.size() - rejected, warned, rejected, slowestFile,
                slowest, peak >> 20);
        return 0;
    }
}
