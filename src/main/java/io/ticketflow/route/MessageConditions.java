package io.ticketflow.route;

import com.google.re2j.Pattern;
import io.ticketflow.config.RequiredLiteral;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/** Condition kinds about the message itself: addresses, subject, text, headers, channel, attachments, customer tags. */
final class MessageConditions {

    /** Text longer than this is matched on its beginning only (a pasted log must not slow routing down). */
    static final int MAX_TEXT = 100_000;

    static final ConditionKind FROM = new Matches("from", m -> List.of(m.input().from()));
    static final ConditionKind TO = new Matches("to", m -> m.input().recipients());
    static final ConditionKind SUBJECT = new Matches("subject", m -> List.of(m.input().subject()));
    static final ConditionKind TEXT = new Matches("text", m -> List.of(cap(m.input().text())));
    static final ConditionKind SUBJECT_OR_TEXT = new Matches("subjectOrText",
            m -> List.of(m.input().subject(), cap(m.input().text())));
    static final ConditionKind ATTACHMENT_TYPE = new Matches("attachmentType", m -> m.input().attachments().stream()
            .flatMap(a -> Stream.of(a.contentType(), a.name())).filter(Objects::nonNull).toList());
    static final ConditionKind CHANNEL = new OneOf("channel", m -> m.input().channel());
    static final ConditionKind MAILBOX = new OneOf("mailbox", m -> m.input().mailbox());
    /** A monitoring alert's severity (critical, warning, down ...), as the intake read it from the alert. */
    static final ConditionKind ALERT_SEVERITY = new OneOf("alertSeverity", m -> {
        List<String> values = m.input().headers().get("x-ticketflow-alert-severity");
        return values == null || values.isEmpty() ? null : values.get(0);
    });

    private MessageConditions() {
    }

    /**
     * A regular expression (RE2/J, case-insensitive) found in any of the values. A value without the pattern's
     * required literal (one of "refund", "money back", ...) is not run through RE2/J's automaton: same answers.
     */
    record Matches(String name, Function<RuleContext, List<String>> values) implements ConditionKind {
        @Override
        public Condition read(Node value, String path, Reader reader) {
            Pattern pattern = reader.yaml().regex(value, path);
            if (pattern == null) {
                return null;
            }
            // case-insensitive whatever the flags say: a folded comparison also holds every case-sensitive match
            RequiredLiteral literal = RequiredLiteral.re2(pattern.pattern(), true);
            return m -> values.apply(m).stream().anyMatch(s -> s != null
                    && (literal == null || literal.mayFind(m.text(s))) && pattern.matcher(s).find());
        }
    }

    /** The value is one of a list (ignoring case). */
    record OneOf(String name, Function<RuleContext, String> value) implements ConditionKind {
        @Override
        public Condition read(Node node, String path, Reader reader) {
            List<String> allowed = reader.yaml().lowerStrings(node, path);
            return m -> {
                String v = value.apply(m);
                return v != null && allowed.contains(v.toLowerCase(Locale.ROOT));
            };
        }
    }

    /** The sender's domain is one of a list, or a subdomain of one. */
    record FromDomain() implements ConditionKind {
        @Override
        public String name() {
            return "fromDomain";
        }

        @Override
        public Condition read(Node value, String path, Reader reader) {
            List<String> domains = reader.yaml().lowerStrings(value, path);
            return m -> domains.stream().anyMatch(d -> m.input().fromDomain().equals(d)
                    || m.input().fromDomain().endsWith("." + d));
        }
    }

    /** Each named header has a value matching its regular expression. */
    record Header() implements ConditionKind {
        @Override
        public String name() {
            return "header";
        }

        @Override
        public Condition read(Node value, String path, Reader reader) {
            if (!(value instanceof MappingNode)) {
                reader.yaml().problem(value, path, "expected a mapping of header name to regular expression");
                return null;
            }
            Map<String, Pattern> tests = new LinkedHashMap<>();
            for (var e : reader.yaml().entries(value, path)) {
                tests.put(e.name().toLowerCase(Locale.ROOT), reader.yaml().regex(e.value(), path + "." + e.name()));
            }
            return m -> tests.entrySet().stream().allMatch(e -> {
                List<String> values = m.input().headers().get(e.getKey());
                return values != null && e.getValue() != null && values.stream().anyMatch(v -> e.getValue().matcher(v).find());
            });
        }
    }

    /** The message has (true) or has not (false) an attachment that is not inline. */
    record HasAttachment() implements ConditionKind {
        @Override
        public String name() {
            return "hasAttachment";
        }

        @Override
        public Condition read(Node value, String path, Reader reader) {
            boolean want = reader.yaml().bool(value, path, false);
            return m -> m.input().attachments().stream().anyMatch(a -> !a.inline()) == want;
        }
    }

    /** The sender has one of the customer tags the file's {@code customers} section gives. */
    record CustomerTag() implements ConditionKind {
        @Override
        public String name() {
            return "customerTag";
        }

        @Override
        public Condition read(Node value, String path, Reader reader) {
            List<String> tags = reader.yaml().lowerStrings(value, path);
            return m -> tags.stream().anyMatch(m.customerTags()::contains);
        }
    }

    private static String cap(String text) {
        // the text itself when short (all but pasted logs): then the rules' prefilters share its fold (RuleContext.text)
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }
}
