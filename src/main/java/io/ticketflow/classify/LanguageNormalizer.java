package io.ticketflow.classify;

import java.util.regex.Pattern;
import opennlp.tools.util.normalizer.AggregateCharSequenceNormalizer;
import opennlp.tools.util.normalizer.CharSequenceNormalizer;
import opennlp.tools.util.normalizer.EmojiCharSequenceNormalizer;
import opennlp.tools.util.normalizer.NumberCharSequenceNormalizer;
import opennlp.tools.util.normalizer.ShrinkCharSequenceNormalizer;
import opennlp.tools.util.normalizer.TwitterCharSequenceNormalizer;
import opennlp.tools.util.normalizer.UrlCharSequenceNormalizer;

/**
 * The normalisation of OpenNLP's default language detector (emoji, URL and mail, Twitter, number, shrink: ten regular
 * expressions in that order), with the same output, at a fraction of the cost: a regular expression runs only when a
 * cheap scan finds what it needs to match (a "://", an '@', a '#', "rt " after a non-word char, an h/j-vowel-h/j run),
 * and the frequent ones (hyphens, faces, digits, whitespace runs, a char three times) are plain loops over the chars.
 * A text with a surrogate char (the emoji expression's only input; OpenNLP works on code points there) goes through
 * OpenNLP's own normalisers. {@code LanguageNormalizerTest} holds it to OpenNLP's output on real mail and on text made
 * to hit every expression.
 */
final class LanguageNormalizer {

    /** OpenNLP's, in its language detector factory's order: the reference, and the path for surrogates. */
    static final CharSequenceNormalizer OPENNLP = new AggregateCharSequenceNormalizer(
            EmojiCharSequenceNormalizer.getInstance(), UrlCharSequenceNormalizer.getInstance(),
            TwitterCharSequenceNormalizer.getInstance(), NumberCharSequenceNormalizer.getInstance(),
            ShrinkCharSequenceNormalizer.getInstance());

    // OpenNLP 2.5's expressions (UrlCharSequenceNormalizer, TwitterCharSequenceNormalizer), same text and flags
    private static final Pattern URL = Pattern.compile("https?://[-_.?&~;+=/#0-9A-Za-z]+");
    private static final Pattern MAIL = Pattern.compile(
            "(?<![-+_.0-9A-Za-z])[-+_.0-9A-Za-z]+@[-0-9A-Za-z]+[-.0-9A-Za-z]+");
    private static final Pattern HASH_USER = Pattern.compile("[#@]\\S+");
    private static final Pattern RT = Pattern.compile("\\b(rt[ :])+", Pattern.CASE_INSENSITIVE);
    private static final Pattern LAUGH = Pattern.compile("([hj])+([aieou])+(\\1+\\2+)+", Pattern.CASE_INSENSITIVE);

    private LanguageNormalizer() {
    }

