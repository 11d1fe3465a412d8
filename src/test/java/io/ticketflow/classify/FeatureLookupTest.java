package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The features as chars in a buffer (looked up without making strings) against the features as OpenNLP gets them and
 * as they were made before: the same features in the same order, and the same known ids for every text, on the
 * shipped starter data, banking77, CLINC150, the reply-trimming corpus and made-up edge cases.
 */
class FeatureLookupTest {


    @Test
    void theFeaturesAreTheSameAsBeforeAndTheKnownIdsTheSameAsFromTheStrings() throws IOException {
        ClassifierSet set = new ClassifierRegistry(Path.of("classifiers"), ChronoUnit.FOREVER.getDuration()).classifierSet();
        List<String> texts = texts();
        long features = 0;
        long known = 0;
        for (String text : texts) {
            String[] tokens = DocClassifier.Features.tokensOf(text);
            String[] before = previousFeatures(tokens);
            String[] now = DocClassifier.Features.of(text).features();
            assertThat(now).as(text).containsExactly(before);
            int[] ids = set.known(tokens);
            assertThat(ids).as(text).containsExactly(set.knownFromStrings(before));
            features += before.length;
            known += ids.length;
        }
        // the check covered real work: many texts, features, and both known and unknown features
        assertThat(texts.size()).isGreaterThan(500);
        assertThat(known).isPositive().isLessThan(features);
    }

    @Test
    void theNormalizerSkipsOnlyPatternsThatCouldNotHaveMatched() throws IOException {
        int changedByDigitPatterns = 0;
        int digitFree = 0;
        for (String text : texts()) {
            for (String variant : text == null ? java.util.Collections.<String>singletonList(null)
                    : List.of(text, text.toUpperCase(java.util.Locale.ROOT), text.replace('s', 'ſ').replace('k', '\u212a'),
                            text.replace("i", "İ").replace("t", "ı"))) {
                String expected = TextNormalizer.normalizeUnfiltered(variant);
                assertThat(TextNormalizer.normalize(variant)).as(variant).isEqualTo(expected);
                if (variant != null && expected.contains("_num")) {
                    changedByDigitPatterns++;
                }
                if (variant != null && variant.chars().noneMatch(c -> c >= '0' && c <= '9')) {
                    digitFree++;
                }
            }
        }
        // both sides of the prefilter were exercised
        assertThat(changedByDigitPatterns).isGreaterThan(100);
        assertThat(digitFree).isGreaterThan(100);
    }

    @Test
    void theIndexFindsEveryNameAtItsPlaceAndNothingElse() {
        List<String> names = List.of("w=refund", "c=<re", "b=^_hello", "", "c=ΐα>", "w=" + "x".repeat(200), "Aa", "BB");
        FeatureIndex index = new FeatureIndex(names);
        for (int i = 0; i < names.size(); i++) {
            assertThat(index.indexOf(names.get(i))).isEqualTo(i);
        }
        // "Aa" and "BB" have the same String hash: told apart by their chars
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(index.indexOf("C#")).isEqualTo(-1);
        assertThat(index.indexOf("w=refunds")).isEqualTo(-1);
        assertThat(index.indexOf("w=refun")).isEqualTo(-1);
        assertThat(new FeatureIndex(List.of()).indexOf("w=a")).isEqualTo(-1);
    }

    /** TicketTextFeatures as it was written before the chars form (string concatenation and substrings). */
    private static String[] previousFeatures(String[] tokens) {
        List<String> features = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            features.add("w=" + token);
            features.add("b=" + (i == 0 ? "^" : tokens[i - 1]) + "_" + token);
            if (token.charAt(0) != '_') {
                String word = "<" + token + ">";
                for (int n = 3; n <= 5; n++) {
                    for (int start = 0; start + n <= word.length(); start++) {
                        features.add("c=" + word.substring(start, start + n));
                    }
                }
            }
        }
        if (tokens.length > 0) {
            features.add("b=" + tokens[tokens.length - 1] + "_$");
        }
        return features.toArray(String[]::new);
    }

    private static List<String> texts() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String name : ClassifierRegistry.SHIPPED) {
            TrainingData.read(Path.of("classifiers").resolve(name).resolve(ClassifierRegistry.DATA_FILE))
                    .forEach(t -> texts.add(t.text()));
        }
        CorpusSamples.addPublicTexts(texts);
        // edge cases: nothing, one char, a token longer than the buffer, odd case and surrogate pairs
        texts.addAll(Arrays.asList(null, "", " ", "a", "Invoice INV-2024/17 for order #A-1234 on 12.03.2024 at 10:30 pm: €49.90, 15 %",
                "see https://example.com/x?id=3 or WWW.Example.org, mail John.Doe+x@Example.co.uk, Rechnung Nr. 55", "x".repeat(500) + " " + "y".repeat(70), "İstanbul ſtraße KELVIN",
                "emoji 😀 mañana Rückerstattung", "_underscore words __ _", Map.of("k", "v").toString()));
        return texts;
    }
}
