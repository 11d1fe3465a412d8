package io.ticketflow.classify;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled examples as CSV {@code text,label} (RFC 4180 quoting; a header line {@code text,label} or
 * {@code text,category} is skipped; lines starting with {@code #} are comments). Bad lines are reported with their
 * line number, never skipped silently. Also JSON of the form {@code {"split": [[text, label], ...], ...}} (the CLINC150
 * layout): {@code file.json:train} reads one split, {@code file.json:val+oos_val} several.
 */
public final class TrainingData {

    private TrainingData() {
    }

    /** A file name, with an optional {@code :split+split} selector for JSON files. */
    public static List<LabelledText> read(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon > 1 && spec.substring(0, colon).endsWith(".json")) {
            return readJson(Path.of(spec.substring(0, colon)), List.of(spec.substring(colon + 1).split("\\+")));
        }
        return read(Path.of(spec));
    }

    public static List<LabelledText> read(Path file) {
        if (file.toString().endsWith(".json")) {
            return readJson(file, List.of());
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(in, file.toString());
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The given splits (all when empty) of a JSON file {@code {"split": [[text, label], ...]}}. */
    static List<LabelledText> readJson(Path file, List<String> splits) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
            List<String> wanted = new ArrayList<>(splits);
            if (wanted.isEmpty()) {
                root.fieldNames().forEachRemaining(wanted::add);
            }
            List<LabelledText> out = new ArrayList<>();
            for (String split : wanted) {
                com.fasterxml.jackson.databind.JsonNode items = root.get(split);
                if (items == null || !items.isArray()) {
                    throw new IllegalArgumentException(file + ": no split '" + split + "' (a list of [text, label])");
                }
                for (int i = 0; i < items.size(); i++) {
                    com.fasterxml.jackson.databind.JsonNode item = items.get(i);
                    if (!item.isArray() || item.size() != 2) {
                        throw new IllegalArgumentException(file + ": " + split + "[" + i + "] is not [text, label]");
                    }
                    out.add(new LabelledText(item.get(0).asText(), item.get(1).asText()));
                }
            }
            return out;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<LabelledText> parse(Reader in, String name) throws IOException {
        List<LabelledText> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, atLineStart = true, comment = false;
        int line = 1, recordLine = 1;
        int c;
        while ((c = in.read()) != -1) {
            char ch = (char) c;
            if (atLineStart && !quoted && ch == '#') {
                comment = true;
            }
            atLineStart = false;
            if (comment) {
                if (ch == '\n') {
                    comment = false;
                    atLineStart = true;
                    line++;
                    recordLine = line;
                }
                continue;
            }
            if (quoted) {
                if (ch == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                        continue;
                    }
                    quoted = false;
                    if (next == -1) {
                        break;
                    }
                    ch = (char) next;
                }
                else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                    continue;
                }
            }
            if (ch == '"' && field.isEmpty()) {
                quoted = true;
            }
            else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            }
            else if (ch == '\n') {
                fields.add(field.toString());
                field.setLength(0);
                add(out, fields, name, recordLine);
                fields.clear();
                line++;
                recordLine = line;
                atLineStart = true;
            }
            else if (ch != '\r') {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(name + ":" + recordLine + ": unterminated quoted field");
        }
        if (!field.isEmpty() || !fields.isEmpty()) {
            fields.add(field.toString());
            add(out, fields, name, recordLine);
        }
        return out;
    }

    private static void add(List<LabelledText> out, List<String> fields, String name, int line) {
        if (fields.size() == 1 && fields.get(0).isBlank()) {
            return;
        }
        if (fields.size() < 2) {
            throw new IllegalArgumentException(name + ":" + line + ": expected text,label but found one field");
        }
        // a text may contain unquoted commas: the label is the last field
        String label = fields.get(fields.size() - 1).strip();
        String text = String.join(",", fields.subList(0, fields.size() - 1)).strip();
        if (out.isEmpty() && text.equalsIgnoreCase("text")) {
            return;
        }
        if (label.isEmpty() || text.isEmpty()) {
            throw new IllegalArgumentException(name + ":" + line + ": empty " + (label.isEmpty() ? "label" : "text"));
        }
        out.add(new LabelledText(text, label));
    }

    public static void write(Path file, List<LabelledText> examples) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("text,label\n");
            for (LabelledText e : examples) {
                out.write(quote(e.text()) + "," + quote(e.label()) + "\n");
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.startsWith("#")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