    static String normalize(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return OPENNLP.normalize(text).toString();
            }
        }
        String s = emoji(text);
        if (s.contains("://")) {
            s = URL.matcher(s).replaceAll(" ");
        }
        if (s.indexOf('@') >= 0) {
            s = MAIL.matcher(s).replaceAll(" ");
        }
        if (s.indexOf('#') >= 0 || s.indexOf('@') >= 0) {
            s = HASH_USER.matcher(s).replaceAll(" ");
        }
        if (mayRetweet(s)) {
            s = RT.matcher(s).replaceAll(" ");
        }
        s = faces(s);
        if (mayLaugh(s)) {
            s = LAUGH.matcher(s).replaceAll("$1$2$1$2");
        }
        return repeats(spaces(digits(s))).trim();
    }

    /**
     * OpenNLP's emoji expression {@code [\\uD83C-\\uDBFF\\uDC00-\\uDFFF]+} reads {@code \\uDBFF\\uDC00} as one code
     * point, so its class is U+D83C to U+10FC00, a hyphen and U+DFFF: without surrogates, a run of hyphens or of chars
     * from U+E000 up becomes a space (this is why OpenNLP's detector sees "e-mail" as "e mail").
     */
    private static String emoji(String s) {
        int n = s.length();
        StringBuilder out = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '-' || c >= '\uE000') {
                if (out == null) {
                    out = new StringBuilder(n).append(s, 0, i);
                }
                out.append(' ');
                while (i + 1 < n && (s.charAt(i + 1) == '-' || s.charAt(i + 1) >= '\uE000')) {
                    i++;
                }
            }
            else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** Where {@code \b(rt[ :])} could start: r, t, space or colon, after no ASCII word char (else no boundary). */
    private static boolean mayRetweet(String s) {
        for (int i = 0; i + 2 < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == 'r' || c == 'R') && (s.charAt(i + 1) == 't' || s.charAt(i + 1) == 'T')
                    && (s.charAt(i + 2) == ' ' || s.charAt(i + 2) == ':') && (i == 0 || !asciiWord(s.charAt(i - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** Where the laugh expression could match: h or j, a run of vowels, then h or j again. */
    private static boolean mayLaugh(String s) {
        int n = s.length();
        for (int i = 0; i + 2 < n; i++) {
            if (hj(s.charAt(i)) && vowel(s.charAt(i + 1))) {
                int k = i + 2;
                while (k < n && vowel(s.charAt(k))) {
                    k++;
                }
                if (k < n && hj(s.charAt(k))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code [:;x]-?[()dop]}, case-insensitive, becomes a space. */
    private static String faces(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c != ':' && c != ';' && c != 'x' && c != 'X') {
                continue;
            }
            int end = i + 2 < n && s.charAt(i + 1) == '-' && faceEnd(s.charAt(i + 2)) ? i + 3
                    : i + 1 < n && faceEnd(s.charAt(i + 1)) ? i + 2 : -1;
            if (end > 0) {
                out = out == null ? new StringBuilder(n) : out;
                out.append(s, copied, i).append(' ');
                copied = end;
                i = end - 1;
            }
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    /** {@code \d+} (ASCII digits) becomes a space. */
    private static String digits(String s) {
        int n = s.length();
        StringBuilder out = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (out == null) {
                    out = new StringBuilder(n).append(s, 0, i);
                }
                out.append(' ');
                while (i + 1 < n && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '9') {
                    i++;
                }
            }
            else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** {@code \s{2,}} (ASCII whitespace) becomes one space; a single whitespace char stays. */
    private static String spaces(String s) {
        int n = s.length();
        StringBuilder out = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (space(c) && i + 1 < n && space(s.charAt(i + 1))) {
                if (out == null) {
                    out = new StringBuilder(n).append(s, 0, i);
                }
                out.append(' ');
                while (i + 1 < n && space(s.charAt(i + 1))) {
                    i++;
                }
            }
            else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** {@code (.)\1{2,}}, case-insensitive for ASCII: a char three or more times becomes twice that char. */
    private static String repeats(String s) {
        int n = s.length();
        StringBuilder out = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int k = i + 1;
            if (!lineTerminator(c)) {
                while (k < n && sameIgnoringAsciiCase(c, s.charAt(k))) {
                    k++;
                }
            }
            if (k - i >= 3) {
                if (out == null) {
                    out = new StringBuilder(n).append(s, 0, i);
                }
                out.append(c).append(c);
                i = k - 1;
            }
            else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static boolean faceEnd(char c) {
        return switch (c) {
            case '(', ')', 'd', 'D', 'o', 'O', 'p', 'P' -> true;
            default -> false;
        };
    }

    private static boolean hj(char c) {
        return c == 'h' || c == 'H' || c == 'j' || c == 'J';
    }

    private static boolean vowel(char c) {
        return switch (c) {
            case 'a', 'i', 'e', 'o', 'u', 'A', 'I', 'E', 'O', 'U' -> true;
            default -> false;
        };
    }

    private static boolean asciiWord(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    /** Java's {@code \s} without UNICODE_CHARACTER_CLASS. */
    private static boolean space(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** What {@code .} does not match without DOTALL. */
    private static boolean lineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    private static boolean sameIgnoringAsciiCase(char a, char b) {
        return a == b || (a < 128 && b < 128 && Character.toLowerCase(a) == Character.toLowerCase(b));
    }
}
