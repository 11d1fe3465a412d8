package io.ticketflow.classify;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.boot.convert.DurationUnit;

/**
 * Classification settings ({@code ticketflow.classify.*}).
 *
 * @param directory           where the classifiers live, one folder each ({@code classifiers/<name>/model.bin ...});
 *                            when absent, the models shipped inside the jar are used
 * @param reloadCheck         how often model and parameter files are checked for changes (hot reload); key
 *                            {@code reload-check-ms}: a plain number is milliseconds, {@code 2s} works too
 * @param minLanguageLetters  texts with fewer letters get language {@code und}: the detector guesses on short text
 */
@ConfigurationProperties("ticketflow.classify")
public record ClassifyProperties(String directory,
        @Name("reload-check-ms") @DurationUnit(ChronoUnit.MILLIS) Duration reloadCheck, Integer minLanguageLetters) {

    public ClassifyProperties {
        directory = directory == null || directory.isBlank() ? "classifiers" : directory;
        reloadCheck = reloadCheck == null ? Duration.ofSeconds(2) : reloadCheck;
        minLanguageLetters = minLanguageLetters == null ? 20 : minLanguageLetters;
    }
}
