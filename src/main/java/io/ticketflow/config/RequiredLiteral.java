package io.ticketflow.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Text that any match of a regular expression must contain: one of a few literals (from a run of plain characters or
 * a required group of alternatives, whichever is longest), so that a text without any of them is known not to match
 * without running the matcher (the reply split's backtracking patterns, routing's RE2/J rules). Derived from the
 * pattern's source by a small reader of the Java and RE2 syntax that gives up (no prefilter) on anything it does not
 * know, since the patterns can be an admin's: quoting, comments mode, back-references, unknown escapes,
 * supplementary characters. Case-insensitive literals are compared after {@link #fold}, which maps every character
 * that the engine's case-insensitive matching lets match a literal character to that character's fold (Java: ASCII
 * or Unicode case; RE2: Unicode simple folding, where only ASCII and caseless literal characters are kept); a literal
 * character for which that does not hold ends the literal. Immutable.
 */
public final class RequiredLiteral {

    /** Whose regular expressions: they differ in classes ('[' inside one), flags and case folding. */
    public enum Syntax {
        JAVA, RE2
    }

    /** Any of these must occur in a line the pattern finds something in; folded ones in the folded line. */
    private final String[] literals;
    private final boolean[] folded;

    private RequiredLiteral(List<LiteralReader.Lit> any) {
        literals = any.stream().map(LiteralReader.Lit::text).toArray(String[]::new);
        folded = new boolean[any.size()];
        for (int i = 0; i < folded.length; i++) {
            folded[i] = any.get(i).folded();
        }
    }

    /**
     * The literal of a pattern compiled from regex with flags, or null when none is sure (the pattern then always
     * runs). The flags are the ones given to {@code Pattern.compile}: {@code Pattern.flags()} has inline flags mixed in.
     */
    public static RequiredLiteral java(String regex, int flags) {
        if ((flags & (Pattern.COMMENTS | Pattern.LITERAL | Pattern.CANON_EQ)) != 0) {
            return null;
        }
        return of(regex, Syntax.JAVA, (flags & Pattern.CASE_INSENSITIVE) != 0);
    }

    /** The same for an RE2/J pattern compiled with CASE_INSENSITIVE or without. */
    public static RequiredLiteral re2(String regex, boolean caseInsensitive) {
        return of(regex, Syntax.RE2, caseInsensitive);
    }

    private static RequiredLiteral of(String regex, Syntax syntax, boolean caseInsensitive) {
        try {
            LiteralReader reader = new LiteralReader(regex, syntax);
            Set<LiteralReader.Lit> any = reader.alternation(caseInsensitive);
            if (reader.pos != reader.s.length() || any == null || any.isEmpty()) {
                return null;
            }
            return new RequiredLiteral(shortest(any));
        }
        catch (LiteralReader.Unsure e) {
            return null;
        }
    }

    /** Whether the text may hold a match: it holds one of the literals. */
    public boolean mayFind(Text text) {
        for (int i = 0; i < literals.length; i++) {
            if ((folded[i] ? text.folded() : text.text()).contains(literals[i])) {
                return true;
            }
        }
        return false;
    }

    public List<String> literals() {
        return List.of(literals);
    }

    /**
     * Each char to the lower case of its upper case: what {@code java.util.regex} compares under Unicode case folding,
     * and under ASCII folding two chars that match have the same fold too.
     */
    public static String fold(String s) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char f = fold(c);
            if (f != c) {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = f;
            }
        }
        return out == null ? s : new String(out);
    }

    static char fold(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    /** Drops a literal that contains another one: the shorter is in every line the longer is in. */
    private static List<LiteralReader.Lit> shortest(Set<LiteralReader.Lit> any) {
        List<LiteralReader.Lit> out = new ArrayList<>();
        for (LiteralReader.Lit a : any) {
            boolean covered = false;
            for (LiteralReader.Lit b : any) {
                if (a.folded() == b.folded() && a.text().length() > b.text().length() && a.text().contains(b.text())) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                out.add(a);
            }
        }
        return out;
    }

    /** A text and, once a case-insensitive literal asks for it, its folded form (shared by the patterns tried on it). */
    public static final class Text {
        private final String text;
        private String folded;

        public Text(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        String folded() {
            if (folded == null) {
                folded = fold(text);
            }
            return folded;
        }
    }

}
