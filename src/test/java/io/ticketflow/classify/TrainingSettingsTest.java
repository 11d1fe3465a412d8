package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training settings chosen by cross-validation: set by name, class-balanced C, the embedding SVM's scaling. */
class TrainingSettingsTest {

    @Test
    void anySettingCanBeChangedByItsFileName(@TempDir Path dir) throws Exception {
        ClassifierParams p = ClassifierParams.DEFAULTS.with("svm-c", "0.5").with("class-weight", "balanced")
                .with("embedding-scaling", "center").with("embedding-svm-c", "2");
        assertThat(p.svmC()).isEqualTo(0.5);
        assertThat(p.balanced()).isTrue();
        assertThat(p.embeddingScaling()).isEqualTo("center");
        assertThat(p.embeddingC()).isEqualTo(2);
        assertThat(p.with("char-weight", "0.5").familyWeights()).isEqualTo(new ClassifierParams.Families(1, 1, 0.5));
        assertThat(new ClassifierParams.Families(2, 3, 0.5).of("b=my_card")).isEqualTo(3);
        assertThat(ClassifierParams.DEFAULTS.encoder()).isEqualTo(SentenceEncoder.BGE); // training's default (round 8)
        assertThat(SentenceEncoder.DEFAULT).isEqualTo(SentenceEncoder.MINILM); // model files that name none
        assertThat(p.with("encoder", "e5").encoder()).isEqualTo(SentenceEncoder.E5);
        assertThat(p.with("encoder", "minilm+bge").encoder()).isEqualTo(SentenceEncoder.MINILM_BGE);
        assertThat(SentenceEncoder.MINILM_BGE.key()).isEqualTo("minilm+bge");
        assertThat(SentenceEncoder.MINILM_BGE.dimensions()).isEqualTo(768);
        assertThat(p.with("encoder", "e5").with("encoder", "bge")).isEqualTo(p);
        assertThat(ClassifierParams.DEFAULTS.embeddingC()).isEqualTo(ClassifierParams.DEFAULTS.svmC());
        // everything else stays
        assertThat(p.with("svm-c", "1.0").with("class-weight", "none").with("embedding-scaling", "none")
                .with("embedding-svm-c", "0")).isEqualTo(ClassifierParams.DEFAULTS);
        // the file form reads back the same
        Files.writeString(dir.resolve("params.properties"), p.toProperties());
        assertThat(ClassifierParams.read(dir.resolve("params.properties"))).isEqualTo(p);
        Files.writeString(dir.resolve("params.properties"), p.with("encoder", "bge").toProperties());
        assertThat(ClassifierParams.read(dir.resolve("params.properties")).encoder()).isEqualTo(SentenceEncoder.BGE);
        assertThat(ClassifierParams.DEFAULTS.withFixedThreshold(0.4).withTargetAccuracy(0.9).autoThreshold()).isTrue();
        assertThatThrownBy(() -> p.with("svm-k", "1")).hasMessageContaining("unknown setting");
        assertThatThrownBy(() -> p.with("class-weight", "heavy")).hasMessageContaining("none or balanced");
        assertThatThrownBy(() -> p.with("embedding-scaling", "whiten")).hasMessageContaining("embedding-scaling");
        assertThatThrownBy(() -> p.with("encoder", "gpt")).hasMessageContaining("encoder is one of");
    }

    @Test
    void sweepVariantsExpandValueListsAndKeepCombinations() {
        assertThat(ClassifierEvaluation.variants("svm-c=0.5,1; class-weight=balanced&embedding-svm-c=0.5"))
                .containsExactly("svm-c=0.5", "svm-c=1", "class-weight=balanced&embedding-svm-c=0.5");
    }

