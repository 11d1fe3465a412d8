package io.ticketflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Routing's RE2/J rules with the required-literal prefilter give the answers they gave without it: a text a rule's
 * pattern finds something in holds the rule's literal, for the shipped rules and for admin-style patterns, on the
 * shared corpora's mail and on case-changed copies; and RE2's case folding never matches an ASCII literal character
 * to a char of another fold (checked over every char).
 */
class RequiredLiteralTest {

    private static final String[][] MADE_UP = {
        { "\\b(refund|money back|rückerstattung|erstatt|rembourse|reembolso)", "refund|money back|erstatt|rembourse|reembolso" },
        { "\\b(escalat\\w*|lawyer|legal action|anwalt|avocat)\\b", "escalat|lawyer|legal action|anwalt|avocat" },
        { "(?-i)URGENT", "URGENT" },
        { "(?P<x>invoice)\\s+\\d+", "invoice" },
        { "[[:alpha:]]+ wrote", " wrote" },
        { "[a[]wrote", "wrote" },
        { "\\pL+ order", " order" },
        { "\\p{Greek}+ order", " order" },
        { "\\Qorder\\E", null },
        { "x*", null },
        { "order|", null },
        { "straße", "stra" },
        { "在线退款", "在线退款" },
        { "(?i)kelvin", "kelvin" },
    };

    @Test
    void theReaderFindsRe2Literals() {
        for (String[] c : MADE_UP) {
            RequiredLiteral literal = RequiredLiteral.re2(c[0], true);
            if (c[1] == null) {
                assertThat(literal).as(c[0]).isNull();
            }
            else {
                assertThat(literal).as(c[0]).isNotNull();
                assertThat(String.join("|", literal.literals())).as(c[0]).isEqualTo(c[1]);
            }
        }
    }

    /**
     * Every char the reader keeps in an RE2 case-insensitive literal: its folding orbit (RE2/J's own table) is one
     * fold, so the folded text holds the literal wherever RE2 matches it. ASCII chars by RE2/J's matcher over every
     * char, the others by walking their orbit.
     */
    @Test
    void re2CaseFoldingStaysWithinAKeptCharsFold() throws Exception {
        for (char l = 0x20; l < 0x7f; l++) {
            Pattern p = Pattern.compile(Pattern.quote(String.valueOf(l)), Pattern.CASE_INSENSITIVE);
            for (int c = 0; c <= Character.MAX_VALUE; c++) {
                String s = String.valueOf((char) c);
                if (!Character.isSurrogate((char) c) && p.matcher(s).matches()) {
                    assertThat(RequiredLiteral.fold(s)).as(l + " ~ U+%04X", c).isEqualTo(RequiredLiteral.fold(String.valueOf(l)));
                }
            }
        }
        java.lang.reflect.Method simpleFold = Class.forName("com.google.re2j.Unicode").getDeclaredMethod("simpleFold", int.class);
        simpleFold.setAccessible(true);
        int kept = 0;
        for (int c = 0x80; c <= Character.MAX_VALUE; c++) {
            if (Character.isSurrogate((char) c) || RequiredLiteral.re2(String.valueOf((char) c), true) == null) {
                continue;
            }
            kept++;
            for (int o = (int) simpleFold.invoke(null, c); o != c; o = (int) simpleFold.invoke(null, o)) {
                assertThat(o > Character.MAX_VALUE ? "" : RequiredLiteral.fold(String.valueOf((char) o)))
                        .as("U+%04X ~ U+%04X", c, o).isEqualTo(RequiredLiteral.fold(String.valueOf((char) c)));
            }
        }
        assertThat(kept).isGreaterThan(40_000);
    }

    @Test
    void aTextARuleFindsSomethingInHoldsItsLiteral() throws IOException {
        List<String> patterns = new ArrayList<>(shippedRulePatterns());
        assertThat(patterns).hasSizeGreaterThanOrEqualTo(5);
        for (String[] c : MADE_UP) {
            patterns.add(c[0]);
        }
        List<String> texts = texts();
        int found = 0;
        int skipped = 0;
        for (String regex : patterns) {
            Pattern pattern = Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
            RequiredLiteral literal = RequiredLiteral.re2(regex, true);
            if (literal == null) {
                continue;
            }
            for (String text : texts) {
                boolean finds = pattern.matcher(text).find();
                boolean may = literal.mayFind(new RequiredLiteral.Text(text));
                if (finds) {
                    found++;
                    assertThat(may).as(regex + " on " + text).isTrue();
                }
                if (!may) {
                    skipped++;
                }
            }
        }
        // without the shared corpora (a clone elsewhere) only the built-in texts are read: fewer hits, same rule
        boolean corpora = texts.size() > BUILT_IN.size();
        if (!corpora) {
            System.out.println("[RequiredLiteralTest] corpora not found (set -Dticketflow.corpora): built-in texts only");
        }
        assertThat(found).isGreaterThan(corpora ? 100 : 5);
        assertThat(skipped).isGreaterThan(found);
    }

    /** The values of subject, text and subjectOrText conditions in config/routing.yml. */
    private static List<String> shippedRulePatterns() throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*-?\\s*(subjectOrText|subject|text): \"(.*)\"\\s*$")
                .matcher(Files.readString(Path.of("config/routing.yml")));
        while (m.find()) {
            out.add(m.group(2).replace("\\\\", "\\"));
        }
        return out;
    }

    /** The shared corpora's files whole and as lines, plus upper-cased and case-folding-odd copies. */
    private static List<String> texts() throws IOException {
        List<String> texts = new ArrayList<>();
        Path corpora = Path.of(System.getProperty("ticketflow.corpora", "../shared/corpora"));
        for (String dir : List.of("reply-trimming", "threading", "classification")) {
            Path d = corpora.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(d)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (Files.size(f) < 300_000) {
                        String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                        texts.add(text);
                        texts.add(text.toUpperCase(Locale.ROOT));
                        texts.add(text.replace('k', '\u212A').replace('s', '\u017F'));
                    }
                }
            }
        }
        texts.addAll(BUILT_IN);
        return texts;
    }

    private static final List<String> BUILT_IN = List.of("REFUND please", "Rückerstattung", "RÜCKERSTATTUNG",
            "legal ACTION", "urgent", "URGENT", "invoice  12", "Greek αβγ order", "\u212Aelvin", "STRASSE", "straße");
}
