package io.ticketflow.route;

import com.google.re2j.Pattern;
import io.ticketflow.bench.MailGenerator;
import io.ticketflow.config.RequiredLiteral;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.lang.management.ManagementFactory;
import java.nio.file.*;
import java.util.*;

/** Scratch: routing's subjectOrText patterns over the generated mails with and without the literal prefilter. */
public class RouteAB {
    public static void main(String[] a) throws Exception {
        MessageParser parser = new MessageParser();
        List<ParsedMessage> mails = MailGenerator.generate(MailGenerator.Options.of(11, 500)).stream()
                .map(m -> parser.parse(RawMessage.of(m.bytes(), "imap", "support"))).toList();
        List<String> regexes = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("(?m)^\\s*-?\\s*(subjectOrText): \"(.*)\"\\s*$").matcher(Files.readString(Path.of("config/routing.yml")));
        while (m.find()) regexes.add(m.group(2).replace("\\\\", "\\"));
        List<Pattern> patterns = regexes.stream().map(r -> Pattern.compile(r, Pattern.CASE_INSENSITIVE)).toList();
        List<RequiredLiteral> literals = regexes.stream().map(r -> RequiredLiteral.re2(r, true)).toList();
        var bean = ManagementFactory.getThreadMXBean();
        int rounds = Integer.parseInt(a[0]); long ta = 0, tb = 0, n = 0; int hitsA = 0, hitsB = 0;
        for (int r = 0; r < rounds; r++) for (ParsedMessage p : mails) {
            List<String> values = Arrays.asList(p.subject(), p.text());
            boolean aFirst = r % 2 == 0;
            for (int order = 0; order < 2; order++) {
                boolean filtered = (order == 0) == aFirst;
                long t0 = bean.getCurrentThreadCpuTime();
                int hits = 0;
                for (int i = 0; i < patterns.size(); i++) {
                    Pattern pat = patterns.get(i); RequiredLiteral lit = literals.get(i);
                    if (values.stream().anyMatch(s -> s != null && (!filtered || lit == null || lit.mayFind(new RequiredLiteral.Text(s))) && pat.matcher(s).find())) hits++;
                }
                long t1 = bean.getCurrentThreadCpuTime();
                if (r >= rounds / 2) { if (filtered) { ta += t1 - t0; hitsA += hits; } else { tb += t1 - t0; hitsB += hits; } }
            }
            if (r >= rounds / 2) n++;
        }
        System.out.printf("%d patterns %s, literals %s%n%d mails, second half of %d rounds interleaved: prefiltered %.1f us, RE2/J alone %.1f us per mail (hits %d / %d)%n",
                patterns.size(), regexes, literals.stream().map(l -> l == null ? "none" : String.join("|", l.literals())).toList(), mails.size(), rounds, ta / 1e3 / n, tb / 1e3 / n, hitsA, hitsB);
    }
}
