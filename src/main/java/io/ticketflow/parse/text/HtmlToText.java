package io.ticketflow.parse.text;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Renders an HTML body as readable text: block structure as line breaks, list items as bullets, links kept as
 * "text &lt;url&gt;", blockquotes as "&gt; " lines (so quoted history is recognised like in plain text), scripts,
 * styles and head dropped. jsoup's parser and traversal are iterative, so deeply nested markup cannot overflow the
 * stack. Cheap enough for every HTML mail: no Tika and no forked process on this path.
 */
public final class HtmlToText {

    // compiled once: they run for every text node and every HTML body
    private static final Pattern HTML_SPACE = Pattern.compile("[ \\t\\r\\n\\f]+");
    private static final Pattern SPACE_BEFORE_BREAK = Pattern.compile("[ \\t]+\\n");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n{3,}");
    private static final Set<String> SKIPPED = Set.of("script", "style", "head", "title", "noscript", "template", "svg",
            "object", "iframe", "xml");
    private static final Set<String> BLOCKS = Set.of("p", "div", "section", "article", "header", "footer", "table",
            "tr", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "address", "form", "fieldset",
            "hr", "center", "body", "html", "main", "nav", "aside", "figure", "blockquote", "li");

    private HtmlToText() {
    }

    public static String render(String html) {
        return render(html, null, Integer.MAX_VALUE);
    }

    /** Renders the text; the Content-IDs of images referenced as {@code cid:} go into {@code cids} when given. */
    public static String render(String html, Set<String> cids, int maxChars) {
        Element body = Jsoup.parse(html).body();
        Renderer renderer = new Renderer(cids, maxChars);
        NodeTraversor.traverse(renderer, body);
        return renderer.text();
    }

    private static final class Renderer implements NodeVisitor {
        private final StringBuilder out = new StringBuilder();
        private final Set<String> cids;
        private final int maxChars;
        private int skipping;
        private int quoteDepth;
        private int preDepth;

        Renderer(Set<String> cids, int maxChars) {
            this.cids = cids;
            this.maxChars = maxChars;
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof Element e) {
                String tag = e.normalName();
                if (SKIPPED.contains(tag)) {
                    skipping++;
                    return;
                }
                if (skipping > 0) {
                    return;
                }
                if (tag.equals("blockquote")) {
                    newline();
                    quoteDepth++;
                }
                else if (tag.equals("br")) {
                    newline();
                }
                else if (tag.equals("pre")) {
                    newline();
                    preDepth++;
                }
                else if (tag.equals("li")) {
                    newline();
                    append("- ");
                }
                else if (tag.equals("img")) {
                    image(e);
                }
                else if (tag.equals("td") || tag.equals("th")) {
                    if (!lastLineBlank()) {
                        append(" ");
                    }
                }
                else if (BLOCKS.contains(tag)) {
                    newline();
                }
            }
            else if (node instanceof TextNode t && skipping == 0) {
                if (preDepth > 0) {
                    append(t.getWholeText());
                    return;
                }
                // HTML whitespace rules: any run of whitespace is one space, none at the start of a line
                String text = HTML_SPACE.matcher(t.getWholeText()).replaceAll(" ");
                if (text.startsWith(" ") && (out.length() == 0 || Character.isWhitespace(out.charAt(out.length() - 1)))) {
                    text = text.substring(1);
                }
                if (!text.isEmpty()) {
                    append(text);
                }
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (!(node instanceof Element e)) {
                return;
            }
            String tag = e.normalName();
            if (SKIPPED.contains(tag)) {
                skipping--;
                return;
            }
            if (skipping > 0) {
                return;
            }
            if (tag.equals("a")) {
                link(e);
            }
            if (tag.equals("blockquote")) {
                newline();
                quoteDepth--;
            }
            else if (tag.equals("pre")) {
                preDepth--;
                newline();
            }
            else if (tag.equals("p") || tag.startsWith("h") && tag.length() == 2 && Character.isDigit(tag.charAt(1))) {
                newline();
                blankLine();
            }
            else if (BLOCKS.contains(tag)) {
                newline();
            }
        }

        /** A link is kept as "text &lt;url&gt;" unless the text already is the url. */
        private void link(Element a) {
            String href = a.attr("href").strip();
            if (href.isEmpty() || href.startsWith("#") || href.toLowerCase(Locale.ROOT).startsWith("javascript:")
                    || href.toLowerCase(Locale.ROOT).startsWith("data:")) {
                return;
            }
            String shown = a.text().strip();
            String bare = href.toLowerCase(Locale.ROOT).startsWith("mailto:") ? href.substring(7) : href;
            if (shown.equals(href) || shown.equals(bare) || shown.isEmpty() && a.select("img").isEmpty()) {
                if (shown.isEmpty()) {
                    append(bare);
                }
                return;
            }
            append(" <" + bare + ">");
        }

        private void image(Element img) {
            String src = img.attr("src").strip();
            if (src.regionMatches(true, 0, "cid:", 0, 4)) {
                if (cids != null) {
                    cids.add(src.substring(4));
                }
            }
            String alt = img.attr("alt").strip();
            if (!alt.isEmpty()) {
                append("[" + alt + "]");
            }
        }

        private void append(String s) {
            if (out.length() >= maxChars) {
                return;
            }
            if (quoteDepth > 0 && (out.length() == 0 || out.charAt(out.length() - 1) == '\n')) {
                out.append("> ".repeat(quoteDepth));
            }
            if (quoteDepth > 0 && s.indexOf('\n') >= 0) {
                s = s.replace("\n", "\n" + "> ".repeat(quoteDepth));
            }
            out.append(s, 0, Math.min(s.length(), maxChars - out.length()));
        }

        private void newline() {
            trimTrailingSpaces();
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
        }

        private void blankLine() {
            if (out.length() > 1 && !(out.charAt(out.length() - 1) == '\n' && out.charAt(out.length() - 2) == '\n')) {
                out.append('\n');
            }
        }

        private boolean lastLineBlank() {
            return out.length() == 0 || out.charAt(out.length() - 1) == '\n';
        }

        private void trimTrailingSpaces() {
            int end = out.length();
            while (end > 0 && out.charAt(end - 1) == ' ') {
                end--;
            }
            out.setLength(end);
        }

        String text() {
            String text = SPACE_BEFORE_BREAK.matcher(out.toString().replace('\u00A0', ' ')).replaceAll("\n");
            return BLANK_LINES.matcher(text).replaceAll("\n\n").strip();
        }
    }
}
