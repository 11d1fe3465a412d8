package io.ticketflow.classify;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Classification settings ({@code ticketflow.classify.*}).
 *
 * @param directory           where the classifiers live, one folder each ({@code classifiers/<name>/model.bin ...});
 *                            when absent, the models shipped inside the jar are used
 * @param reloadCheckMs       how often model and parameter files are checked for changes (hot reload)
 * @param minLanguageLetters  texts with fewer letters get language {@code und}: the detector guesses on short text
 */
@ConfigurationProperties("ticketflow.classify")
public record ClassifyProperties(String directory, Long reloadCheckMs, Integer minLanguageLetters) {

    public ClassifyProperties {
        directory = directory == null || directory.isBlank() ? "classifiers" : directory;
        reloadCheckMs = reloadCheckMs == null ? 2000L : reloadCheckMs;
        minLanguageLetters = minLanguageLetters == null ? 20 : minLanguageLetters;
    }
}
