package io.ticketflow.parse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Text that any match of a regular expression must contain: one of a few literals (from a run of plain characters or
 * a required group of alternatives, whichever is longest), so that a line without any of them is known not to match
 * without running the backtracking matcher. Derived from the pattern's source by a small reader of Java's syntax that
 * gives up (no prefilter) on anything it does not know, since the patterns can be an admin's: quoting, comments mode,
 * back-references, unknown escapes, supplementary characters. Case-insensitive literals are compared after
 * {@link #fold}, which maps every character that Java's case-insensitive matching (ASCII or Unicode) lets match a
 * literal character to that character's fold; a literal character for which that does not hold ends the literal.
 * Immutable.
 */
final class RequiredLiteral {

    /** Any of these must occur in a line the pattern finds something in; folded ones in the folded line. */
    private final String[] literals;
    private final boolean[] folded;

    private RequiredLiteral(List<Lit> any) {
        literals = any.stream().map(Lit::text).toArray(String[]::new);
        folded = new boolean[any.size()];
        for (int i = 0; i < folded.length; i++) {
            folded[i] = any.get(i).folded();
        }
    }

    /**
     * The literal of a pattern compiled from regex with flags, or null when none is sure (the pattern then always
     * runs). The flags are the ones given to {@code Pattern.compile}: {@code Pattern.flags()} has inline flags mixed in.
     */
    static RequiredLiteral of(String regex, int flags) {
        if ((flags & (Pattern.COMMENTS | Pattern.LITERAL | Pattern.CANON_EQ)) != 0) {
            return null;
        }
        try {
            Reader reader = new Reader(regex);
            Set<Lit> any = reader.alternation((flags & Pattern.CASE_INSENSITIVE) != 0);
            if (reader.pos != reader.s.length() || any == null || any.isEmpty()) {
                return null;
            }
            return new RequiredLiteral(shortest(any));
        }
        catch (Unsure e) {
            return null;
        }
    }

    /** Whether the line may hold a match: it holds one of the literals. */
    boolean mayFind(LinePattern.Line line) {
        for (int i = 0; i < literals.length; i++) {
            if ((folded[i] ? line.folded() : line.text()).contains(literals[i])) {
                return true;
            }
        }
        return false;
    }

    List<String> literals() {
        return List.of(literals);
    }

    /**
     * Each char to the lower case of its upper case: what {@code java.util.regex} compares under Unicode case folding,
     * and under ASCII folding two chars that match have the same fold too.
     */
    static String fold(String s) {
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

    private static char fold(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    /** Drops a literal that contains another one: the shorter is in every line the longer is in. */
    private static List<Lit> shortest(Set<Lit> any) {
        List<Lit> out = new ArrayList<>();
        for (Lit a : any) {
            boolean covered = false;
            for (Lit b : any) {
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

    private record Lit(String text, boolean folded) {
    }

    private static final class Unsure extends RuntimeException {
        Unsure() {
            super(null, null, false, false);
        }
    }

    /** Recursive descent over the pattern: alternation := sequence ('|' sequence)*. */
    private static final class Reader {
        final String s;
        int pos;
        private boolean caseless;

        Reader(String s) {
            this.s = s;
        }

        /** Any of the returned literals is in every match, or null when some alternative has none. */
        Set<Lit> alternation(boolean caseInsensitive) {
            boolean outer = caseless;
            caseless = caseInsensitive;
            Set<Lit> any = new LinkedHashSet<>();
            boolean none = false;
            while (true) {
                Set<Lit> one = sequence();
                if (one == null) {
                    none = true;
                }
                else {
                    any.addAll(one);
                }
                if (pos < s.length() && s.charAt(pos) == '|') {
                    pos++;
                    continue;
                }
                break;
            }
            caseless = outer;
            return none ? null : any;
        }

        /** The best requirement of one alternative (up to ')' or '|'): the set whose shortest literal is longest. */
        private Set<Lit> sequence() {
            Set<Lit> best = null;
            StringBuilder run = new StringBuilder();
            boolean runFolded = caseless;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '|' || c == ')') {
                    break;
                }
                Set<Lit> group = null;
                boolean atom = true;
                int literal = -1;
                if (c == '(') {
                    pos++;
                    group = group();
                }
                else if (c == '[') {
                    skipClass();
                }
                else if (c == '.') {
                    pos++;
                }
                else if (c == '^' || c == '$') {
                    pos++;
                    atom = false;
                }
                else if (c == '\\') {
                    literal = escape();
                    if (literal == ZERO_WIDTH) {
                        atom = false;
                        literal = -1;
                    }
                }
                else if (c == '*' || c == '+' || c == '?' || c == '{' || Character.isSurrogate(c)) {
                    throw new Unsure();
                }
                else {
                    literal = c;
                    pos++;
                }
                if (group == FLAGS_CHANGED) {
                    best = better(best, run, runFolded);
                    run.setLength(0);
                    runFolded = caseless;
                    continue;
                }
                int min = atom ? quantifierMin() : 1;
                if (literal >= 0 && min > 0 && foldable((char) literal)) {
                    if (run.length() > 0 && runFolded != caseless) {
                        best = better(best, run, runFolded);
                        run.setLength(0);
                    }
                    runFolded = caseless;
                    run.append(caseless ? fold((char) literal) : (char) literal);
                    if (min == MORE) {
                        best = better(best, run, runFolded);
                        run.setLength(0);
                    }
                    continue;
                }
                best = better(best, run, runFolded);
                run.setLength(0);
                if (group != null && group != GROUP_NONE && min > 0) {
                    best = better(best, group);
                }
            }
            return better(best, run, runFolded);
        }

        /** A literal char is kept only where every char a case-insensitive match accepts for it folds to its fold. */
        private boolean foldable(char c) {
            return !caseless || fold(fold(c)) == fold(c);
        }

        private static Set<Lit> better(Set<Lit> best, StringBuilder run, boolean folded) {
            return run.length() == 0 ? best : better(best, Set.of(new Lit(run.toString(), folded)));
        }

        private static Set<Lit> better(Set<Lit> best, Set<Lit> candidate) {
            if (best == null || shortestLength(candidate) > shortestLength(best)
                    || shortestLength(candidate) == shortestLength(best) && candidate.size() < best.size()) {
                return candidate;
            }
            return best;
        }

        private static int shortestLength(Set<Lit> any) {
            return any.stream().mapToInt(l -> l.text().length()).min().orElse(0);
        }

        /** After '(': the group's requirement, GROUP_NONE (lookaround, or none sure) or FLAGS_CHANGED. */
        private Set<Lit> group() {
            boolean inner = caseless;
            if (s.startsWith("?", pos)) {
                pos++;
                if (s.startsWith(":", pos) || s.startsWith(">", pos)) {
                    pos++;
                }
                else if (s.startsWith("=", pos) || s.startsWith("!", pos) || s.startsWith("<=", pos)
                        || s.startsWith("<!", pos)) {
                    pos += s.charAt(pos) == '<' ? 2 : 1;
                    alternation(caseless);
                    close();
                    return GROUP_NONE;
                }
                else if (s.startsWith("<", pos)) {
                    int end = s.indexOf('>', pos);
                    if (end < 0) {
                        throw new Unsure();
                    }
                    pos = end + 1;
                }
                else {
                    // inline flags: (?iU-i) for the rest of the enclosing group, (?i:...) for the group
                    boolean on = true;
                    while (pos < s.length() && s.charAt(pos) != ')' && s.charAt(pos) != ':') {
                        char f = s.charAt(pos++);
                        if (f == '-') {
                            on = false;
                        }
                        else if (f == 'i') {
                            inner = on;
                        }
                        else if (f != 'U' && f != 'u' && f != 's' && f != 'm' && f != 'd') {
                            throw new Unsure(); // x (comments) and anything unknown
                        }
                    }
                    if (pos >= s.length()) {
                        throw new Unsure();
                    }
                    if (s.charAt(pos++) == ')') {
                        caseless = inner;
                        return FLAGS_CHANGED;
                    }
                }
            }
            Set<Lit> any = alternation(inner);
            close();
            return any == null ? GROUP_NONE : any;
        }

        private void close() {
            if (pos >= s.length() || s.charAt(pos) != ')') {
                throw new Unsure();
            }
            pos++;
        }

        /** After an atom: the least number of times it must occur (MORE: once or more), consuming the quantifier. */
        private int quantifierMin() {
            if (pos >= s.length()) {
                return 1;
            }
            char c = s.charAt(pos);
            int min;
            if (c == '?' || c == '*') {
                pos++;
                min = 0;
            }
            else if (c == '+') {
                pos++;
                min = MORE;
            }
            else if (c == '{') {
                int end = s.indexOf('}', pos);
                if (end < 0) {
                    throw new Unsure();
                }
                String body = s.substring(pos + 1, end);
                String lower = body.contains(",") ? body.substring(0, body.indexOf(',')) : body;
                if (!lower.matches("\\d{1,6}") || !body.matches("\\d{1,6}(,\\d{0,6})?")) {
                    throw new Unsure();
                }
                pos = end + 1;
                int n = Integer.parseInt(lower);
                min = n == 0 ? 0 : body.equals("1") ? 1 : MORE;
            }
            else {
                return 1;
            }
            if (pos < s.length() && (s.charAt(pos) == '?' || s.charAt(pos) == '+')) {
                pos++; // lazy or possessive: the same least count
            }
            if (pos < s.length() && "?*+{".indexOf(s.charAt(pos)) >= 0) {
                throw new Unsure();
            }
            return min;
        }

        /** After '\\': the literal char it stands for, ZERO_WIDTH for an assertion, -1 for a class or other char. */
        private int escape() {
            if (pos + 1 >= s.length()) {
                throw new Unsure();
            }
            char c = s.charAt(pos + 1);
            pos += 2;
            if (c < 128 && !Character.isLetterOrDigit(c)) {
                return c;
            }
            switch (c) {
                case 'b', 'B', 'A', 'z', 'Z', 'G':
                    if (c == 'b' && s.startsWith("{", pos)) {
                        throw new Unsure();
                    }
                    return ZERO_WIDTH;
                case 'd', 'D', 's', 'S', 'w', 'W', 'h', 'H', 'v', 'V', 'R', 'X', 't', 'n', 'r', 'f', 'a', 'e':
                    return -1;
                case 'p', 'P':
                    if (s.startsWith("{", pos)) {
                        skipBraces();
                    }
                    else {
                        pos++;
                    }
                    return -1;
                default:
                    throw new Unsure(); // quoting, back-references, hex, octal, control and named chars: not worth reading
            }
        }

        private void skipBraces() {
            int end = s.indexOf('}', pos);
            if (end < 0) {
                throw new Unsure();
            }
            pos = end + 1;
        }

        /** From '[' to past its ']', classes nested in it included. */
        private void skipClass() {
            int depth = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\\') {
                    if (pos + 1 < s.length() && s.charAt(pos + 1) == 'Q') {
                        throw new Unsure();
                    }
                    pos += 2;
                    continue;
                }
                if (c == '[') {
                    depth++;
                    pos++;
                    // a ']' (after an optional '^') first in a class is a member, not its end: not read here
                    if (s.startsWith("^", pos)) {
                        pos++;
                    }
                    if (s.startsWith("]", pos)) {
                        throw new Unsure();
                    }
                    continue;
                }
                pos++;
                if (c == ']' && --depth == 0) {
                    return;
                }
            }
            throw new Unsure();
        }

        private static final int ZERO_WIDTH = -2;
        private static final int MORE = 2;
        private static final Set<Lit> GROUP_NONE = Set.of();
        private static final Set<Lit> FLAGS_CHANGED = Set.of(new Lit("", false));
    }
}
