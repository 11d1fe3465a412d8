package io.ticketflow.parse.mime;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds uuencoded files ("begin 644 name" … "end") inside a text body, as old clients still send them. */
public final class Uuencode {

    private static final Pattern BLOCK = Pattern.compile("(?m)^begin [0-7]{3,4} ([^\\r\\n]+)\\r?\\n((?:[^\\r\\n]*\\r?\\n){0,2000000}?)end\\s*$");

    /** One decoded file. */
    public record File(String name, byte[] bytes) {
    }

    /** The text without the encoded blocks (each replaced by "[attachment: name]") and the files found. */
    public record Result(String text, List<File> files) {
    }

    private Uuencode() {
    }

    public static Result extract(String text) {
        if (text.indexOf("begin ") < 0) {
            return new Result(text, List.of());
        }
        Matcher m = BLOCK.matcher(text);
        List<File> files = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            byte[] bytes = decode(m.group(2));
            if (bytes == null) {
                continue;
            }
            String name = m.group(1).strip();
            files.add(new File(name, bytes));
            m.appendReplacement(out, Matcher.quoteReplacement("[attachment: " + name + "]"));
        }
        m.appendTail(out);
        return files.isEmpty() ? new Result(text, List.of()) : new Result(out.toString(), List.copyOf(files));
    }

    /** Decodes the lines of one block; null if they are not uuencode after all. */
    private static byte[] decode(String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : body.split("\\r?\\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int length = (line.charAt(0) - ' ') & 0x3F;
            if (length == 0) {
                continue; // the "`" line before "end"
            }
            if (line.length() < 1 + (length + 2) / 3 * 4 - 1) {
                return null;
            }
            int written = 0;
            for (int i = 1; written < length; i += 4) {
                int c0 = sextet(line, i);
                int c1 = sextet(line, i + 1);
                int c2 = sextet(line, i + 2);
                int c3 = sextet(line, i + 3);
                int[] bytes = { (c0 << 2) | (c1 >> 4), ((c1 & 0xF) << 4) | (c2 >> 2), ((c2 & 0x3) << 6) | c3 };
                for (int b = 0; b < 3 && written < length; b++, written++) {
                    out.write(bytes[b] & 0xFF);
                }
            }
        }
        return out.toByteArray();
    }

    private static int sextet(String line, int i) {
        return i < line.length() ? (line.charAt(i) - ' ') & 0x3F : 0;
    }
}
