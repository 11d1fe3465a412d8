package io.ticketflow.cli;

import io.ticketflow.classify.ClassifierRegistry;
import io.ticketflow.classify.LanguageDetection;
import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.route.DryRun;
import io.ticketflow.route.RoutingConfigException;
import io.ticketflow.route.RoutingInput;
import io.ticketflow.route.RuleFileParser;
import io.ticketflow.route.RuleSet;
import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.RoutingDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ticketflow rules check|test|replay}: validate the rule file, dry-run it on a message file, or run the
 * current rules over stored past messages and report what would change. None of them changes anything.
 */
public class RulesCommand implements Command {

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public String usage() {
        return "check [FILE] | test FILE.eml [--rules FILE] | replay --since DATE [--rules FILE] [--limit N]  validate, dry-run "
                + "or replay the routing rules (docs/routing.md); changes nothing";
    }

    @Override
    public int run(List<String> args) throws Exception {
        CommandArgs a = CommandArgs.parse(args);
        if (a.positional().isEmpty()) {
            System.err.println("usage: ticketflow rules " + usage());
            return 2;
        }
        Path rulesFile = Path.of(a.option("--rules", "config/routing.yml"));
        switch (a.positional().get(0)) {
            case "check" -> {
                Path file = a.positional().size() > 1 ? Path.of(a.positional().get(1)) : rulesFile;
                return check(file);
            }
            case "test" -> {
                if (a.positional().size() != 2) {
                    System.err.println("usage: ticketflow rules test FILE.eml [--rules FILE]");
                    return 2;
                }
                return test(Path.of(a.positional().get(1)), rulesFile, Path.of(a.option("--classifiers", "classifiers")));
            }
            case "replay" -> {
                if (!a.has("--since")) {
                    System.err.println("usage: ticketflow rules replay --since DATE (YYYY-MM-DD or an ISO instant)");
                    return 2;
                }
                return replay(args, a.has("--rules") ? rulesFile : null, since(a.option("--since", null)),
                        Integer.parseInt(a.option("--limit", "100000")));
            }
            default -> {
                System.err.println("unknown: rules " + a.positional().get(0) + "\nusage: ticketflow rules " + usage());
                return 2;
            }
        }
    }

    private static int check(Path file) {
        try {
            RuleSet rules = RuleFileParser.parse(file);
            System.out.println(file + ": OK, " + rules.rules().size() + " rules");
            return 0;
        }
        catch (RoutingConfigException e) {
            e.problems().forEach(System.err::println);
            return 1;
        }
    }

    private static int test(Path eml, Path rulesFile, Path classifiers) throws Exception {
        RuleSet rules;
        try {
            rules = RuleFileParser.parse(rulesFile);
        }
        catch (RoutingConfigException e) {
            e.problems().forEach(System.err::println);
            return 1;
        }
        RawMessage raw = RawMessage.of(Files.readAllBytes(eml), "email", "dry-run");
        ParsedMessage parsed = new MessageParser().parse(raw);
        MessageClassifier classifier = new MessageClassifier(new LanguageDetection(20),
                new ClassifierRegistry(classifiers, ChronoUnit.FOREVER.getDuration()));
        Classification classification = classifier.classify(parsed);
        RoutingDecision decision = rules.route(RoutingInput.of(raw, parsed, classification));
        System.out.print(DryRun.describe(parsed.subject(), classification, decision));
        return 0;
    }

    /** Replays the running rules, or the rules of {@code rulesFile} (an edit to preview) when given. */
    private static int replay(List<String> args, Path rulesFile, Instant since, int limit) {
        RuleSet edit = null;
        if (rulesFile != null) {
            try {
                edit = RuleFileParser.parse(rulesFile);
            }
            catch (RoutingConfigException e) {
                e.problems().forEach(System.err::println);
                return 1;
            }
        }
        try (ConfigurableApplicationContext context = ServiceContext.start(ServiceContext.springArgs(args))) {
            RuleReplay replay = context.getBean(RuleReplay.class);
            RuleReplay.Report report = edit == null ? replay.replay(since, limit, System.out)
                    : replay.replay(edit, since, limit, System.out);
            System.out.println(report.summary());
            return 0;
        }
    }

    static Instant since(String value) {
        try {
            return value.contains("T") ? Instant.parse(value) : LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException("--since: expected YYYY-MM-DD or an ISO instant, found " + value);
        }
    }
}
