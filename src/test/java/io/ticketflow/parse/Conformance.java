package io.ticketflow.parse;

import io.ticketflow.parse.mime.Uuencode;
import io.ticketflow.parse.text.BytesToText;
import io.ticketflow.parse.text.HtmlToText;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The conformance measurements of issue 4, shared by the fast tests and the parse report: mime4j decoded parts,
 * MimeKit TNEF attachment lists, discourse reply trimming, and "every corpus message parses" runs.
 */
final class Conformance {

    private Conformance() {
    }

    /** A measured share with the cases that failed, named. */
    record Score(String name, int passed, int total, List<String> failures) {

        double percent() {
            return total == 0 ? 100.0 : 100.0 * passed / total;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d/%d = %.1f %%", name, passed, total, percent());
        }
    }

    // ---- mime4j: every decoded body part of the expected tree is found in our result ----

    static Score mime4j(MessageParser parser) throws Exception {
        URL readme = Conformance.class.getResource("/mimetools-testmsgs/README.txt");
        URI jar = readme.toURI();
        List<String> failures = new ArrayList<>();
        int passed = 0;
        int total = 0;
        try (FileSystem fs = jar.getScheme().equals("jar") ? FileSystems.newFileSystem(jar, Map.of()) : null) {
            for (String folder : List.of("/mimetools-testmsgs", "/testmsgs")) {
                Path dir = fs != null ? fs.getPath(folder) : Path.of(Conformance.class.getResource(folder).toURI());
                List<Path> messages;
                try (Stream<Path> files = Files.list(dir)) {
                    messages = files.filter(p -> p.toString().endsWith(".msg")).sorted().toList();
                }
                for (Path msg : messages) {
                    String base = msg.getFileName().toString().replaceFirst("\\.msg$", "");
                    Path expected = dir.resolve(base + "_decoded.xml");
                    if (!Files.exists(expected)) {
                        continue;
                    }
                    List<ExpectedPart> parts = expectedParts(expected, dir);
                    ParsedMessage parsed;
                    try {
                        parsed = parser.parseContent(RawMessage.of(Files.readAllBytes(msg), "corpus", "mime4j"));
                    }
                    catch (UnparseableMessageException e) {
                        parsed = null;
                    }
                    ParsedMessage result = parsed;
                    for (List<ExpectedPart> unit : units(parts)) {
                        total++;
                        boolean found = result != null && unit.stream().anyMatch(p -> p.foundIn(result));
                        if (found) {
                            passed++;
                        }
                        else {
                            failures.add(folder.substring(1) + "/" + base + " " + unit.get(0).file
                                    + (result == null ? " (message rejected: no sender)" : ""));
                        }
                    }
                }
            }
        }
        return new Score("mime4j decoded parts", passed, total, failures);
    }

    /** One leaf body of the expected tree: its decoded bytes, content type and whether it is an alternative. */
    private record ExpectedPart(String file, String contentType, String charset, byte[] bytes, boolean binary,
            String alternativeGroup) {

        boolean foundIn(ParsedMessage parsed) {
            if (bytes.length == 0 || new String(bytes, StandardCharsets.ISO_8859_1).isBlank()) {
                return true; // an empty part leaves nothing to find
            }
            String sha = RawMessage.sha256Hex(bytes);
            if (anyAttachment(parsed.attachments(), a -> a.sha256().equals(sha))) {
                return true;
            }
            if (binary && !contentType.startsWith("text/")) {
                return false;
            }
            // we also decode uuencoded files inside text (mime4j leaves them as text): compare without them
            String text = Uuencode.extract(BytesToText.decode(bytes, charset)).text();
            if (contentType.equals("text/html")) {
                text = HtmlToText.render(text);
            }
            String wanted = normalize(text);
            if (wanted.isEmpty()) {
                return true;
            }
            String probe = wanted.length() > 2000 ? wanted.substring(0, 2000) : wanted;
            return normalize(parsed.text()).contains(probe)
                    || anyAttachment(parsed.attachments(), a -> normalize(a.text()).contains(probe)
                            || a.message() != null && normalize(a.message().text()).contains(probe));
        }
    }

    static boolean anyAttachment(List<ParsedMessage.Attachment> attachments,
            java.util.function.Predicate<ParsedMessage.Attachment> test) {
        for (ParsedMessage.Attachment a : attachments) {
            if (test.test(a)) {
                return true;
            }
            if (a.message() != null && anyAttachment(a.message().attachments(), test)) {
                return true;
            }
        }
        return false;
    }

    static String normalize(String text) {
        return text == null ? "" : text.replace('\u00A0', ' ').replaceAll("\\s+", " ").strip();
    }

