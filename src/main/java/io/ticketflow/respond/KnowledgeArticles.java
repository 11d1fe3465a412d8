package io.ticketflow.respond;

import io.ticketflow.config.ConfigFileException;
import io.ticketflow.config.LocatedYaml;
import io.ticketflow.store.KnowledgeIndex.Article;
import io.ticketflow.vocabulary.RawMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the knowledge-base articles: every {@code *.md} file of the folder is one article, Markdown with a front
 * matter between two {@code ---} lines ({@code title}, {@code language}, {@code queue}, {@code tags}, optional
 * {@code url} and {@code summary}); the file name without {@code .md} is its id. A mistake is reported with file and
 * line, and rejects the whole set: a bad edit never replaces the articles in use.
 */
final class KnowledgeArticles {

    private static final Set<String> FIELDS = Set.of("title", "language", "queue", "tags", "url", "summary");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{3}");
    static final int SUMMARY_CHARS = 300;

    private KnowledgeArticles() {
    }

    /** The folder's files, name order; none when the folder does not exist. */
    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".md") && Files.isRegularFile(f)).sorted().toList();
        }
        catch (IOException e) {
            throw new ConfigFileException(List.of(dir + ": cannot be listed: " + e.getMessage()));
        }
    }

    /** Name, size and modification time of every file: changes when an article is added, edited or deleted. */
    static String fingerprint(Path dir) {
        StringBuilder sb = new StringBuilder();
        for (Path f : files(dir)) {
            try {
                sb.append(f.getFileName()).append(':').append(Files.size(f)).append(':')
                        .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
            }
            catch (IOException e) {
                sb.append(f.getFileName()).append(":unreadable\n");
            }
        }
        return sb.toString();
    }

    /** Every article of the folder; {@link ConfigFileException} listing every problem of every file. */
    static List<Article> read(Path dir) {
        List<Article> articles = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path f : files(dir)) {
            String name = "config/knowledge/" + f.getFileName();
            try {
                Article a = parse(name, f.getFileName().toString().replaceFirst("\\.md$", ""),
                        Files.readString(f, StandardCharsets.UTF_8), problems);
                if (a != null) {
                    articles.add(a);
                }
            }
            catch (IOException e) {
                problems.add(name + ": cannot be read: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigFileException(problems);
        }
        return articles;
    }

    static Article parse(String source, String id, String text, List<String> problems) {
        String normalized = text.replace("\r\n", "\n");
        if (!ID.matcher(id).matches()) {
            problems.add(source + ": file name must be lower-case letters, digits, '.', '-' or '_' (it is the article's id)");
            return null;
        }
        if (!normalized.startsWith("---\n")) {
            problems.add(source + ":1: an article starts with a front matter: a line '---', title, language, queue, tags, "
                    + "and a line '---'");
            return null;
        }
        int end = normalized.indexOf("\n---\n", 3);
        if (end < 0 && normalized.endsWith("\n---")) {
            end = normalized.length() - 4;
        }
        if (end < 0) {
            problems.add(source + ":1: the front matter has no closing '---' line");
            return null;
        }
        // a leading newline keeps YAML's line numbers equal to the file's
        LocatedYaml yaml = LocatedYaml.read(source, "\n" + normalized.substring(4, end + 1));
        Node root = yaml.root();
        if (root == null && yaml.hasProblems()) {
            problems.addAll(yaml.problems());
            return null;
        }
        Map<String, Node> f = yaml.fields(root, "", FIELDS);
        String title = text(yaml, yaml.required(f, "title", root, "", "what the article answers"), "title");
        String language = text(yaml, yaml.required(f, "language", root, "", "ISO 639-3 code: eng, deu, spa ..."),
                "language");
        if (language != null && !LANGUAGE.matcher(language.toLowerCase(Locale.ROOT)).matches()) {
            yaml.problem(f.get("language"), "language", "expected an ISO 639-3 code like eng, deu, spa (got \"" + language + "\")");
        }
        String queue = f.containsKey("queue") ? yaml.text(f.get("queue"), "queue") : null;
        List<String> tags = f.containsKey("tags") ? yaml.lowerStrings(f.get("tags"), "tags") : List.of();
        String url = f.containsKey("url") ? yaml.text(f.get("url"), "url") : null;
        if (url != null && !url.startsWith("https://") && !url.startsWith("http://")) {
            yaml.problem(f.get("url"), "url", "expected an http(s) address");
        }
        String body = normalized.substring(Math.min(normalized.length(), end + 5)).strip();
        if (body.isEmpty()) {
            problems.add(source + ": the article has no text after its front matter");
        }
        String summary = f.containsKey("summary") ? yaml.text(f.get("summary"), "summary") : firstParagraph(body);
        problems.addAll(yaml.problems());
        if (yaml.hasProblems() || body.isEmpty()) {
            return null;
        }
        return new Article(id, title, language.toLowerCase(Locale.ROOT), queue, tags, url, summary, body, source,
                RawMessage.sha256Hex(normalized));
    }

    private static String text(LocatedYaml yaml, Node node, String field) {
        return node == null ? null : yaml.text(node, field);
    }

    /** The body's first paragraph as plain text, shortened: what a mail shows of the article. */
    static String firstParagraph(String body) {
        String p = body.split("\n\\s*\n", 2)[0].replaceAll("(?m)^#+\\s*", "").replaceAll("[*_`]", "")
                .replaceAll("\\s+", " ").strip();
        return p.length() <= SUMMARY_CHARS ? p : p.substring(0, p.lastIndexOf(' ', SUMMARY_CHARS)) + " ...";
    }
}
