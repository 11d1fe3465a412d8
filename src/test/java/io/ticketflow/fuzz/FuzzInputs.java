package io.ticketflow.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Seeds, committed regression inputs and findings of the fuzz tests. Every input a fuzz run fails on is written to
 * {@code target/fuzz-findings/}; committed into {@code src/test/resources/io/ticketflow/fuzz/regressions/} it is
 * replayed first by every later run.
 */
final class FuzzInputs {

    static final Path REGRESSIONS = Path.of("src/test/resources/io/ticketflow/fuzz/regressions");
    static final Path FINDINGS = Path.of("target/fuzz-findings");

    private FuzzInputs() {
    }

    /** The built-in seeds, plus the MIME corpus where it is (setting ticketflow.corpora), files up to 64 KB. */
    static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>(MailMutator.builtInSeeds());
        Path mime = Path.of(System.getProperty("ticketflow.corpora", "../shared/corpora")).resolve("mime");
        if (!Files.isDirectory(mime)) {
            System.out.println("[fuzz] MIME corpus not found at " + mime.toAbsolutePath()
                    + " (set -Dticketflow.corpora): fuzzing from the built-in seeds only");
            return seeds;
        }
        try (Stream<Path> files = Files.walk(mime)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> p.toFile().length() <= 65_536).sorted().toList()) {
                seeds.add(Files.readAllBytes(p));
            }
        }
        return seeds;
    }

    static List<byte[]> regressions() throws IOException {
        if (!Files.isDirectory(REGRESSIONS)) {
            return List.of();
        }
        List<byte[]> inputs = new ArrayList<>();
        try (Stream<Path> files = Files.list(REGRESSIONS)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                inputs.add(Files.readAllBytes(p));
            }
        }
        return inputs;
    }

    /** Keeps a failing input and says where it is. */
    static String keep(String kind, byte[] input) {
        try {
            Files.createDirectories(FINDINGS);
            String name = kind + "-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input), 0, 8)
                    + ".eml";
            Path file = FINDINGS.resolve(name);
            Files.write(file, input);
            return file + " (commit it to " + REGRESSIONS + " as a regression input)";
        }
        catch (Exception e) {
            return "(could not write the input: " + e + ")";
        }
    }

    static long seconds(String property, long fallback) {
        return Long.parseLong(System.getProperty(property, String.valueOf(fallback)));
    }
}
