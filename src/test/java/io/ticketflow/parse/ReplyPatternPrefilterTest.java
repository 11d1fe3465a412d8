package io.ticketflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.config.RequiredLiteral;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reply-split patterns' literal prefilter changes no answer: a line a pattern finds something in always holds its
 * literal, on real mail and on made-up lines, for the shipped patterns and for admin-style ones the reader has to get
 * right or give up on; and the whole split of the reply-trimming corpus is the same with and without it.
 */
class ReplyPatternPrefilterTest {

    private static final int CI = Pattern.CASE_INSENSITIVE;

    /** Patterns an admin could write, each with what the reader should find (null: no prefilter). */
    private static final String[][] MADE_UP = {
        { "^Sent from my .{1,20}$", "sent from my " },
        { "(?-i)^Sent from my", "Sent from my" },
        { "^(?:Ursprüngliche|Original) Nachricht", " nachricht" },
        { "^(?:Ursprüngliche|Original) (Nachricht)?", "ursprüngliche|original" },
        { "schrieb(en)?\\s*:", "schrieb" },
        { "ab?c", "a" },
        { "ab*c", "a" },
        { "ab+c", "ab" },
        { "x{0,3}yz", "yz" },
        { "(?i)WROTE|(?-i)Said", "wrote|Said" },
        { "(?-i)abc(?i)def", "abc" },
        { "(?-i:On) .{1,50} (?i:wrote)", "wrote" },
        { "\\.\\(x\\)", ".(x)" },
        { "a\\tb", "a" },
        { "(?U)\\w+ from mobile", " from mobile" },
        { "(?U)straße", "straße" },
        { "kelvin|ſtop", "kelvin|stop" },
        { "(?=wrote)w", "w" },
        { "(?<!x)wrote", "wrote" },
        { "(?<name>wrote)\\k<name>", null },
        { "(wrote)\\1", null },
        { "\\Qwrote\\E", null },
        { "(?x) w r o t e", null },
        { "[]x]wrote", null },
        { "a?", null },
        { "wrote|.", null },
        { "[a[b]]wrote", "wrote" },
        { "[\\]]wrote", "wrote" },
        { "\\p{L}+wrote", "wrote" },
        { "\\x41wrote", null },
        { "(?:wrote)?said", "said" },
        { "(wrote|)said", "said" },
        { "a{2}", "a" },
        { "\uD801\uDC00wrote", null },
        { "^-{2,}[ \\t]*Original Message", "original message" },
    };

    @Test
    void theReaderFindsTheLiteralsOrGivesUp() {
        for (String[] c : MADE_UP) {
            RequiredLiteral literal = RequiredLiteral.java(c[0], CI);
            if (c[1] == null) {
                assertThat(literal).as(c[0]).isNull();
            }
            else {
                assertThat(literal).as(c[0]).isNotNull();
                assertThat(String.join("|", literal.literals())).as(c[0]).isEqualTo(c[1]);
            }
        }
    }

    @Test
    void everyShippedPatternHasALiteral() {
        ReplyPatterns shipped = ReplyPatterns.shipped();
        List<LinePattern> all = all(shipped);
        for (LinePattern p : all) {
            assertThat(p.literal()).as(p.pattern().pattern()).isNotNull();
        }
        assertThat(String.join("|", shipped.attributions().get(0).literal().literals()))
                .isEqualTo("wrote|writes|said|says");
        assertThat(String.join("|", shipped.attributions().get(1).literal().literals())).isEqualTo("schrieb");
    }

    @Test
    void aLineAPatternFindsSomethingInHoldsItsLiteral() throws IOException {
        // each distinct line once, and only those the splitter matches (under 1000 chars)
        java.util.Set<String> distinct = new java.util.LinkedHashSet<>();
        for (String text : texts()) {
            text.lines().filter(l -> !l.isBlank() && l.length() < 1000).forEach(distinct::add);
        }
        List<String> lines = new ArrayList<>(distinct);
        assertThat(lines).hasSizeGreaterThan(5000);
        lines.addAll(madeUpLines(lines));
        List<LinePattern> patterns = new ArrayList<>(all(ReplyPatterns.shipped()));
        for (String[] c : MADE_UP) {
            patterns.add(LinePattern.compile(c[0], CI));
            patterns.add(LinePattern.compile(c[0], 0));
        }
        int found = 0;
        int skipped = 0;
        for (LinePattern p : patterns) {
            if (p.literal() == null) {
                continue;
            }
            for (String line : lines) {
                RequiredLiteral.Text l = new RequiredLiteral.Text(line);
                boolean finds = p.pattern().matcher(line).find();
                boolean may = p.literal().mayFind(l);
                if (finds) {
                    found++;
                    assertThat(may).as(p.pattern().pattern() + " on " + line).isTrue();
                }
                if (!may) {
                    skipped++;
                }
                assertThat(p.find(l)).isEqualTo(finds);
            }
        }
        assertThat(found).isGreaterThan(1000);
        assertThat(skipped).isGreaterThan(lines.size() * patterns.size() / 2);
    }

    @Test
    void theReplyTrimmingCorpusSplitsAsWithoutThePrefilter() throws IOException {
        ReplyPatterns shipped = ReplyPatterns.shipped();
        ReplyPatterns unfiltered = shipped.unfiltered();
        List<String> texts = texts();
        assertThat(texts).hasSizeGreaterThan(200);
        for (String text : texts) {
            assertThat(ReplySplitter.split(text, shipped)).as(text).isEqualTo(ReplySplitter.split(text, unfiltered));
        }
    }

    private static List<LinePattern> all(ReplyPatterns p) {
        List<LinePattern> all = new ArrayList<>(p.attributions());
        all.add(p.wrappedAttributionStart());
        all.addAll(p.headerLines());
        all.addAll(p.signatures());
        return all;
    }

    /** Every file of the reply-trimming and threading corpora as text (mail with headers, bodies, expectations). */
    private static List<String> texts() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String dir : List.of("reply-trimming", "threading", "mime")) {
            try (Stream<Path> files = Files.walk(Corpora.shared().resolve(dir))) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (Files.size(f) < 2_000_000) {
                        texts.add(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return texts;
    }

    /** Corpus lines with their case changed, including the chars Unicode case folding matches to ASCII letters. */
    private static List<String> madeUpLines(List<String> lines) {
        Random random = new Random(16);
        String odd = "ſKıİÅµΣςσ";
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            if (line.length() > 300 || random.nextInt(3) != 0) {
                continue;
            }
            out.add(line.toUpperCase(java.util.Locale.ROOT));
            StringBuilder b = new StringBuilder(line);
            for (int i = 0; i < b.length(); i++) {
                char c = b.charAt(i);
                if (c == 's' || c == 'S') {
                    b.setCharAt(i, random.nextBoolean() ? 'ſ' : c);
                }
                else if (c == 'k' || c == 'K') {
                    b.setCharAt(i, 'K');
                }
                else if (c == 'i' || c == 'I') {
                    b.setCharAt(i, random.nextBoolean() ? 'ı' : 'İ');
                }
                else if (random.nextInt(5) == 0) {
                    b.setCharAt(i, random.nextBoolean() ? Character.toUpperCase(c) : odd.charAt(random.nextInt(odd.length())));
                }
            }
            out.add(b.toString());
        }
        out.addAll(List.of("On Mon, Jeff WROTE:", "Am 3. März schrieb Anna:", "KELVIN", "ſtop", "STRASSE", "Straße",
                "ORIGINAL MESSAGE", "-----Original Message-----", ".(x)", "aXc", "yz", "wrotesaid", "ab"));
        return out;
    }
}
