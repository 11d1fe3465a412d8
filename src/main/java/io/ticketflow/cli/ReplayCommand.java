package io.ticketflow.cli;

import io.ticketflow.intake.IntakeSummary;
import io.ticketflow.intake.Replayer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code ticketflow replay [--quarantined] [--since T] [--until T]}: see {@link Replayer}. */
public final class ReplayCommand implements Command {

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String usage() {
        return "[--quarantined] [--since T] [--until T]  re-run quarantined (or, in a time range, all not-yet-ticketed) "
                + "raw messages through the current pipeline; T is 2026-11-27 or 2026-11-27T10:00:00Z";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Replayer.Selection selection;
        try {
            selection = parse(args);
        }
        catch (IllegalArgumentException e) {
            System.err.println("ticketflow replay: " + e.getMessage());
            System.err.println("usage: ticketflow replay " + usage());
            return 2;
        }
        try (ConfigurableApplicationContext context = ServiceContext.start(ServiceContext.springArgs(args))) {
            Replayer replayer = context.getBean(Replayer.class);
            ProgressBar bar = new ProgressBar(System.out, "replay", replayer.count(selection));
            long[] done = { 0 };
            try {
                IntakeSummary summary = replayer.replay(selection, n -> {
                    done[0] = n;
                    bar.update(n);
                });
                bar.finish(done[0]);
                System.out.println("Replayed " + summary);
                return 0;
            }
            catch (RuntimeException e) {
                bar.finish(done[0]);
                System.err.println("ticketflow replay: stopped after " + done[0] + " messages: " + e.getMessage());
                return 1;
            }
        }
    }

    static Replayer.Selection parse(List<String> args) {
        boolean quarantined = false;
        Instant since = null;
        Instant until = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--quarantined" -> quarantined = true;
                case "--since", "--until" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(a + " needs a time");
                    }
                    Instant t = time(args.get(++i));
                    if (a.equals("--since")) {
                        since = t;
                    }
                    else {
                        until = t;
                    }
                }
                default -> {
                    if (!(a.startsWith("--") && a.contains("="))) {
                        throw new IllegalArgumentException("unknown argument " + a);
                    }
                }
            }
        }
        if (!quarantined && since == null && until == null) {
            throw new IllegalArgumentException("say what to replay: --quarantined, or a time range with --since/--until");
        }
        return new Replayer.Selection(quarantined, since, until);
    }

    static Instant time(String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(value);
        }
        catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time: " + value + " (use 2026-11-27 or 2026-11-27T10:00:00Z)");
        }
    }
}
