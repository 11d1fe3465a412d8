package io.ticketflow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.config.ConfigFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** config/review.yml: the shipped file loads; every mistake is reported at once with file, line and field. */
class ReviewConfigLoaderTest {

    @Test
    void theShippedFileLoads() throws Exception {
        ReviewConfig c = ReviewConfigLoader.load("config/review.yml", Files.readString(Path.of("config/review.yml")));
        assertThat(c.enabled()).isTrue();
        assertThat(c.perAgentPerWeek()).isEqualTo(3);
        assertThat(c.rate()).isNull();
        assertThat(c.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.criteria()).containsExactly("accuracy", "completeness", "process", "tone");
        assertThat(c.rubric().get("process").max()).isEqualTo(2);
        assertThat(c.minimum()).isEqualTo(3);
        assertThat(c.maximum()).isEqualTo(17);
    }

    @Test
    void aRateInsteadOfANumber() {
        ReviewConfig c = ReviewConfigLoader.load("r.yml", """
                version: 1
                sampling: { rate: 0.25 }
                rubric:
                  tone: { scale: [0, 3] }
                """);
        assertThat(c.rate()).isEqualTo(0.25);
        assertThat(c.perAgentPerWeek()).isNull();
        assertThat(c.lookbackWeeks()).isEqualTo(2);
    }

    @Test
    void everyProblemIsReportedWithFileLineAndField() {
        assertThatThrownBy(() -> ReviewConfigLoader.load("config/review.yml", """
                version: 1
                sampling:
                  perAgentPerWeek: 3
                  rate: 2
                  zone: Mars/Olympus
                rubric:
                  accuracy:
                    scale: [5, 1]
                  Tone:
                    scale: [1, 5]
                    weight: 2
                  speed:
                    description: fast
                """)).isInstanceOf(ConfigFileException.class)
                .satisfies(e -> assertThat(((ConfigFileException) e).problems()).containsExactly(
                        "config/review.yml:4: sampling.rate: expected a number between 0 and 1, found '2'",
                        "config/review.yml:4: sampling.rate: set perAgentPerWeek or rate, not both",
                        "config/review.yml:5: sampling.zone: \"Mars/Olympus\" is not a time zone (write Europe/Berlin, UTC)",
                        "config/review.yml:8: rubric.accuracy.scale: expected [min, max], whole numbers with 0 <= min < max <= 100",
                        "config/review.yml:9: rubric.Tone: criterion ids are lower-case words with dashes (a-z, 0-9, -), up to 40",
                        "config/review.yml:11: rubric.Tone.weight: unknown field (known: description, scale)",
                        "config/review.yml:13: rubric.speed.scale: missing: scale: [1, 5]"));
    }

    @Test
    void noSamplingRuleAndNoRubricAreProblemsToo() {
        assertThatThrownBy(() -> ReviewConfigLoader.load("r.yml", """
                version: 1
                sampling: { zone: UTC }
                rubric: {}
                """)).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("r.yml:2: sampling: set perAgentPerWeek (tickets) or rate (share), one of them")
                .hasMessageContaining("r.yml:3: rubric: needs at least one criterion");
    }
}
