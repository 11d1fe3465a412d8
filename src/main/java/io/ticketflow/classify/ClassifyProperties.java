package io.ticketflow.classify;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param embedBelow          the cascade's setting at run time ({@code embed-below}): a model with sentence embeddings
 *                            computes a mail's embedding only when its sparse model's top probability is below this
 *                            (0 = never, 1 = every mail); unset (null), each model keeps the {@code embed-below} it was
 *                            trained with ({@code params.properties}). The embedding is most of the stage's CPU, so
 *                            this trades CPU for accuracy without retraining (docs/classification.md, "Round 7: cascade")
 */
@ConfigurationProperties("ticketflow.classify")
public record ClassifyProperties(String directory,
        @Name("reload-check-ms") @DurationUnit(ChronoUnit.MILLIS) Duration reloadCheck, Integer minLanguageLetters,
        Double embedBelow) {

    @ConstructorBinding
    public ClassifyProperties {
        directory = directory == null || directory.isBlank() ? "classifiers" : directory;
        reloadCheck = reloadCheck == null ? Duration.ofSeconds(2) : reloadCheck;
        minLanguageLetters = minLanguageLetters == null ? 20 : minLanguageLetters;
        if (embedBelow != null && !(embedBelow >= 0 && embedBelow <= 1)) {
            throw new IllegalArgumentException("ticketflow.classify.embed-below must be between 0 and 1, not " + embedBelow);
        }
    }

    /** Each model's own embed-below. */
    public ClassifyProperties(String directory, Duration reloadCheck, Integer minLanguageLetters) {
        this(directory, reloadCheck, minLanguageLetters, null);
    }
}
