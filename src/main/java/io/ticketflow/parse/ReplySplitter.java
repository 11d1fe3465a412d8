package io.ticketflow.parse;

import io.ticketflow.config.RequiredLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a body into what the sender wrote now, the quoted history and the signature. The full text is always kept
 * elsewhere; this only tells the parts apart.
 * <p>
 * Every line is classified (empty, delimiter, signature, attribution, header, quote, text); then the history starts at
 * the first attribution ("On … wrote:", "-----Original Message-----", "Begin forwarded message:") or the first block
 * of three mail-header lines (Outlook's "From:/Sent:/To:/Subject:") that follows written text — unless the quote after
 * it is answered inline, in which case nothing is history. A "-- " line starts the signature; "Sent from my iPhone"
 * style lines are signature too. Trailing quotes after written text are history.
 * Languages: English, German, French, Spanish, Dutch (plus Italian, Portuguese, Scandinavian, Polish, Russian
 * and Chinese attributions seen in real mail). The attribution, quoted-header and device-signature patterns are data
 * ({@link ReplyPatterns}: shipped in the jar, replaceable by an admin file); they are anchored and bounded, lines of
 * 1000 characters or more are never matched, and the loader refuses nested repetition, so no line can make them
 * backtrack for long.
 */
final class ReplySplitter {

    /** The three parts; newContent is empty only when the text is. */
    record Split(String newContent, String quotedHistory, String signature) {
    }

    private enum Kind {
        EMPTY, DELIMITER, SIGNATURE_START, SIGNATURE, ATTRIBUTION, HEADER, QUOTE, TEXT
    }

    private static final Pattern DELIMITER = Pattern.compile("^[ \\t]*[-_,=+~#*ᐧ—]+[ \\t]*$");
    private static final Pattern SIGNATURE_SEPARATOR = Pattern.compile("^-- ?$");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[([^\\]]{1,200})\\]\\([^)]{1,500}\\)");
    /** What a wrapped attribution's continuation line starts with (quote marks, spaces): dropped before joining. */
    private static final Pattern CONTINUATION_LEAD = Pattern.compile("^[\\s>-]+");

    /**
     * The patterns in use. Static because the parser calls the splitter statically; set once at start by
     * {@link ReplyPatternsInstaller} when an admin file is configured, read by every intake worker.
     */
    private static volatile ReplyPatterns active = ReplyPatterns.shipped();

    private ReplySplitter() {
    }

    /** Makes {@code patterns} the ones every later split uses. */
    static void use(ReplyPatterns patterns) {
        active = patterns;
    }

    static ReplyPatterns active() {
        return active;
    }

    static String newContent(String text) {
        return split(text).newContent();
    }

    static Split split(String text) {
        return split(text, active);
    }

    static Split split(String text, ReplyPatterns patterns) {
        if (text == null || text.isBlank()) {
            return new Split("", "", "");
        }
        // no-break spaces (French typography: "a écrit :") count as spaces for the patterns
        List<String> lines = List.of(text.replace("\r\n", "\n").replace('\r', '\n').replace('\u00A0', ' ')
                .replace('\u202F', ' ').split("\n", -1));
        Kind[] kinds = classify(lines, patterns);
        int cut = historyStart(kinds);
        int start = bottomPostStart(kinds);
        List<String> kept = new ArrayList<>();
        List<Kind> keptKinds = new ArrayList<>();
        StringBuilder signature = new StringBuilder();
        boolean inSignature = false;
        StringBuilder history = new StringBuilder();
        for (int i = 0; i < start; i++) {
            history.append(lines.get(i)).append('\n');
        }
        for (int i = start; i < cut; i++) {
            Kind kind = kinds[i];
            if (kind == Kind.SIGNATURE_START && kept.stream().anyMatch(l -> !l.isBlank())) {
                inSignature = true;
            }
            if (inSignature || kind == Kind.SIGNATURE) {
                signature.append(lines.get(i)).append('\n');
                continue;
            }
            if (kind == Kind.DELIMITER || kind == Kind.SIGNATURE_START || kind == Kind.ATTRIBUTION || kind == Kind.HEADER) {
                continue; // separators and stray markers are no content
            }
            kept.add(lines.get(i));
            keptKinds.add(kind);
        }
        if (keptKinds.contains(Kind.TEXT)) {
            // trailing quotes after written text are history
            int end = kept.size();
            while (end > 0 && (keptKinds.get(end - 1) == Kind.QUOTE || keptKinds.get(end - 1) == Kind.EMPTY)) {
                end--;
            }
            for (int i = end; i < kept.size(); i++) {
                history.append(kept.get(i)).append('\n');
            }
            kept = kept.subList(0, end);
        }
        for (int i = cut; i < lines.size(); i++) {
            history.append(lines.get(i)).append('\n');
        }
        return new Split(String.join("\n", kept).strip(), history.toString().strip(), signature.toString().strip());
    }

    private static Kind[] classify(List<String> lines, ReplyPatterns patterns) {
        Kind[] kinds = new Kind[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            kinds[i] = kind(lines.get(i), patterns);
        }
        // attributions wrapped over up to three lines ("On Mon, … Jeff <info@…>\nwrote:")
        for (int i = 0; i < lines.size(); i++) {
            String first = lines.get(i).strip();
            if (kinds[i] != Kind.TEXT && kinds[i] != Kind.QUOTE || first.endsWith("!") || first.endsWith("?")
                    || first.endsWith(":") && !patterns.wrappedAttributionStart().find(new RequiredLiteral.Text(first))) {
                continue;
            }
            StringBuilder joined = new StringBuilder(lines.get(i));
            for (int j = i + 1; j < Math.min(lines.size(), i + 3); j++) {
                if (lines.get(j).isBlank()) {
                    break;
                }
                joined.append(' ').append(CONTINUATION_LEAD.matcher(lines.get(j)).replaceFirst(""));
                if (joined.length() < 600 && isAttribution(new RequiredLiteral.Text(joined.toString()), patterns)) {
                    for (int k = i; k <= j; k++) {
                        kinds[k] = Kind.ATTRIBUTION;
                    }
                    break;
                }
            }
        }
        // Outlook header blocks with wrapped values: From:/Sent:/…/Subject: with other lines in between
        int firstHeader = -1;
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == Kind.HEADER) {
                if (firstHeader >= 0 && i - firstHeader <= 8) {
                    for (int k = firstHeader; k < i; k++) {
                        if (kinds[k] == Kind.TEXT || kinds[k] == Kind.EMPTY) {
                            kinds[k] = Kind.HEADER;
                        }
                    }
                }
                firstHeader = i;
            }
            else if (kinds[i] == Kind.EMPTY && firstHeader >= 0 && i > 0 && kinds[i - 1] == Kind.EMPTY) {
                firstHeader = -1;
            }
        }
        return kinds;
    }

    private static Kind kind(String line, ReplyPatterns patterns) {
        if (line.isBlank()) {
            return Kind.EMPTY;
        }
        if (SIGNATURE_SEPARATOR.matcher(line).matches()) {
            return Kind.SIGNATURE_START;
        }
        if (DELIMITER.matcher(line).matches()) {
            return Kind.DELIMITER;
        }
        if (line.length() < 1000) {
            // a markdown link needs "](": most lines have none and are their own unlinked form
            RequiredLiteral.Text whole = new RequiredLiteral.Text(line);
            RequiredLiteral.Text unlinked = line.contains("](")
                    ? new RequiredLiteral.Text(MARKDOWN_LINK.matcher(line).replaceAll("$1")) : whole;
            if (anyFinds(patterns.signatures(), unlinked)) {
                return Kind.SIGNATURE;
            }
            if (isAttribution(whole, patterns)) {
                return Kind.ATTRIBUTION;
            }
            if (anyFinds(patterns.headerLines(), whole)) {
                return Kind.HEADER;
            }
        }
        return line.stripLeading().startsWith(">") ? Kind.QUOTE : Kind.TEXT;
    }

    private static boolean isAttribution(RequiredLiteral.Text line, ReplyPatterns patterns) {
        return anyFinds(patterns.attributions(), line);
    }

    private static boolean anyFinds(List<LinePattern> patterns, RequiredLiteral.Text line) {
        for (LinePattern p : patterns) {
            if (p.find(line)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Index of the first history line, or the line count when there is none: the first attribution after text (unless
     * it is answered inline), else the first block of three or more header lines after text.
     */
    private static int historyStart(Kind[] kinds) {
        boolean text = false;
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == Kind.TEXT) {
                text = true;
            }
            else if (kinds[i] == Kind.ATTRIBUTION && text && !answeredInline(kinds, i)) {
                return i;
            }
            else if (kinds[i] == Kind.HEADER && text && headerRun(kinds, i) >= 3) {
                return i;
            }
        }
        return kinds.length;
    }

    /** After the attribution: a quote, then text, then quote again = the sender answers between the quoted lines. */
    private static boolean answeredInline(Kind[] kinds, int attribution) {
        int i = attribution + 1;
        while (i < kinds.length && kinds[i] == Kind.ATTRIBUTION) {
            i++;
        }
        boolean quote = false;
        boolean textAfterQuote = false;
        for (; i < kinds.length; i++) {
            if (kinds[i] == Kind.QUOTE) {
                if (textAfterQuote) {
                    return true;
                }
                quote = true;
            }
            else if (kinds[i] == Kind.TEXT && quote) {
                textAfterQuote = true;
            }
            else if (kinds[i] == Kind.TEXT) {
                return false; // unquoted history (Outlook style): not inline
            }
        }
        return false;
    }

    /**
     * A reply written below the quote (bottom posting): the message starts with an attribution and its quote, and the
     * sender's text follows. The new content then starts after the quote; 0 when the message does not start so.
     */
    private static int bottomPostStart(Kind[] kinds) {
        int i = 0;
        while (i < kinds.length && kinds[i] == Kind.EMPTY) {
            i++;
        }
        if (i >= kinds.length || kinds[i] != Kind.ATTRIBUTION) {
            return 0;
        }
        while (i < kinds.length && (kinds[i] == Kind.ATTRIBUTION || kinds[i] == Kind.QUOTE || kinds[i] == Kind.EMPTY)) {
            i++;
        }
        return i < kinds.length && kinds[i] == Kind.TEXT ? i : 0;
    }

    private static int headerRun(Kind[] kinds, int start) {
        int count = 0;
        for (int i = start; i < kinds.length && (kinds[i] == Kind.HEADER || kinds[i] == Kind.EMPTY && count == 0); i++) {
            if (kinds[i] == Kind.HEADER) {
                count++;
            }
        }
        return count;
    }
}
