package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LanguageNormalizerTest {

    private static final Path CORPORA = Path.of(System.getProperty("ticketflow.corpora", "../shared/corpora"));

    @Test
    void givesOpenNlpsOutputOnTextMadeToHitEveryExpression() {
        List<String> texts = new ArrayList<>(List.of("", " ", "x", "  a  ", "\t\tb\n", "a\nb", "a\n\nb", "\r\n\r\n",
                "see https://example.com/a?b=1#c and http://x.org.", "ftp://example.com", "mail me at a.b-c@ex-ample.com now",
                "x@y", "@@@", "##tag and #tag, @user: hi", "RT @user: RT RT: rt rt text", "start report art rt", "_rt x",
                "1rt 2", ":) ;-) xD xd :-( :-x x-p X-P experience exposure :o ;(", "x--p", "haha hehehe jajaja HAHA hAhA",
                "Johann Jahr oha hihi aha", "jjaaajjaaa", "sooooo annoying!!!!!! ... ---- ====", "aAa AaA aaAAaa", "ÉÉÉ ééÉ",
                "\u0085\u0085\u0085 \u2028\u2028\u2028 \u00A0\u00A0\u00A0", "12345 1,234.56 v2.3.1 12/05/2026", "a1b2c3",
                "emoji 😀😀 in text", "lone \uD83D surrogate", "\uDE00 low first", "mixed 😀 https://x.io @u 123 :) haha",
                "  trailing spaces and tabs \t", "\u000B\f vertical tab and form feed \u000B\u000B",
                "e-mail --foobar-- MIME-Version", "\uFEFFbom \uFFFD\uFFFD replacement \uFF21\uFF22 fullwidth \uE000 private"));
        // random strings over the characters the expressions look at, with a fixed seed
        String alphabet = "rtRT :;xX-()dDoOpPhHjJaeiouAEIOU019\n\t\r\u000B\f@#./_~?&=+ébß\u0085\u2028\u00A0Ω\uD7FF\uE000\uFFFD";
        Random random = new Random(17);
        for (int i = 0; i < 100_000; i++) {
            int length = random.nextInt(24);
            StringBuilder s = new StringBuilder(length);
            for (int k = 0; k < length; k++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(s.toString());
        }
        for (String text : texts) {
            assertThat(LanguageNormalizer.normalize(text)).as(text).isEqualTo(openNlp(text));
        }
    }

    @Test
    void givesOpenNlpsOutputAndLanguageOnRealMail() throws IOException {
        List<String> texts = realText();
        assumeTrue(texts.size() > 1000, "the shared corpora are absent at " + CORPORA);
        LanguageDetection detection = new LanguageDetection(20);
        int samples = 0;
        for (String text : texts) {
            assertThat(LanguageNormalizer.normalize(text)).as(text).isEqualTo(openNlp(text));
            // the detector's sample (the first 300 chars) of this text: the same language as OpenNLP's own detector
            String sample = text.length() > LanguageDetection.SAMPLE_CHARS ? text.substring(0, LanguageDetection.SAMPLE_CHARS) : text;
            assertThat(detection.detect(sample)).as(sample).isEqualTo(detection.detectWithOpenNlp(sample));
            samples++;
        }
        assertThat(samples).isGreaterThan(1000);
    }

    private static String openNlp(String text) {
        return LanguageNormalizer.OPENNLP.normalize(text).toString();
    }

    /**
     * The raw mail of the shared corpora (headers, MIME parts, base64, HTML, replies), whole and in windows of 300
     * chars, and one query in 20 of banking77.
     */
    private static List<String> realText() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String folder : List.of("mime", "reply-trimming")) {
            Path root = CORPORA.resolve(folder);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    if (Files.size(file) > 2_000_000) {
                        continue;
                    }
                    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                    texts.add(text.length() > 200_000 ? text.substring(0, 200_000) : text);
                    for (int start = 0; start < Math.min(text.length(), 50_000); start += 150) {
                        texts.add(text.substring(start, Math.min(text.length(), start + 300)));
                    }
                }
            }
        }
        Path banking = CORPORA.resolve("classification/banking77/train.csv");
        if (Files.isRegularFile(banking)) {
            List<String> lines = Files.readAllLines(banking);
            for (int i = 1; i < lines.size(); i += 20) {
                texts.add(lines.get(i));
            }
        }
        return texts;
    }
}
