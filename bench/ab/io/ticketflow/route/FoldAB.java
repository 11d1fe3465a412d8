package io.ticketflow.route;

import io.ticketflow.bench.MailGenerator;
import io.ticketflow.config.RequiredLiteral;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.RawMessage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.*;

/**
 * Round 10 tfcpu2: every rule of config/routing.yml on 500 generated mails with the folded text shared per mail
 * (RuleContext's map) and, as before, made again by each rule (a map that keeps nothing). Same matches first.
 */
public class FoldAB {
    /** Keeps nothing: every rule folds again, as before round 10. */
    static final class Forgetful extends AbstractMap<String, RequiredLiteral.Text> {
        @Override public Set<Entry<String, RequiredLiteral.Text>> entrySet() { return Set.of(); }
        @Override public RequiredLiteral.Text computeIfAbsent(String k, java.util.function.Function<? super String, ? extends RequiredLiteral.Text> f) { return f.apply(k); }
    }

    public static void main(String[] a) throws Exception {
        MessageParser parser = new MessageParser();
        RuleSet rules = RuleFileParser.parse(Path.of("config/routing.yml"));
        List<RoutingInput> inputs = MailGenerator.generate(MailGenerator.Options.of(11, 500)).stream().map(m -> {
            RawMessage raw = RawMessage.of(m.bytes(), "imap", "support");
            return RoutingInput.of(raw, parser.parse(raw), new Classification("en", Map.of()));
        }).toList();
        var local = rules.businessHours().local(java.time.Instant.parse("2026-12-07T10:00:00Z"));
        int hits = 0;
        for (RoutingInput in : inputs) {
            BitSet x = matches(rules, new RuleContext(in, Set.of(), local, true));
            BitSet y = matches(rules, new RuleContext(in, Set.of(), local, true, new Forgetful()));
            if (!x.equals(y)) throw new AssertionError("differs");
            hits += x.cardinality();
        }
        System.out.printf("%d rules on %d mails: same %d matches both ways%n", rules.rules().size(), inputs.size(), hits);
        var bean = ManagementFactory.getThreadMXBean();
        int rounds = Integer.parseInt(a[0]); long ta = 0, tb = 0, n = 0, sink = 0;
        for (int r = 0; r < rounds; r++) for (RoutingInput in : inputs) {
            for (int order = 0; order < 2; order++) {
                boolean shared = (order == 0) == (r % 2 == 0);
                long t0 = bean.getCurrentThreadCpuTime();
                sink += matches(rules, shared ? new RuleContext(in, Set.of(), local, true)
                        : new RuleContext(in, Set.of(), local, true, new Forgetful())).cardinality();
                long t1 = bean.getCurrentThreadCpuTime();
                if (r >= rounds / 2) { if (shared) ta += t1 - t0; else tb += t1 - t0; }
            }
            if (r >= rounds / 2) n++;
        }
        System.out.printf("second half of %d rounds, alternating: every rule per mail, one fold shared %.1f µs, a fold per rule %.1f µs (%d)%n",
                rounds, ta / 1e3 / n, tb / 1e3 / n, sink % 7);
    }

    static BitSet matches(RuleSet rules, RuleContext context) {
        BitSet out = new BitSet();
        for (int i = 0; i < rules.rules().size(); i++) if (rules.rules().get(i).matches(context)) out.set(i);
        return out;
    }
}