    @Test
    void balancedWeightsLetARareLabelCountAsMuchAsAFrequentOne() {
        // 20 examples of label 0 and 2 of label 1 share feature 0; only label 1 also has feature 1
        FeatureWeights.Vector[] x = new FeatureWeights.Vector[22];
        int[] y = new int[22];
        for (int i = 0; i < 22; i++) {
            y[i] = i < 20 ? 0 : 1;
            x[i] = i < 20 ? new FeatureWeights.Vector(new int[] { 0 }, new float[] { 1 })
                    : new FeatureWeights.Vector(new int[] { 0, 1 }, new float[] { 1, 0.3f });
        }
        LinearSvm svm = new LinearSvm(1, 200, 0.001);
        float[][] plain = svm.train(x, y, 2, 2, false);
        float[][] balanced = svm.train(x, y, 2, 2, true);
        // the rare label's score on its own examples: below zero when the frequent label outweighs it, higher balanced
        assertThat(score(balanced[1], x[20])).isGreaterThan(score(plain[1], x[20]));
        assertThat(score(plain[1], x[20])).isLessThan(0);
        assertThat(score(balanced[1], x[20])).isGreaterThan(0);
    }

    @Test
    void familyWeightsAreFoldedBackIntoTheSparseWeights() {
        List<LabelledText> starter = TrainingData.read(Path.of("classifiers/category/data.csv"));
        ClassifierParams even = new ClassifierParams(List.of("LINEAR_SVM"), 2, 100, 1, 0.5, java.util.Map.of());
        DocClassifier plain = DocClassifier.train(starter, "LINEAR_SVM", even);
        DocClassifier words = DocClassifier.train(starter, "LINEAR_SVM", even.with("word-weight", "2"));
        DocClassifier.Features f = DocClassifier.Features.of("I want my money back for order 4711, it arrived broken");
        assertThat(words.distribution(f)).isNotEqualTo(plain.distribution(f));
        for (DocClassifier model : List.of(plain, words)) {
            long right = starter.stream().filter(t -> model.predict(t.text()).label().equals(t.label())).count();
            assertThat(right).isGreaterThan(starter.size() * 9L / 10);
            assertThat(model.predict("I want my money back for order 4711, it arrived broken").label()).isEqualTo("refund");
        }
    }

    @Test
    void scaledEmbeddingModelIsFoldedBackIntoWeightsOverTheEmbedding() {
        List<LabelledText> starter = TrainingData.read(Path.of("classifiers/category/data.csv"));
        for (String scaling : List.of("center", "standardize")) {
            // embed every message: the ensemble with the scaled embedding-only SVM answers
            ClassifierParams p = ClassifierParams.DEFAULTS.with("embed-below", "1").with("embedding-scaling", scaling);
            DocClassifier model = DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", p);
            long right = starter.stream().filter(t -> model.predict(t.text()).label().equals(t.label())).count();
            // a wrong fold (a shift or scale not undone) would leave it far from fitting its own training data
            assertThat(right).as(scaling).isGreaterThan(starter.size() * 9L / 10);
            assertThat(model.predict("I want my money back for order 4711, it arrived broken").label()).isEqualTo("refund");
        }
    }