    /** Alternatives count once: the part is found if any alternative of its group is. */
    private static List<List<ExpectedPart>> units(List<ExpectedPart> parts) {
        List<List<ExpectedPart>> units = new ArrayList<>();
        Map<String, List<ExpectedPart>> groups = new java.util.LinkedHashMap<>();
        for (ExpectedPart p : parts) {
            if (p.alternativeGroup == null) {
                units.add(List.of(p));
            }
            else {
                groups.computeIfAbsent(p.alternativeGroup, k -> {
                    List<ExpectedPart> group = new ArrayList<>();
                    units.add(group);
                    return group;
                }).add(p);
            }
        }
        return units;
    }

    private static List<ExpectedPart> expectedParts(Path xml, Path dir) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element root;
        try (InputStream in = Files.newInputStream(xml)) {
            root = factory.newDocumentBuilder().parse(in).getDocumentElement();
        }
        List<ExpectedPart> parts = new ArrayList<>();
        collect(root, "text/plain", null, null, dir, parts, new int[1]);
        return parts;
    }

    /** Walks message/body-part/multipart elements carrying the Content-Type of the enclosing header. */
    private static void collect(Element element, String type, String charset, String group, Path dir,
            List<ExpectedPart> out, int[] groups) throws IOException {
        String currentType = type;
        String currentCharset = charset;
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element child)) {
                continue;
            }
            switch (child.getTagName()) {
                case "header" -> {
                    String[] ct = contentType(child);
                    if (ct != null) {
                        currentType = ct[0];
                        currentCharset = ct[1];
                    }
                }
                case "multipart" -> {
                    String childGroup = currentType.equals("multipart/alternative") ? "alt" + (++groups[0]) : group;
                    collect(child, "text/plain", null, childGroup, dir, out, groups);
                }
                case "body-part" -> collect(child, "text/plain", null, group, dir, out, groups);
                case "message" -> collect(child, "text/plain", null, null, dir, out, groups);
                case "text-body", "binary-body" -> {
                    String file = child.getAttribute("name");
                    Path path = dir.resolve(file);
                    if (Files.exists(path)) {
                        out.add(new ExpectedPart(file, currentType, currentCharset, Files.readAllBytes(path),
                                child.getTagName().equals("binary-body"), group));
                    }
                }
                default -> {
                }
            }
        }
    }

    private static String[] contentType(Element header) {
        for (Node f = header.getFirstChild(); f != null; f = f.getNextSibling()) {
            String field = f.getTextContent().strip();
            if (field.regionMatches(true, 0, "Content-Type:", 0, 13)) {
                try {
                    jakarta.mail.internet.ContentType ct = new jakarta.mail.internet.ContentType(
                            field.substring(13).replaceAll("\\s+", " ").strip());
                    return new String[] { ct.getBaseType().toLowerCase(Locale.ROOT), ct.getParameter("charset") };
                }
                catch (Exception e) {
                    return new String[] { "application/octet-stream", null };
                }
            }
        }
        return null;
    }

    // ---- MimeKit TNEF: the names unpacked from each winmail.dat equal the expected list ----

    static Score tnef(MessageParser parser, Path tnefDir) throws IOException {
        List<String> failures = new ArrayList<>();
        int strict = 0;
        int passed = 0;
        int total = 0;
        List<Path> lists;
        try (Stream<Path> files = Files.list(tnefDir)) {
            lists = files.filter(p -> p.toString().endsWith(".list")).sorted().toList();
        }
        for (Path list : lists) {
            Path tnef = Path.of(list.toString().replaceFirst("\\.list$", ".tnef"));
            if (!Files.exists(tnef)) {
                continue;
            }
            total++;
            List<String> expected = new ArrayList<>(Files.readAllLines(list, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(s -> !s.isEmpty()).map(Conformance::tnefName).toList());
            ParsedMessage parsed = parser.parse(RawMessage.of(mailWith("winmail.dat", "application/ms-tnef",
                    Files.readAllBytes(tnef)), "corpus", "tnef"));
            List<String> actual = new ArrayList<>(parsed.attachments().stream().filter(a -> "winmail.dat".equals(a.container()))
                    .map(a -> tnefName(a.name() == null ? "Untitled Attachment" : a.name())).toList());
            Collections.sort(expected);
            Collections.sort(actual);
            if (expected.equals(actual)) {
                passed++;
                strict++;
            }
            else if (actual.equals(extractedFiles(Path.of(list.toString().replaceFirst("\\.list$", ""))))) {
                passed++; // the .list and MimeKit's own extracted-files folder disagree; we match the folder
                failures.add(tnef.getFileName() + ": matches the extracted-files folder, not the .list " + expected);
            }
            else {
                failures.add(tnef.getFileName() + ": expected " + expected + ", got " + actual);
            }
        }
        return new Score("TNEF attachment lists (" + strict + " equal to the .list)", passed, total, failures);
    }

    /** The names in MimeKit's expected-files folder ({@code message.rtf} is its name for the body). */
    private static List<String> extractedFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString().replaceFirst("^message\\.(rtf|html)$", "body.$1")
                    .replaceFirst("\\.\\d+$", "")).map(Conformance::tnefName).sorted().toList();
        }
    }

    /** MimeKit writes "Untitled_Attachment" or "Untitled Attachment" for unnamed files; names compare case-blind. */
    private static String tnefName(String name) {
        return name.replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    static byte[] mailWith(String fileName, String type, byte[] bytes) {
        String mail = "From: corpus@example.com\r\nMessage-ID: <corpus@example.com>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=corpusboundary\r\n\r\n--corpusboundary\r\n"
                + "Content-Type: text/plain\r\n\r\nsee attachment\r\n--corpusboundary\r\nContent-Type: " + type
                + "\r\nContent-Disposition: attachment; filename=" + fileName + "\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(bytes) + "\r\n--corpusboundary--\r\n";
        return mail.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- discourse reply trimming: our new content equals trimmed/ ----

    static Score trimming(Path discourse) throws IOException {
        List<String> failures = new ArrayList<>();
        int passed = 0;
        int total = 0;
        List<Path> emails;
        try (Stream<Path> files = Files.list(discourse.resolve("emails"))) {
            emails = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        for (Path email : emails) {
            Path trimmed = discourse.resolve("trimmed").resolve(email.getFileName());
            if (!Files.exists(trimmed)) {
                continue;
            }
            total++;
            String ours = ReplySplitter.split(Files.readString(email, StandardCharsets.UTF_8)).newContent();
            String expected = Files.readString(trimmed, StandardCharsets.UTF_8).replace("\r\n", "\n").strip();
            if (ours.strip().equals(expected)) {
                passed++;
            }
            else {
                failures.add(email.getFileName().toString());
            }
        }
        return new Score("discourse reply trimming", passed, total, failures);
    }

    // ---- every message parses: result or recorded warning, no exception, time and heap measured ----

    /** Parse outcome figures for a set of files. */
    record Run(String name, int files, int parsed, int rejected, int unparseable, int withLimitWarning, List<String> escaped,
            String slowestFile, long slowestMillis, long maxHeapBytes, List<String> rejectedFiles) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d files, %d parsed (%d with a limit warning; %d without a sender,"
                    + " which the pipeline quarantines), %d not parseable, %d exceptions escaped; slowest %s %d ms; max heap used %d MB", name, files, parsed,
                    withLimitWarning, rejected, unparseable, escaped.size(), slowestFile, slowestMillis, maxHeapBytes >> 20);
        }
    }

    static Run parseAll(MessageParser parser, String name, List<Path> files) throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        int parsed = 0;
        int rejected = 0;
        int unparseable = 0;
        int limited = 0;
        List<String> escaped = new ArrayList<>();
        List<String> rejectedFiles = new ArrayList<>();
        String slowest = null;
        long slowestMillis = -1;
        long maxHeap = 0;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            long started = System.nanoTime();
            try {
                ParsedMessage message = parser.parseContent(RawMessage.of(bytes, "corpus", name));
                parsed++;
                if (message.from() == MessageParser.UNKNOWN_SENDER) {
                    rejected++; // parsed, but the pipeline would quarantine it: nobody to answer
                    rejectedFiles.add(file.toString());
                }
                if (message.warnings().stream().anyMatch(w -> w.contains("larger than") || w.contains("more than")
                        || w.contains("deeper than") || w.contains("longer than") || w.contains("cut at")
                        || w.contains("time limit"))) {
                    limited++;
                }
            }
            catch (UnparseableMessageException e) {
                unparseable++;
                rejectedFiles.add(file + ": " + e.getMessage());
            }
            catch (RuntimeException | Error e) {
                escaped.add(file + ": " + e);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis > slowestMillis) {
                slowestMillis = millis;
                slowest = file.toString();
            }
            maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
        }
        return new Run(name, files.size(), parsed, rejected, unparseable, limited, escaped, slowest, slowestMillis, maxHeap, rejectedFiles);
    }

    /** Every regular file below the directory (the corpora's messages, whatever their extension). */
    static List<Path> filesBelow(Path dir, java.util.function.Predicate<Path> filter) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(filter).sorted().toList();
        }
    }
}
