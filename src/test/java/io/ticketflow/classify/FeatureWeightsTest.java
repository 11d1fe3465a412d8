package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureWeightsTest {

    private static final List<String[]> DOCS = List.of(
            new String[] { "w=refund", "w=order", "c=<re" },
            new String[] { "w=refund", "w=please", "c=<re" },
            new String[] { "w=invoice", "w=order", "c=<in" });

    private static double length(FeatureWeights w, FeatureWeights.Vector v, char family) {
        double sq = 0;
        for (int k = 0; k < v.ids().length; k++) {
            if (w.name(v.ids()[k]).charAt(0) == family) {
                sq += v.values()[k] * v.values()[k];
            }
        }
        return Math.sqrt(sq);
    }

    private static double value(FeatureWeights w, FeatureWeights.Vector v, String name) {
        for (int k = 0; k < v.ids().length; k++) {
            if (w.name(v.ids()[k]).equals(name)) {
                return v.values()[k];
            }
        }
        throw new AssertionError(name + " absent");
    }

    @Test
    void rareFeaturesAreDroppedAndUnknownOnesIgnored() {
        FeatureWeights w = FeatureWeights.fit(DOCS, 2);
        assertThat(w.size()).isEqualTo(3); // w=refund, w=order, c=<re: each in two documents
        FeatureWeights.Vector v = w.vector(new String[] { "w=please", "w=never-seen", "w=order" });
        assertThat(v.ids()).hasSize(1);
        assertThat(w.name(v.ids()[0])).isEqualTo("w=order");
    }

    @Test
    void eachFamilyHasUnitLengthAndRareWordsWeighMore() {
        FeatureWeights w = FeatureWeights.fit(DOCS, 1);
        FeatureWeights.Vector v = w.vector(new String[] { "w=refund", "w=please", "c=<re", "c=<in" });
        assertThat(length(w, v, 'w')).isCloseTo(1.0, within(1e-5));
        assertThat(length(w, v, 'c')).isCloseTo(1.0, within(1e-5));
        float refund = 0, please = 0;
        for (int k = 0; k < v.ids().length; k++) {
            if (w.name(v.ids()[k]).equals("w=refund")) {
                refund = v.values()[k];
            }
            if (w.name(v.ids()[k]).equals("w=please")) {
                please = v.values()[k];
            }
        }
        assertThat(please).isGreaterThan(refund); // "please" is in one document, "refund" in two
    }

    @Test
    void repeatsCountSublinearly() {
        FeatureWeights w = FeatureWeights.fit(DOCS, 1);
        FeatureWeights.Vector once = w.vector(new String[] { "w=refund", "w=order" });
        FeatureWeights.Vector thrice = w.vector(new String[] { "w=refund", "w=refund", "w=refund", "w=order" });
        // refund:order is idf ratio once, and (1 + ln 3) times that with three repeats, not 3 times
        double ratioOnce = value(w, once, "w=refund") / value(w, once, "w=order");
        double ratioThrice = value(w, thrice, "w=refund") / value(w, thrice, "w=order");
        assertThat(ratioThrice / ratioOnce).isCloseTo(1 + Math.log(3), within(1e-4));
    }

    @Test
    void namedFeaturesEndWithTheBias() {
        FeatureWeights.Named n = FeatureWeights.fit(DOCS, 1).named(new String[] { "w=order" });
        assertThat(n.names()).containsExactly("w=order", FeatureWeights.BIAS);
        assertThat(n.values()[1]).isEqualTo(1f);
    }

    @Test
    void serializesToTheSameWeights() throws Exception {
        FeatureWeights w = FeatureWeights.fit(DOCS, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new FeatureWeightsSerializer().serialize(w, out);
        FeatureWeights back = new FeatureWeightsSerializer().create(new ByteArrayInputStream(out.toByteArray()));
        String[] doc = { "w=refund", "w=order", "c=<in", "c=<in" };
        assertThat(back.vector(doc)).usingRecursiveComparison().isEqualTo(w.vector(doc));
    }
}
