package io.ticketflow.route;

import io.ticketflow.vocabulary.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Condition kinds about what the classifiers said: language, confident labels, confidences, needs review. */
final class ClassifierConditions {

    static final ConditionKind LANGUAGE = new MessageConditions.OneOf("language", m -> m.input().classification().language());

    private static final Set<String> CLASSIFIER_TEST = Set.of("label", "minConfidence", "maxConfidence", "belowThreshold");

    private ClassifierConditions() {
    }

    /** The classifier of this name gave one of the labels, above its threshold ({@code category: [billing, refund]}). */
    record ConfidentLabel(String name) implements ConditionKind {
        @Override
        public Condition read(Node value, String path, Reader reader) {
            List<String> labels = reader.yaml().lowerStrings(value, path);
            reader.readsClassifier(name);
            return m -> {
                Prediction pr = m.input().classification().prediction(name);
                return pr != null && !pr.belowThreshold() && labels.contains(pr.label().toLowerCase(Locale.ROOT));
            };
        }
    }

    /** Any classifier by name, with label, confidence range and threshold tests that must all hold. */
    record Classifier() implements ConditionKind {
        @Override
        public String name() {
            return "classifier";
        }

        @Override
        public Condition read(Node value, String path, Reader reader) {
            var yaml = reader.yaml();
            if (!(value instanceof MappingNode)) {
                yaml.problem(value, path, "expected a mapping of classifier name to {label, minConfidence, maxConfidence}");
                return null;
            }
            List<Condition> tests = new ArrayList<>();
            for (var e : yaml.entries(value, path)) {
                String name = e.name();
                reader.readsClassifier(name);
                String p = path + "." + name;
                Map<String, Node> f = yaml.fields(e.value(), p, CLASSIFIER_TEST);
                List<String> labels = f.containsKey("label") ? yaml.lowerStrings(f.get("label"), p + ".label") : null;
                Double min = f.containsKey("minConfidence") ? yaml.number(f.get("minConfidence"), p + ".minConfidence", 0, 1) : null;
                Double max = f.containsKey("maxConfidence") ? yaml.number(f.get("maxConfidence"), p + ".maxConfidence", 0, 1) : null;
                Boolean below = f.containsKey("belowThreshold") ? yaml.bool(f.get("belowThreshold"), p + ".belowThreshold", false) : null;
                tests.add(m -> {
                    Prediction pr = m.input().classification().prediction(name);
                    return pr != null
                            && (labels == null || labels.contains(pr.label().toLowerCase(Locale.ROOT)))
                            && (min == null || pr.confidence() >= min)
                            && (max == null || pr.confidence() < max)
                            && (below == null || pr.belowThreshold() == below);
                });
            }
            return m -> tests.stream().allMatch(c -> c.test(m));
        }
    }

    /** Some classifier was below its threshold (true), or none was (false). */
    record NeedsReview() implements ConditionKind {
        @Override
        public String name() {
            return "needsReview";
        }

        @Override
        public Condition read(Node value, String path, Reader reader) {
            boolean want = reader.yaml().bool(value, path, false);
            reader.readsClassifier(Rule.EVERY_CLASSIFIER);
            return m -> m.input().classification().needsReview() == want;
        }
    }
}
