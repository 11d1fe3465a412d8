package io.ticketflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;

class ConfigFileFailureAnalyzerTest {

    @Test
    void aRefusedAdminFileIsExplainedByItsProblems() {
        var failure = new BeanCreationException("screener", "Error creating bean", new ConfigFileException(List.of(
                "config/screening-markers.yml:3: bounce[0].from: invalid regular expression: x",
                "config/screening-markers.yml:8: auto-reply[0].matchs: unknown field (known: ...)")));
        var analysis = new ConfigFileFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).contains("config/screening-markers.yml:3: bounce[0].from: invalid regular")
                .contains("config/screening-markers.yml:8: auto-reply[0].matchs: unknown field");
        assertThat(analysis.getAction()).contains("file:line");
        assertThat(new ConfigFileFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
    }
}
