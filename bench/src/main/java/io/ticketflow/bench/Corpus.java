package io.ticketflow.bench;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A set of mails on disk: a folder of {@code .eml} files (read in name order) or an mbox file, plus, for generated
 * mail, {@code manifest.tsv} saying which mail replies to which (the answer key of the threading check). Any folder
 * of .eml files works as input; without a manifest only presence is checked.
 */
public final class Corpus {

    static final String MANIFEST = "manifest.tsv";
    private static final String MANIFEST_HEADER = "file\tmessageId\tparentId\trootId\tkind\tlanguage\tfrom\tattachment\tbytes";

    /** One mail to deliver: its bytes, its Message-ID, and (when known) the Message-ID of its thread's first mail. */
    public record Entry(String name, byte[] bytes, String messageId, String parentId, String rootId, String kind) {
    }

    private Corpus() {
    }

    // --- writing ------------------------------------------------------------------------------------------------

    /** Writes the mails as numbered .eml files with a manifest, and optionally also as one mbox file. */
    public static void write(List<MailGenerator.Mail> mails, Path folder, Path mbox) throws IOException {
        Files.createDirectories(folder);
        try (BufferedWriter manifest = Files.newBufferedWriter(folder.resolve(MANIFEST));
                OutputStream mboxOut = mbox == null ? OutputStream.nullOutputStream() : Files.newOutputStream(mbox)) {
            manifest.write(MANIFEST_HEADER + "\n");
            for (MailGenerator.Mail mail : mails) {
                Files.write(folder.resolve(mail.fileName()), mail.bytes());
                manifest.write(String.join("\t", mail.fileName(), mail.messageId(), nullToDash(mail.parentId()),
                        mail.rootId(), mail.kind(), mail.language(), mail.from(), nullToDash(mail.attachment()),
                        Integer.toString(mail.bytes().length)) + "\n");
                if (mbox != null) {
                    writeMboxEntry(mboxOut, mail.from(), mail.bytes());
                }
            }
        }
    }

    /** mboxrd: a "From " separator line, lines starting with (>*)From quoted with one more '>', LF line ends. */
    static void writeMboxEntry(OutputStream out, String sender, byte[] bytes) throws IOException {
        out.write(("From " + sender + " Mon Jan  5 08:00:00 2026\n").getBytes(StandardCharsets.US_ASCII));
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        for (String line : text.split("\n", -1)) {
            if (line.replaceFirst("^>*", "").startsWith("From ")) {
                out.write('>');
            }
            out.write(line.getBytes(StandardCharsets.ISO_8859_1));
            out.write('\n');
        }
    }

    // --- reading ------------------------------------------------------------------------------------------------

    /** Reads a folder of .eml files (with its manifest when present) or an mbox file. */
    public static List<Entry> read(Path path) throws IOException {
        List<Entry> entries = Files.isDirectory(path) ? readFolder(path) : readMbox(path);
        if (entries.isEmpty()) {
            throw new IOException("no mail found in " + path + " (expected .eml files or an mbox file)");
        }
        return entries;
    }

    private static List<Entry> readFolder(Path folder) throws IOException {
        Map<String, String[]> manifest = new HashMap<>();
        Path manifestFile = folder.resolve(MANIFEST);
        if (Files.exists(manifestFile)) {
            for (String line : Files.readAllLines(manifestFile)) {
                String[] f = line.split("\t");
                if (!line.equals(MANIFEST_HEADER) && f.length >= 5) {
                    manifest.put(f[0], f);
                }
            }
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".eml")).sorted()
                    .toList();
        }
        List<Entry> entries = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            String[] m = manifest.get(name);
            entries.add(m != null ? new Entry(name, bytes, m[1], dashToNull(m[2]), m[3], m[4])
                    : new Entry(name, bytes, messageIdOf(bytes), null, null, null));
        }
        return entries;
    }

    private static List<Entry> readMbox(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        ByteArrayOutputStream current = null;
        for (String line : new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\n", -1)) {
            if (line.startsWith("From ")) {
                addMboxEntry(entries, current);
                current = new ByteArrayOutputStream();
                continue;
            }
            if (current != null) {
                String unquoted = line.matches("^>+From .*") ? line.substring(1) : line;
                current.writeBytes((unquoted + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        addMboxEntry(entries, current);
        return entries;
    }

    private static void addMboxEntry(List<Entry> entries, ByteArrayOutputStream current) {
        if (current == null) {
            return;
        }
        byte[] bytes = current.toByteArray();
        // the blank line before the next separator belongs to the format, not to the message
        int end = bytes.length;
        while (end >= 4 && bytes[end - 4] == '\r' && bytes[end - 3] == '\n' && bytes[end - 2] == '\r'
                && bytes[end - 1] == '\n') {
            end -= 2;
        }
        byte[] trimmed = java.util.Arrays.copyOf(bytes, end);
        entries.add(new Entry("mbox#" + (entries.size() + 1), trimmed, messageIdOf(trimmed), null, null, null));
    }

    /** The Message-ID header value without angle brackets, or null; enough of RFC 5322 for this purpose. */
    static String messageIdOf(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 64 * 1024), StandardCharsets.ISO_8859_1);
        int headerEnd = text.indexOf("\r\n\r\n");
        String headers = (headerEnd < 0 ? text : text.substring(0, headerEnd)).replaceAll("\r?\n[ \t]+", " ");
        for (String line : headers.split("\r?\n")) {
            if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                String value = line.substring(11).strip();
                return value.startsWith("<") && value.endsWith(">") ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static String nullToDash(String s) {
        return s == null ? "-" : s;
    }

    private static String dashToNull(String s) {
        return "-".equals(s) ? null : s;
    }
}
