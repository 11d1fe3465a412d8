package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.ticketflow.bench.MailGenerator;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.RawMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import opennlp.tools.tokenize.WordpieceTokenizer;
import org.junit.jupiter.api.Test;

/**
 * {@link WordPieces} cuts exactly the pieces OpenNLP's {@link WordpieceTokenizer} cut (whole text, then the cap), and the
 * embedding from flat buffers is the vector the nested arrays gave, to the last bit.
 */
class WordPiecesTest {

    private static final SentenceEmbedder EMBEDDER = SentenceEmbedder.shared();

    @Test
    void theIdsAreOpenNlpsAtEveryCap() throws IOException {
        WordpieceTokenizer openNlp = new WordpieceTokenizer(EMBEDDER.vocabulary().keySet());
        List<String> texts = texts();
        assertThat(texts).hasSizeGreaterThan(1000);
        long cut = 0;
        for (String text : texts) {
            for (int cap : new int[] { 1, 2, 3, 8, 48, 64, 512 }) {
                long[] expected = byOpenNlp(openNlp, text, cap);
                assertThat(EMBEDDER.ids(text, cap)).as(cap + " " + text).isEqualTo(expected);
                cut += cap == SentenceEmbedder.MAX_PIECES && byOpenNlp(openNlp, text, 10_000).length > cap ? 1 : 0;
            }
        }
        // the generated mails are long: many are cut at the cap, so the early stop is exercised
        assertThat(cut).isGreaterThan(300);
    }

    @Test
    void theCharTableCleansAsThePatternsDo() throws IOException {
        List<String> texts = texts();
        // every char of the table alone and after a letter, and random runs of them (a Greek or combining char in a
        // few, which sends the whole text to the patterns)
        StringBuilder table = new StringBuilder();
        for (char c = 0; c < 0x20D0; c = c == 0xFF ? 0x2000 : (char) (c + 1)) {
            table.append(c);
            texts.add(String.valueOf(c));
            texts.add("E" + c + "e");
        }
        Random random = new Random(18);
        for (int i = 0; i < 3000; i++) {
            char[] run = new char[random.nextInt(300)];
            for (int k = 0; k < run.length; k++) {
                run[k] = table.charAt(random.nextInt(table.length()));
            }
            if (i % 10 == 0 && run.length > 0) {
                run[random.nextInt(run.length)] = "Σ\u0301\u0130".charAt(i % 3);
            }
            texts.add(new String(run));
        }
        int tabled = 0;
        for (String text : texts) {
            String cut = text.length() > 576 ? text.substring(0, 576) : text;
            assertThat(SentenceEmbedder.cleaned(text, 48)).as(text).isEqualTo(SentenceEmbedder.cleanedByPatterns(cut));
            tabled += cut.chars().allMatch(c -> c < 0x100 || c >= 0x2000 && c < 0x20D0) ? 1 : 0;
        }
        // most texts take the table
        assertThat(tabled).isGreaterThan(texts.size() / 2);
    }

    @Test
    void wordsOfEveryKindAreCutAsOpenNlpCutsThem() {
        WordpieceTokenizer openNlp = new WordpieceTokenizer(EMBEDDER.vocabulary().keySet());
        // a word of 50 chars and one of 51 ([UNK]), punctuation runs, a word no piece continues, odd spaces
        List<String> words = List.of("a".repeat(50), "b".repeat(51), "x!!?y", "...", "#hash ##tag", "qqqqzzzz",
                "unaffable", "naïve café", "tab\tand\u00a0nbsp\u2007figure\u3000ideographic", "日本語 中文", "𐐀𐐁 😀",
                "don't", "e-mail@example.com", "http://example.com/a_b?c=d", "\u200bzero width", "[CLS] [SEP] [UNK]");
        for (String w : words) {
            for (int cap : new int[] { 2, 5, 48, 512 }) {
                assertThat(EMBEDDER.ids(w, cap)).as(cap + " " + w).isEqualTo(byOpenNlp(openNlp, w, cap));
            }
        }
    }

