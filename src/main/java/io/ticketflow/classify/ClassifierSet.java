package io.ticketflow.classify;

import io.ticketflow.vocabulary.Prediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The loaded classifiers with one index over the vocabularies of all their weighted models, so that a mail's features
 * are extracted once and each feature is looked up once, whatever the number of models (it used to be a hash lookup
 * per feature in each model's vocabulary and another in each model's parameters). The sentence embedding is computed
 * at most once per mail, by the first model that is unsure. Immutable; a new set is made when the models change.
 */
final class ClassifierSet {

    private final Map<String, DocClassifier> classifiers;
    /** Every feature of any weighted model's vocabulary → its index in this set. */
    private final FeatureIndex joint;
    /** Per vocabulary: the set's index → the vocabulary's index, or -1. */
    private final Map<FeatureWeights, int[]> local = new IdentityHashMap<>();

    ClassifierSet(Map<String, DocClassifier> classifiers) {
        this.classifiers = new LinkedHashMap<>(classifiers);
        // indexes in the names' order, like each vocabulary's (FeatureWeights.fit sorts them): then a mail's features
        // sorted once by this index are in order for every model too, and no model sorts them again
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        classifiers.values().forEach(c -> {
            FeatureWeights w = c.scoredWeights();
            if (w != null && !local.containsKey(w)) {
                for (int i = 0; i < w.size(); i++) {
                    names.add(w.name(i));
                }
                local.put(w, null);
            }
        });
        joint = new FeatureIndex(names);
        local.replaceAll((w, none) -> {
            int[] map = new int[joint.size()];
            java.util.Arrays.fill(map, -1);
            for (int i = 0; i < w.size(); i++) {
                map[joint.indexOf(w.name(i))] = i;
            }
            return map;
        });
    }

