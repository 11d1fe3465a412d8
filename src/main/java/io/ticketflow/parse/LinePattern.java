package io.ticketflow.parse;

import java.util.regex.Pattern;

/**
 * A reply-split pattern and the literal that any line it finds something in contains ({@link RequiredLiteral}; null
 * when none is sure): most lines lack it, and then the backtracking matcher is not run at all. The answer of
 * {@link #find} is the pattern's own {@code find()} either way.
 */
record LinePattern(Pattern pattern, RequiredLiteral literal) {

    static LinePattern compile(String regex, int flags) {
        return new LinePattern(Pattern.compile(regex, flags), RequiredLiteral.of(regex, flags));
    }

    /** The same pattern run on every line (the reference the tests hold the prefilter to). */
    LinePattern unfiltered() {
        return new LinePattern(pattern, null);
    }

    boolean find(Line line) {
        return (literal == null || literal.mayFind(line)) && pattern.matcher(line.text()).find();
    }

    /** A line and, once a case-insensitive literal asks for it, its folded form (shared by all patterns tried on it). */
    static final class Line {
        private final String text;
        private String folded;

        Line(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }

        String folded() {
            if (folded == null) {
                folded = RequiredLiteral.fold(text);
            }
            return folded;
        }
    }
}
