package io.ticketflow.classify;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.ticketflow.bench.MailGenerator;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.RawMessage;
import java.lang.management.ManagementFactory;
import java.util.*;
import opennlp.tools.tokenize.WordpieceTokenizer;

/**
 * Round 12 classify: the Java side of the sentence embedding the previous way (OpenNLP's WordpieceTokenizer over the
 * whole cleaned text, ids by HashMap, nested arrays in and out) and the new one (WordPieces up to the cap, flat
 * buffers), on the texts the classifiers embed for 500 generated mails; first proves ids and vectors equal for every
 * mail, then times both alternating mail by mail: the ids alone, and the whole embed call (ONNX run included).
 */
public class EmbedAB {
    public static void main(String[] a) throws Exception {
        MessageParser parser = new MessageParser();
        List<String> texts = MailGenerator.generate(MailGenerator.Options.of(11, 500)).stream()
                .map(m -> parser.parse(RawMessage.of(m.bytes(), "imap", "support")))
                .map(p -> MessageClassifier.textOf(p.subject(), p.newContent() == null || p.newContent().isBlank() ? p.text() : p.newContent()))
                .toList();
        SentenceEmbedder e = SentenceEmbedder.shared();
        WordpieceTokenizer openNlp = new WordpieceTokenizer(e.vocabulary().keySet());
        int cap = SentenceEmbedder.MAX_PIECES;
        for (String t : texts) {
            if (!Arrays.equals(e.ids(t, cap), previousIds(e, openNlp, t, cap))) throw new AssertionError("ids differ: " + t);
            if (!Arrays.equals(e.embed(t), previousEmbed(e, openNlp, t, cap))) throw new AssertionError("vector differs: " + t);
        }
        System.out.printf("%d texts: ids and vectors identical%n", texts.size());
        var bean = ManagementFactory.getThreadMXBean();
        int rounds = Integer.parseInt(a[0]);
        long[] t = new long[4]; long n = 0; double sink = 0;
        for (int r = 0; r < rounds; r++) for (String text : texts) {
            for (int order = 0; order < 2; order++) {
                boolean now = (order == 0) == (r % 2 == 0);
                long t0 = bean.getCurrentThreadCpuTime();
                long[] ids = now ? e.ids(text, cap) : previousIds(e, openNlp, text, cap);
                long t1 = bean.getCurrentThreadCpuTime();
                float[] v = now ? e.embed(text) : previousEmbed(e, openNlp, text, cap);
                long t2 = bean.getCurrentThreadCpuTime();
                sink += ids.length + v[0];
                if (r >= rounds / 2) { t[now ? 0 : 2] += t1 - t0; t[now ? 1 : 3] += t2 - t1; }
            }
            if (r >= rounds / 2) n++;
        }
        System.out.printf("second half of %d rounds, alternating, µs per mail (thread CPU):%n  word-piece ids (clean-up included): previous %.1f, now %.1f%n"
                + "  whole embed call (ids, tensors, ONNX run, pooling): previous %.1f, now %.1f   (%s)%n",
                rounds, t[2] / 1e3 / n, t[0] / 1e3 / n, t[3] / 1e3 / n, t[1] / 1e3 / n, sink != 0);
    }

    static long[] previousIds(SentenceEmbedder e, WordpieceTokenizer openNlp, String text, int maxPieces) {
        Map<String, Integer> vocabulary = e.vocabulary();
        String cut = text == null ? "" : text.length() > maxPieces * 12 ? text.substring(0, maxPieces * 12) : text;
        String[] pieces = openNlp.tokenize(SentenceEmbedder.cleanedByPatterns(cut));
        int n = Math.min(pieces.length, maxPieces);
        long[] ids = new long[n];
        for (int i = 0; i < n - 1; i++) ids[i] = vocabulary.getOrDefault(pieces[i], vocabulary.get(WordpieceTokenizer.BERT_UNK_TOKEN));
        ids[n - 1] = vocabulary.get(WordpieceTokenizer.BERT_SEP_TOKEN);
        return ids;
    }

    static float[] previousEmbed(SentenceEmbedder e, WordpieceTokenizer openNlp, String text, int maxPieces) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] ids = previousIds(e, openNlp, text, maxPieces);
        long[][] mask = new long[1][ids.length];
        Arrays.fill(mask[0], 1);
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
                for (float[] tok : tokens) for (int k = 0; k < mean.length; k++) mean[k] += tok[k];
                double norm = 0;
                for (float v : mean) norm += (double) v * v;
                float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
                for (int k = 0; k < mean.length; k++) mean[k] *= scale;
                return mean;
            }
        }
    }
}