    /** Whether this set was made of exactly these classifier instances. */
    boolean isOf(Map<String, DocClassifier> current) {
        if (current.size() != classifiers.size()) {
            return false;
        }
        for (Map.Entry<String, DocClassifier> e : current.entrySet()) {
            if (classifiers.get(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    boolean isEmpty() {
        return classifiers.isEmpty();
    }

    /**
     * Every classifier's prediction for a message's text (subject and body, {@link MessageClassifier#textOf});
     * embedded is told when a model needed the sentence embedding.
     */
    Map<String, Prediction> predict(String text, Runnable embedded) {
        return predict(text, embedded, Double.NaN);
    }

    /** The same with the cascade's embed-below set for every model (NaN: each model's own). */
    Map<String, Prediction> predict(String text, Runnable embedded, double embedBelow) {
        return predict(text, embedded, embedBelow, null);
    }

    /**
     * The cascade in two stages: every model's sparse answer now, and for the models unsure of theirs (below
     * embed-below) what the model with the sentence embedding says only when {@link Staged#refined} is asked. The
     * refined answers are those {@link #predict} gives, from the same vectors and the same once-per-mail embedding.
     */
    Staged predictStaged(String text, Runnable embedded, double embedBelow) {
        List<Unsure> unsure = new ArrayList<>(2);
        Map<String, Prediction> sparse = predict(text, embedded, embedBelow, unsure);
        return new Staged(sparse, unsure);
    }

    /** A model unsure of its sparse answer, with what its refinement needs. */
    private record Unsure(String name, DocClassifier classifier, FeatureWeights.Vector vector, double[] scores,
            Supplier<float[]> embedding) {
    }

    /** The sparse answers of one mail and the unsure models' refinement, computed on request (not thread-safe). */
    static final class Staged {
        private final Map<String, Prediction> sparse;
        private final List<Unsure> unsure;

        private Staged(Map<String, Prediction> sparse, List<Unsure> unsure) {
            this.sparse = sparse;
            this.unsure = unsure;
        }

        /** Every model's answer, the unsure ones as their sparse model gives them. */
        Map<String, Prediction> sparse() {
            return sparse;
        }

        /** The names of the models whose answer the embedding would change. */
        java.util.Set<String> unsure() {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            unsure.forEach(u -> names.add(u.name()));
            return names;
        }

        /** The cascade's answers (the sentence embedding computed now, once, if some model is unsure). */
        Map<String, Prediction> refined() {
            if (unsure.isEmpty()) {
                return sparse;
            }
            Map<String, Prediction> out = new LinkedHashMap<>(sparse);
            for (Unsure u : unsure) {
                out.put(u.name(), u.classifier().refined(u.vector(), u.scores(), u.embedding()));
            }
            return out;
        }
    }

    /** later null: the whole cascade now; else the unsure models are left to {@link Staged#refined}, listed there. */
    private Map<String, Prediction> predict(String text, Runnable embedded, double embedBelow, List<Unsure> later) {
        String[] tokens = DocClassifier.Features.tokensOf(text);
        int[] known = known(tokens);
        String body = text == null ? "" : text;
        OncePerMail embedding = new OncePerMail(body, embedded);
        DocClassifier.Features features = null;
        Map<String, Prediction> out = new LinkedHashMap<>();
        for (Map.Entry<String, DocClassifier> e : classifiers.entrySet()) {
            String name = e.getKey();
            DocClassifier c = e.getValue();
            int[] map = local.get(c.scoredWeights());
            if (map == null) {
                // a model of another form (plain feature counts) scores its own way, from the feature strings
                if (features == null) {
                    features = DocClassifier.Features.of(tokens, body);
                }
                out.put(name, c.predict(features));
                continue;
            }
            int[] found = new int[known.length];
            int n = 0;
            for (int id : known) {
                int i = map[id];
                if (i >= 0) {
                    found[n++] = i;
                }
            }
            FeatureWeights.Vector vector = c.scoredWeights().vector(found, n);
            Supplier<float[]> embeddingOf = embedding.by(c.encoder(), c.pieces());
            if (later == null) {
                out.put(name, c.predict(vector, embeddingOf, embedBelow));
                continue;
            }
            double[] scores = c.sparseScores(vector);
            if (c.unsure(scores, embedBelow)) {
                later.add(new Unsure(name, c, vector, scores, embeddingOf));
            }
            out.put(name, c.sparse(scores));
        }
        return out;
    }

    /**
     * The set's indexes of the features any model knows, ascending (repeats kept: they are counted), found from the
     * features' chars ({@link TicketTextFeatures#forEach}) without making a string of each.
     */
    int[] known(String[] tokens) {
        int[][] ids = { new int[tokens.length * 16] };
        int[] n = { 0 };
        TicketTextFeatures.forEach(tokens, (chars, length) -> {
            int id = joint.indexOf(chars, length);
            if (id >= 0) {
                if (n[0] == ids[0].length) {
                    ids[0] = java.util.Arrays.copyOf(ids[0], 2 * n[0] + 16);
                }
                ids[0][n[0]++] = id;
            }
        });
        int[] known = java.util.Arrays.copyOf(ids[0], n[0]);
        java.util.Arrays.sort(known);
        return known;
    }

    /** The same from the feature strings: the way it was done before, kept to prove the two agree. */
    int[] knownFromStrings(String[] features) {
        int[] ids = new int[features.length];
        int n = 0;
        for (String f : features) {
            int id = joint.indexOf(f);
            if (id >= 0) {
                ids[n++] = id;
            }
        }
        int[] known = java.util.Arrays.copyOf(ids, n);
        java.util.Arrays.sort(known);
        return known;
    }

    /**
     * The sentence embedding of one mail, computed on first use, per encoder and cap (the models may use different
     * encoders, and a model trained before the cap changed reads its own number of word pieces).
     */
    private static final class OncePerMail {
        private final String text;
        private final Runnable embedded;
        private final Map<Input, float[]> vectors = new HashMap<>(4);
        private boolean told;

        private record Input(SentenceEncoder encoder, int pieces) {
        }

        OncePerMail(String text, Runnable embedded) {
            this.text = text;
            this.embedded = embedded;
        }

        Supplier<float[]> by(SentenceEncoder encoder, int pieces) {
            return () -> {
                Input e = new Input(encoder, pieces);
                float[] v = vectors.get(e);
                if (v == null) {
                    if (!told) {
                        told = true;
                        embedded.run();
                    }
                    // encoders side by side reuse their parts' vectors (another model may use one part alone)
                    v = encoder.parts.isEmpty() ? SentenceEmbedder.of(encoder).embed(text, pieces)
                            : SentenceEmbedder.concatenate(encoder.parts.stream().map(p -> by(p, pieces).get())
                                    .toArray(float[][]::new));
                    vectors.put(e, v);
                }
                return v;
            };
        }
    }
}
