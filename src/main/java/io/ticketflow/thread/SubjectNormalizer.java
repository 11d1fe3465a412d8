package io.ticketflow.thread;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A subject reduced to what stays the same across a conversation, close to RFC 5256's base subject but for more
 * languages: reply and forward prefixes (Re, Fwd, Fw, AW, WG, SV, VS, VB, TR, RV, Antw, Odp, Rif, R, I, Ynt ...), counters
 * like {@code Re[2]:} or {@code Re^3:}, bracketed tags ({@code [TF#100001]}, {@code [EXTERNAL]}, {@code [list]}) in
 * front or at the end, the {@code [Fwd: ...]} wrapper, a trailing {@code (fwd)}, whitespace and case.
 */
public final class SubjectNormalizer {

    private static final String PREFIXES = "re|res|fw|fwd|aw|wg|sv|vs|vb|tr|rv|antw|antwort|odp|pd|rif|r|i|enc|ynt|ilt|"
            + "atb|vl|doorst|tr|ad|fs|vá|答复|回复|转发|回覆|轉寄|返信|転送";
    private static final Pattern PREFIX = Pattern.compile(
            "^(?:" + PREFIXES + ")\\s*(?:\\[\\d+\\]|\\^\\d+|\\(\\d+\\))?\\s*[:：]\\s*", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern LEADING_TAG = Pattern.compile("^\\[[^\\[\\]]{0,80}\\]\\s*");
    private static final Pattern TRAILING_TAG = Pattern.compile("\\s*\\[[^\\[\\]]{0,80}\\]$");
    private static final Pattern TRAILING_FWD = Pattern.compile("\\s*\\(fwd\\)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern FWD_WRAPPER = Pattern.compile("^\\[fwd:\\s*(.*)\\]$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern SPACE = Pattern.compile("\\s+");

    /**
     * Characters of a subject normalized: each round strips one prefix and copies the rest, so the work grows with the
     * square of the length; a subject longer than this is compared by its beginning.
     */
    static final int MAX_CHARS = 1000;

    private SubjectNormalizer() {
    }

    /** The normalized subject; empty for none. */
    public static String normalize(String subject) {
        if (subject == null) {
            return "";
        }
        String bounded = subject.length() > MAX_CHARS ? subject.substring(0, MAX_CHARS) : subject;
        String s = SPACE.matcher(Normalizer.normalize(bounded, Normalizer.Form.NFC)).replaceAll(" ").strip();
        String before;
        do {
            before = s;
            s = TRAILING_FWD.matcher(s).replaceFirst("").strip();
            s = PREFIX.matcher(s).replaceFirst("");
            s = unlessEmpty(s, LEADING_TAG.matcher(s));
            s = unlessEmpty(s, TRAILING_TAG.matcher(s));
            Matcher wrapped = FWD_WRAPPER.matcher(s);
            if (wrapped.matches()) {
                s = wrapped.group(1).strip();
            }
        } while (!s.equals(before));
        return s.toLowerCase(Locale.ROOT);
    }

    private static String unlessEmpty(String s, Matcher tag) {
        String stripped = tag.replaceFirst("").strip();
        return stripped.isEmpty() ? s : stripped;
    }
}
