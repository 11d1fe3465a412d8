package io.ticketflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StartAnchoredTest {

    private static List<Pattern> shippedLinePatterns() {
        ReplyPatterns shipped = ReplyPatterns.shipped();
        List<Pattern> all = new ArrayList<>(shipped.attributions());
        all.addAll(shipped.headerLines());
        all.addAll(shipped.signatures());
        return all;
    }

    @Test
    void everyShippedLinePatternIsAnchoredButTheWrappedStartWithItsAlternatives() {
        assertThat(shippedLinePatterns()).hasSize(32).allSatisfy(p -> assertThat(StartAnchored.anchored(p))
                .as(p.pattern()).isTrue());
        assertThat(StartAnchored.anchored(ReplyPatterns.shipped().wrappedAttributionStart())).isFalse();
    }

    @Test
    void onlyPatternsThatCanMatchAtTheStartAloneCountAsAnchored() {
        for (String anchored : List.of("^a", "(?i)^a", "(?-i)(?U)^a.*b", "^(a|b)c", "^[|(]x[?]", "^a\\|b", "^[^]|]b")) {
            assertThat(StartAnchored.anchored(Pattern.compile(anchored))).as(anchored).isTrue();
        }
        for (String free : List.of("a^", "a", "^a|b", "(^a)", "(?:^a)", "(?m)^a", "(?im)^a", "^a(?m:b)", "(?x)^a",
                "^?a", "^*a", "\\Q(\\E^a|b", "^\\Q(\\E|b", "(?<=x)^a")) {
            assertThat(StartAnchored.anchored(Pattern.compile(free))).as(free).isFalse();
        }
        assertThat(StartAnchored.anchored(Pattern.compile("^a", Pattern.MULTILINE))).isFalse();
        assertThat(StartAnchored.anchored(Pattern.compile("^a", Pattern.COMMENTS))).isFalse();
    }

    @Test
    void findsWhatFindFindsOnEveryLineOfTheReplyCorpus() throws IOException {
        List<String> lines = new ArrayList<>(List.of("", " ", "On Mon, 3 Mar 2026 Jane <j@x.org> wrote:",
                "> On Mon, 3 Mar 2026 Jane <j@x.org> wrote:", "text then On Mon Jane wrote:", "Sent from my iPhone",
                "   Sent from my iPhone", "x Sent from my iPhone", "From: Jane\u2028From: Bob", "a\nFrom: Jane",
                "-----Original Message-----", "Am 3. März 2026 um 10:12 schrieb Jane:", "在2026年3月3日写道："));
        Path corpus = Path.of(System.getProperty("ticketflow.corpora", "../shared/corpora"), "reply-trimming");
        if (Files.isDirectory(corpus)) {
            try (Stream<Path> files = Files.walk(corpus)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    lines.addAll(List.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\r?\n")));
                }
            }
        }
        int matched = 0;
        for (Pattern p : shippedLinePatterns()) {
            for (String line : lines) {
                boolean find = p.matcher(line).find();
                assertThat(StartAnchored.finds(p, line)).as(p.pattern() + " on " + line).isEqualTo(find);
                matched += find ? 1 : 0;
            }
        }
        assertThat(matched).isGreaterThan(10);
    }
}
