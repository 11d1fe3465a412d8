package io.ticketflow.cli;

import java.util.List;

/**
 * One {@code ticketflow <name>} subcommand. Implementations are listed in
 * {@code META-INF/services/io.ticketflow.cli.Command}, so a stage adds its command without touching a central switch.
 * Commands that need the pipeline or the store start a headless application with {@link ServiceContext}.
 */
public interface Command {

    /** The word after {@code ticketflow}: import, replay, train ... */
    String name();

    /** One line for {@code ticketflow help}: arguments and what it does. */
    String usage();

    /** Runs the command; the return value is the process exit code (0 success, 1 failure, 2 bad usage). */
    int run(List<String> args) throws Exception;
}