    @Test
    void theVectorIsTheNestedArraysVector() throws Exception {
        List<String> texts = new ArrayList<>(starterTexts());
        generatedTexts().stream().limit(100).forEach(texts::add);
        for (String text : texts) {
            assertThat(EMBEDDER.embed(text)).as(text).isEqualTo(byNestedArrays(EMBEDDER, text));
        }
    }

    /** As SentenceEmbedder cut the ids before WordPieces: OpenNLP's tokenizer over the whole cleaned text, then the cap. */
    private static long[] byOpenNlp(WordpieceTokenizer openNlp, String text, int maxPieces) {
        Map<String, Integer> vocabulary = EMBEDDER.vocabulary();
        String cut = text == null ? "" : text.length() > maxPieces * 12 ? text.substring(0, maxPieces * 12) : text;
        String[] pieces = openNlp.tokenize(SentenceEmbedder.cleanedByPatterns(cut));
        int n = Math.min(pieces.length, maxPieces);
        long[] ids = new long[n];
        for (int i = 0; i < n - 1; i++) {
            ids[i] = vocabulary.getOrDefault(pieces[i], vocabulary.get(WordpieceTokenizer.BERT_UNK_TOKEN));
        }
        ids[n - 1] = vocabulary.get(WordpieceTokenizer.BERT_SEP_TOKEN);
        return ids;
    }

    /** As SentenceEmbedder ran the encoder before: nested arrays in, the output as float[1][tokens][384], mean pooled. */
    private static float[] byNestedArrays(SentenceEmbedder e, String text) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] ids = e.pieces(text);
        long[][] mask = new long[1][ids.length];
        java.util.Arrays.fill(mask[0], 1);
        try (OnnxTensor inputIds = OnnxTensor.createTensor(env, new long[][] { ids });
                OnnxTensor attention = OnnxTensor.createTensor(env, mask);
                OnnxTensor types = OnnxTensor.createTensor(env, new long[1][ids.length])) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", inputIds);
            inputs.put("attention_mask", attention);
            inputs.put("token_type_ids", types);
            try (OrtSession.Result result = e.session().run(inputs)) {
                float[][] tokens = ((float[][][]) result.get(0).getValue())[0];
                float[] mean = new float[tokens[0].length];
                for (float[] t : tokens) {
                    for (int k = 0; k < mean.length; k++) {
                        mean[k] += t[k];
                    }
                }
                double norm = 0;
                for (float v : mean) {
                    norm += (double) v * v;
                }
                float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
                for (int k = 0; k < mean.length; k++) {
                    mean[k] *= scale;
                }
                return mean;
            }
        }
    }

    private static List<String> starterTexts() throws IOException {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> folders = Files.list(Path.of("classifiers"))) {
            for (Path folder : folders.sorted().toList()) {
                TrainingData.read(folder.resolve(ClassifierRegistry.DATA_FILE)).forEach(t -> texts.add(t.text()));
            }
        }
        return texts;
    }

    /** What the classifiers embed for 500 generated benchmark mails: subject and new content. */
    private static List<String> generatedTexts() {
        MessageParser parser = new MessageParser();
        return MailGenerator.generate(MailGenerator.Options.of(11, 500)).stream()
                .map(m -> parser.parse(RawMessage.of(m.bytes(), "imap", "support")))
                .map(p -> MessageClassifier.textOf(p.subject(),
                        p.newContent() == null || p.newContent().isBlank() ? p.text() : p.newContent()))
                .toList();
    }

    /** Starter data, generated mails, the corpora where present, and random runs of odd chars. */
    private static List<String> texts() throws IOException {
        List<String> texts = new ArrayList<>(starterTexts());
        texts.addAll(generatedTexts());
        CorpusSamples.addPublicTexts(texts);
        Random random = new Random(17);
        String alphabet = "abcdefghijklmnopqrstuvwxyz ÄÖÜßÉÈàçñ ЖжИи αβγ 日本語 -.,!?#'\"()[]@/_\t\n\r\u00a0\u2003\u0301\u0007"
                + "0123456789 𐐀 😀";
        for (int i = 0; i < 300; i++) {
            StringBuilder soup = new StringBuilder();
            for (int c = random.nextInt(700); c > 0; c--) {
                soup.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(soup.toString());
        }
        texts.addAll(List.of("", " ", "x", "!", "?!?!"));
        return texts;
    }
}
