package io.ticketflow.parse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code find()} for the reply patterns, without its scan: a pattern that can only match at the start of the line
 * ({@code ^} first, no top-level alternative, not multi-line) finds exactly what {@code lookingAt()} finds, but
 * {@code find()} would still try it at every later position of the line. Every line of every mail is tried against
 * some thirty such patterns, so the scan was most of the reply split's cost.
 */
final class StartAnchored {

    /** Per pattern object (identity: Pattern has no equals), worked out once; the patterns are set once at start. */
    private static final Map<Pattern, Boolean> ANCHORED = new ConcurrentHashMap<>();

    private StartAnchored() {
    }

    /** The same answer as {@code pattern.matcher(line).find()}. */
    static boolean finds(Pattern pattern, String line) {
        var matcher = pattern.matcher(line);
        return ANCHORED.computeIfAbsent(pattern, StartAnchored::anchored) ? matcher.lookingAt() : matcher.find();
    }

    /**
     * Whether the pattern starts with {@code ^} (after leading inline flags) and has no {@code |} outside groups and
     * classes, and neither multi-line mode (where {@code ^} also matches after a line break) nor comments mode is on.
     * Anything this does not recognise counts as not anchored, which only costs the scan.
     */
    static boolean anchored(Pattern pattern) {
        if ((pattern.flags() & (Pattern.MULTILINE | Pattern.COMMENTS | Pattern.LITERAL)) != 0) {
            return false;
        }
        String s = pattern.pattern();
        if (s.contains("\\Q")) {
            return false; // quoted text would hide parentheses and bars from the scan below
        }
        int i = 0;
        while (s.startsWith("(?", i)) {
            int close = s.indexOf(')', i);
            if (close < 0 || !s.substring(i + 2, close).matches("[a-zA-Z-]*") || flagsTurnOn(s, i + 2)) {
                return false; // a group, not inline flags; or multi-line or comments mode
            }
            i = close + 1;
        }
        if (!s.startsWith("^", i) || i + 1 < s.length() && "?*+{".indexOf(s.charAt(i + 1)) >= 0) {
            return false;
        }
        int depth = 0;
        for (int k = i; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\') {
                k++;
            }
            else if (c == '[') {
                k = classEnd(s, k);
            }
            else if (c == '(') {
                depth++;
                if (s.startsWith("(?", k) && flagsTurnOn(s, k + 2)) {
                    return false;
                }
            }
            else if (c == ')') {
                depth--;
            }
            else if (c == '|' && depth == 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether the inline flags at {@code from} (up to ':' or ')') turn on multi-line or comments mode. */
    private static boolean flagsTurnOn(String s, int from) {
        for (int k = from; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '-' || c == ':' || c == ')') {
                return false;
            }
            if (c == 'm' || c == 'x') {
                return true;
            }
            if (!Character.isLetter(c)) {
                return false;
            }
        }
        return false;
    }

    private static int classEnd(String s, int open) {
        int k = open + 1;
        if (k < s.length() && s.charAt(k) == '^') {
            k++;
        }
        if (k < s.length() && s.charAt(k) == ']') {
            k++;
        }
        int nested = 0;
        for (; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '\\') {
                k++;
            }
            else if (c == '[') {
                nested++;
            }
            else if (c == ']') {
                if (nested == 0) {
                    return k;
                }
                nested--;
            }
        }
        return s.length();
    }
}
