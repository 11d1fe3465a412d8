package io.ticketflow.parse;

import io.ticketflow.config.RequiredLiteral;
import java.util.regex.Pattern;

/**
 * A reply-split pattern and the literal that any line it finds something in contains ({@link RequiredLiteral}; null
 * when none is sure): most lines lack it, and then the backtracking matcher is not run at all. The answer of
 * {@link #find} is the pattern's own {@code find()} either way.
 */
record LinePattern(Pattern pattern, RequiredLiteral literal) {

    static LinePattern compile(String regex, int flags) {
        return new LinePattern(Pattern.compile(regex, flags), RequiredLiteral.java(regex, flags));
    }

    /** The same pattern run on every line (the reference the tests hold the prefilter to). */
    LinePattern unfiltered() {
        return new LinePattern(pattern, null);
    }

    boolean find(RequiredLiteral.Text line) {
        return (literal == null || literal.mayFind(line)) && pattern.matcher(line.text()).find();
    }
}
