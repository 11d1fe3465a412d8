package io.ticketflow.config;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads a regular expression's source for {@link RequiredLiteral}: recursive descent, alternation := sequence ('|'
 * sequence)*, keeping per sequence the literal run or required group whose shortest literal is longest, and throwing
 * {@link Unsure} on what it does not know. One use per pattern.
 */
final class LiteralReader {
    final String s;
    final RequiredLiteral.Syntax syntax;
    int pos;
    private boolean caseless;

    LiteralReader(String s, RequiredLiteral.Syntax syntax) {
        this.s = s;
        this.syntax = syntax;
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
                run.append(caseless ? RequiredLiteral.fold((char) literal) : (char) literal);
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

    /**
     * A literal char is kept only where every char a case-insensitive match accepts for it folds to its fold: Java
     * compares folds (or ASCII case); of RE2's folding orbits only those of ASCII chars and of caseless ones
     * (letters without case, such as CJK, and symbols without a case mapping) are kept, as RequiredLiteralTest
     * checks against RE2/J's own tables.
     */
    private boolean foldable(char c) {
        if (!caseless) {
            return true;
        }
        if (syntax == RequiredLiteral.Syntax.RE2) {
            return c < 128 || Character.getType(c) == Character.OTHER_LETTER
                    || !Character.isLetter(c) && Character.toUpperCase(c) == c && Character.toLowerCase(c) == c;
        }
        return RequiredLiteral.fold(RequiredLiteral.fold(c)) == RequiredLiteral.fold(c);
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
            if (s.startsWith(":", pos) || syntax == RequiredLiteral.Syntax.JAVA && s.startsWith(">", pos)) {
                pos++;
            }
            else if (syntax == RequiredLiteral.Syntax.RE2 && s.startsWith("P<", pos)) {
                int end = s.indexOf('>', pos);
                if (end < 0) {
                    throw new Unsure();
                }
                pos = end + 1;
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
                    else if (syntax == RequiredLiteral.Syntax.JAVA ? "Usmdu".indexOf(f) < 0 : "msU".indexOf(f) < 0) {
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

    /** From '[' to past its ']', classes nested in it included (Java). */
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
            if (c == '[' && depth > 0 && syntax == RequiredLiteral.Syntax.RE2) {
                // RE2: a '[' in a class is a member, unless it opens a POSIX class such as [:alpha:]
                if (s.startsWith("[:", pos)) {
                    int end = s.indexOf(":]", pos + 2);
                    if (end < 0) {
                        throw new Unsure();
                    }
                    pos = end + 2;
                }
                else {
                    pos++;
                }
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

    /** A literal and whether it is compared folded. */
    record Lit(String text, boolean folded) {
    }

    /** The pattern holds what this reader does not read: no prefilter. */
    static final class Unsure extends RuntimeException {
        Unsure() {
            super(null, null, false, false);
        }
    }
}
