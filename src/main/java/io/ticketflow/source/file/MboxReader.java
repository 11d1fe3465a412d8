package io.ticketflow.source.file;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Splits an mbox file into messages, one at a time (a migration export can be gigabytes). Messages start at a line
 * beginning with {@code "From "}; {@code ">From "} quoting is undone (mboxrd, which also reads mboxo correctly except
 * for the rare body line that really began with ">From "). Bytes are kept exactly as stored: no charset decoding.
 */
public final class MboxReader implements AutoCloseable {

    private static final byte[] FROM = "From ".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy", Locale.ROOT);

    private final InputStream in;
    private byte[] pendingSeparator;
    private boolean started;

    public MboxReader(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** One message of the file, with the date of its "From " separator line when it has one. */
    public record Entry(byte[] bytes, Instant separatorDate) {
    }

    /** The next message, or null at the end of the file. */
    public Entry next() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream(8192);
        byte[] separator = pendingSeparator;
        pendingSeparator = null;
        byte[] line;
        while ((line = readLine()) != null) {
            if (startsWith(line, FROM, 0)) {
                if (!started || (separator == null && message.size() == 0)) {
                    started = true;
                    separator = line;
                    continue;
                }
                pendingSeparator = line;
                return entry(message, separator);
            }
            started = true;
            message.write(unquoted(line));
        }
        return message.size() == 0 && separator == null ? null : entry(message, separator);
    }

    private static Entry entry(ByteArrayOutputStream message, byte[] separator) {
        byte[] bytes = message.toByteArray();
        // the blank line before the next separator belongs to the mbox format, not to the message
        int end = bytes.length;
        if (end >= 2 && bytes[end - 1] == '\n' && bytes[end - 2] == '\n') {
            end--;
        }
        else if (end >= 3 && bytes[end - 1] == '\n' && bytes[end - 2] == '\r' && bytes[end - 3] == '\n') {
            end -= 2;
        }
        return new Entry(java.util.Arrays.copyOf(bytes, end), dateOf(separator));
    }

    /** ">From ", ">>From " ... lose one '>' (mboxrd). */
    private static byte[] unquoted(byte[] line) {
        int i = 0;
        while (i < line.length && line[i] == '>') {
            i++;
        }
        if (i > 0 && startsWith(line, FROM, i)) {
            return java.util.Arrays.copyOfRange(line, 1, line.length);
        }
        return line;
    }

    /** "From sender@example.com Thu Nov 27 10:00:00 2026" → the date, or null. */
    static Instant dateOf(byte[] separator) {
        if (separator == null) {
            return null;
        }
        String line = new String(separator, StandardCharsets.US_ASCII).strip();
        String[] parts = line.split("\\s+");
        if (parts.length < 7) {
            return null;
        }
        // the weekday is left out: exporters get it wrong, and the date is what counts
        String asctime = String.join(" ", java.util.Arrays.copyOfRange(parts, parts.length - 4, parts.length));
        try {
            return LocalDateTime.parse(asctime, ASCTIME).toInstant(ZoneOffset.UTC);
        }
        catch (DateTimeParseException e) {
            return null;
        }
    }

    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private static boolean startsWith(byte[] line, byte[] prefix, int offset) {
        if (line.length - offset < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