    @Test
    void discriminantSeparatesClassesWhereTheClassMeansAloneDoNot() {
        // two classes 0.3 apart along x, buried in a large noise along (1, 1): only the shared covariance tells that
        // (1, -1) is the direction that separates them
        java.util.Random random = new java.util.Random(5);
        List<float[]> v = new java.util.ArrayList<>();
        int[] y = new int[400];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 2;
            double s = 4 * random.nextDouble() - 2;
            v.add(new float[] { (float) (0.3 * y[i] + s + 0.01 * random.nextGaussian()),
                    (float) (s + 0.01 * random.nextGaussian()) });
        }
        float[][] weak = { { 0, 0, 0 }, { 1, 0, 0 } }; // a weak "SVM": x alone
        float[][] lda = EmbeddingDiscriminant.addTo(weak, v, y, 1, 100, 0.01);
        float[][] means = EmbeddingDiscriminant.addTo(weak, v, y, 1, 100, 1); // shrinkage 1: nearest class mean
        assertThat(accuracy(lda, v, y)).isGreaterThan(0.97);
        assertThat(accuracy(means, v, y)).isLessThan(0.8);
        // the weak model's scores are kept: added to, not replaced
        assertThat(accuracy(EmbeddingDiscriminant.addTo(weak, v, y, 1, 0, 0.01), v, y)).isEqualTo(accuracy(weak, v, y));
    }

    @Test
    void discriminantIsASettingAndSweepVariantsOfItReuseTheSvms(@TempDir Path dir) throws Exception {
        ClassifierParams p = ClassifierParams.DEFAULTS.with("embedding-lda-weight", "0.5")
                .with("embedding-lda-shrinkage", "0.2");
        assertThat(p.ldaWeight()).isEqualTo(0.5);
        assertThat(p.ldaShrinkage()).isEqualTo(0.2);
        Files.writeString(dir.resolve("params.properties"), p.toProperties());
        assertThat(ClassifierParams.read(dir.resolve("params.properties"))).isEqualTo(p);
        assertThatThrownBy(() -> p.with("embedding-lda-shrinkage", "0")).hasMessageContaining("embedding-lda-shrinkage");

        List<LabelledText> starter = TrainingData.read(Path.of("classifiers/category/data.csv"));
        ClassifierParams plain = ClassifierParams.DEFAULTS.with("embed-below", "1");
        DocClassifier a = DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", plain);
        DocClassifier b = DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", plain.with("embedding-lda-weight", "0.5"));
        DocClassifier again = DocClassifier.train(starter, "LINEAR_SVM_EMBEDDINGS", plain); // its SVMs from the cache
        DocClassifier.Features f = DocClassifier.Features.of("I want my money back for order 4711, it arrived broken");
        assertThat(again.distributions(f)[0]).containsExactly(a.distributions(f)[0]);
        assertThat(again.distributions(f)[1]).containsExactly(a.distributions(f)[1]);
        assertThat(b.distributions(f)[0]).containsExactly(a.distributions(f)[0]); // the sparse model is the same
        assertThat(b.distributions(f)[1]).isNotEqualTo(a.distributions(f)[1]);
        long right = starter.stream().filter(t -> b.predict(t.text()).label().equals(t.label())).count();
        assertThat(right).isGreaterThan(starter.size() * 9L / 10);
    }

    @Test
    void theShippedClassifiersKeepTheirOwnEncoderAndCascadeWhateverTrainingsDefault() {
        // training's default moved to bge, ensemble 1.7, embed below 0.99 (round 8); the shipped classifiers name what
        // they were trained with, so a retrain (e.g. from agents' corrections) keeps their cost per mail
        for (String name : List.of("category", "type", "priority")) {
            ClassifierParams p = ClassifierParams.read(Path.of("classifiers", name, "params.properties"));
            assertThat(p.encoder()).as(name).isEqualTo(SentenceEncoder.MINILM);
            assertThat(p.embeddingModelWeight()).as(name).isZero();
            assertThat(p.embedBelow()).as(name).isEqualTo(Map.of("category", 0.7, "type", 0.5, "priority", 0.9).get(name));
        }
        assertThat(ClassifierParams.DEFAULTS.encoder()).isEqualTo(SentenceEncoder.BGE);
        assertThat(ClassifierParams.DEFAULTS.embeddingModelWeight()).isEqualTo(1.7);
        assertThat(ClassifierParams.DEFAULTS.embedBelow()).isEqualTo(0.99);
    }

    private static double accuracy(float[][] w, List<float[]> v, int[] y) {
        int right = 0;
        for (int i = 0; i < y.length; i++) {
            double[] s = new double[w.length];
            for (int l = 0; l < w.length; l++) {
                s[l] = w[l][2] + w[l][0] * v.get(i)[0] + w[l][1] * v.get(i)[1];
            }
            right += CascadeCurve.argmax(s) == y[i] ? 1 : 0;
        }
        return right / (double) y.length;
    }

    private static double score(float[] w, FeatureWeights.Vector x) {
        double s = w[w.length - 1];
        for (int k = 0; k < x.ids().length; k++) {
            s += w[x.ids()[k]] * x.values()[k];
        }
        return s;
    }
}
