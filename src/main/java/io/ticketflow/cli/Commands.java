package io.ticketflow.cli;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The subcommands found on the class path, and the help text listing them. */
public final class Commands {

    private Commands() {
    }

    public static List<Command> all() {
        return ServiceLoader.load(Command.class).stream().map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Command::name)).toList();
    }

    public static Optional<Command> find(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public static String help() {
        StringBuilder s = new StringBuilder("""
                usage: ticketflow <command> [options]

                commands:
                  run [--demo]     start the service (embedded Elasticsearch and mail server when nothing else is
                                   configured); --demo sends sample customer mails so you can watch tickets appear
                """);
        for (Command c : all()) {
            s.append(String.format("  %-16s %s%n", c.name(), c.usage()));
        }
        s.append("""
                  help             this text

                Settings: config/application.yml, or --name=value on the command line (Spring Boot).
                """);
        return s.toString();
    }
}
