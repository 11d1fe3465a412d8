package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ticketflow rules check|test} with real files. */
class RulesCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) throws Exception {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = new RulesCommand().run(List.of(args));
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        }
        finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void dryRunOfAMessageFileShowsMatchedRulesAndFields() throws Exception {
        Path eml = dir.resolve("refund.eml");
        Files.writeString(eml, "From: Bob <bob@example.com>\r\nTo: support@ticketflow.local\r\nSubject: Refund please\r\n"
                + "Message-ID: <dry-1@example.com>\r\n\r\nI returned the item two weeks ago, please refund my money.\r\n");
        Run r = run("test", eml.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("rules matched: ").contains("refund-queue").contains("queue: refunds")
                .contains("level: L1").contains("language: eng").contains("category: ");
    }

    @Test
    void checkNamesFileLineAndFieldOfEachProblem() throws Exception {
        Path rules = dir.resolve("routing.yml");
        Files.writeString(rules, "rules:\n  - id: a\n    when: {subject: \"(\"}\n    then: {queue: x}\n");
        Run bad = run("check", rules.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith(rules + ":3: rules[0].when.subject: invalid regular expression");

        Run good = run("check", "config/routing.yml");
        assertThat(good.code()).isZero();
        assertThat(good.out()).containsPattern("config/routing.yml: OK, \\d+ rules");
    }

    @Test
    void badUsageIsExitCodeTwo() throws Exception {
        assertThat(run().code()).isEqualTo(2);
        assertThat(run("frobnicate").code()).isEqualTo(2);
        assertThat(run("replay").code()).isEqualTo(2);
    }
}
