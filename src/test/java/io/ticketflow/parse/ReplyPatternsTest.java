package io.ticketflow.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.config.ConfigFileException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplyPatternsTest {

    private static final String REPLY = """
            Thanks, that fixed it.

            Gesendet mit Kontor Mobile

            Op 3 maart 2026 om 10:12 heeft Support <support@ticketflow.local> het volgende geschreven:
            > Please restart the printer.
            """;

    @TempDir
    Path dir;

    private static String shippedText() throws Exception {
        try (InputStream in = ReplyPatterns.class.getResourceAsStream(ReplyPatterns.SHIPPED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shippedPatternsSplitAsBefore() {
        ReplyPatterns shipped = ReplyPatterns.shipped();
        assertThat(shipped.source()).isEqualTo("classpath:parsing/reply-patterns.yml");
        assertThat(shipped.attributions()).hasSize(21);
        assertThat(shipped.headerLines()).hasSize(2);
        assertThat(shipped.signatures()).hasSize(9);
        ReplySplitter.Split split = ReplySplitter.split(REPLY, shipped);
        assertThat(split.newContent()).isEqualTo("Thanks, that fixed it.\n\nGesendet mit Kontor Mobile");
        assertThat(split.quotedHistory()).startsWith("Op 3 maart 2026").endsWith("> Please restart the printer.");
    }

    @Test
    void anAdminFileAddsASignatureLine() throws Exception {
        Path file = dir.resolve("reply-patterns.yml");
        Files.writeString(file, shippedText() + """
                  - id: kontor-mobile
                    description: "our field staff's mail app"
                    pattern: '^[ \\t]*Gesendet mit Kontor Mobile\\s*$'
                """);
        ReplyPatterns admin = ReplyPatterns.load(file.toString());
        ReplySplitter.Split split = ReplySplitter.split(REPLY, admin);
        assertThat(split.newContent()).isEqualTo("Thanks, that fixed it.");
        assertThat(split.signature()).isEqualTo("Gesendet mit Kontor Mobile");
        assertThat(ReplyPatterns.load("")).isSameAs(ReplyPatterns.shipped());
    }

    @Test
    void theInstallerPutsTheAdminFileInUseForTheParser() throws Exception {
        Path file = dir.resolve("reply-patterns.yml");
        Files.writeString(file, shippedText().replace("'^[ \\t]*From my .{1,20}$'", "'^[ \\t]*Gesendet mit .{1,40}$'"));
        try {
            new ReplyPatternsInstaller(new ReplyPatternsProperties(file.toString()));
            assertThat(ReplySplitter.active().source()).isEqualTo(file.toString());
            assertThat(ReplySplitter.newContent(REPLY)).isEqualTo("Thanks, that fixed it.");
        }
        finally {
            ReplySplitter.use(ReplyPatterns.shipped());
        }
        assertThat(ReplySplitter.newContent(REPLY)).endsWith("Gesendet mit Kontor Mobile");
    }

    @Test
    void aBadFileIsRefusedWithFileLineAndField() throws Exception {
        Path file = dir.resolve("reply-patterns.yml");
        Files.writeString(file, """
                attributions:
                  - id: on-wrote
                    pattern: '^On .{1,300}wrote:$'
                  - id: broken
                    pattern: '^(On .* wrote:'
                  - id: slow
                    pattern: '^(\\w+\\s?)+:$'
                wrapped-attribution-start: '^On\\s'
                header-lines:
                  - id: from
                    patern: '^From:'
                signatures: []
                """);
        assertThatThrownBy(() -> new ReplyPatternsInstaller(new ReplyPatternsProperties(file.toString())))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> assertThat(e.problems()).containsExactly(
                        file + ":5: attributions[1].pattern: invalid regular expression: " + javaRegexError("^(On .* wrote:"),
                        file + ":7: attributions[2].pattern: nested repetition (\\w+\\s?)+ can take exponential time on a "
                                + "crafted line; repeat the inner part or the group, not both",
                        file + ":10: header-lines[0].pattern: missing: a regular expression",
                        file + ":11: header-lines[0].patern: unknown field (known: description, id, pattern)"));
        assertThat(ReplySplitter.active()).isSameAs(ReplyPatterns.shipped());
    }

    private static String javaRegexError(String regex) {
        try {
            java.util.regex.Pattern.compile(regex);
            throw new AssertionError("expected an invalid regex");
        }
        catch (java.util.regex.PatternSyntaxException e) {
            return e.getDescription() + " near index " + e.getIndex();
        }
    }

    @Test
    void backtrackingRisksAreRecognised() {
        assertThat(ReplyPatterns.backtrackingRisk("^(a+)+$")).contains("nested repetition (a+)+");
        assertThat(ReplyPatterns.backtrackingRisk("^(?:x|y*){2,}z")).contains("nested repetition");
        assertThat(ReplyPatterns.backtrackingRisk("(a)\\1")).contains("back-references");
        assertThat(ReplyPatterns.backtrackingRisk("^[(a+)]+$")).as("inside a class, + is a character").isNull();
        assertThat(ReplyPatterns.backtrackingRisk("^(On|At) .{1,300}?\\b(wrote)\\s*[:.>-]*\\s*$")).isNull();
        assertThat(ReplyPatterns.backtrackingRisk("^(napisał(\\(a\\))?|x)+")).isNull();
    }
}
