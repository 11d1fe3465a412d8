package io.ticketflow.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.Classification;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** Hot reload of the rule file; a broken edit never replaces the running rules. */
class RoutingRulesTest {

    @TempDir
    Path dir;

    private static void write(Path file, String yaml, long mtime) throws Exception {
        Files.writeString(file, yaml);
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime));
    }

    private static String queueOf(RoutingRules rules) {
        return rules.route(RuleFileParserTest.message("a@b.c", "s", "t", new Classification(null, null))).queue();
    }

    @Test
    void reloadsGoodEditsAndKeepsTheLastGoodSetOnBrokenOnes() throws Exception {
        Path file = dir.resolve("routing.yml");
        write(file, "rules:\n  - id: r\n    then: {queue: first}\n", 1_000_000);
        RoutingRules rules = new RoutingRules(file, Duration.ZERO);
        assertThat(queueOf(rules)).isEqualTo("first");
        assertThat(rules.problems()).isEmpty();

        write(file, "rules:\n  - id: r\n    then: {queue: second}\n", 2_000_000);
        assertThat(queueOf(rules)).isEqualTo("second");

        write(file, "rules:\n  - id: r\n    then: {queue: third, level: L9}\n", 3_000_000);
        assertThat(queueOf(rules)).isEqualTo("second");
        assertThat(rules.problems()).containsExactly(file + ":3: rules[0].then.level: must be one of [L0, L1, L2], found 'L9'");
        assertThat(rules.rules().source()).isEqualTo(file.toString());
        Health health = new RoutingHealthIndicator(rules).health();
        assertThat(health.getStatus().getCode()).isEqualTo("ALERT");
        assertThat(health.getDetails().get("errors")).isEqualTo(rules.problems());
        assertThat(health.getDetails().get("running")).isEqualTo(file.toString());

        write(file, "rules:\n  - id: r\n    then: {queue: fourth}\n", 4_000_000);
        assertThat(queueOf(rules)).isEqualTo("fourth");
        assertThat(rules.problems()).isEmpty();
        assertThat(new RoutingHealthIndicator(rules).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aBrokenFileAtStartFallsBackToTheShippedRules() throws Exception {
        Path file = dir.resolve("routing.yml");
        write(file, "rules: [ {id: x, then: {level: nope}} ]\n", 1_000_000);
        RoutingRules rules = new RoutingRules(file, Duration.ZERO);
        assertThat(rules.problems()).hasSize(1).first().asString().startsWith(file + ":1: rules[0].then.level");
        assertThat(rules.rules().source()).isEqualTo("classpath:routing.yml");
        assertThat(queueOf(rules)).isEqualTo("general");
    }
}
