package io.ticketflow.cli;

import io.ticketflow.TicketflowApplication;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.SpringApplication;

/**
 * {@code java -jar ticketflow.jar [command] [--property=value ...]}: {@code run} (the default) starts the service, any
 * other word runs the subcommand of that name. The launcher lives with the commands so that the application class
 * depends on nothing above it.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 || args[0].startsWith("-") ? "run" : args[0];
        String[] rest = args.length == 0 || args[0].startsWith("-") ? args : Arrays.copyOfRange(args, 1, args.length);
        if (command.equals("run")) {
            SpringApplication app = new SpringApplication(TicketflowApplication.class);
            // the log's "Started ..." names the application, not this launcher
            app.setMainApplicationClass(TicketflowApplication.class);
            app.run(withDemoFlag(rest));
            return;
        }
        if (List.of("help", "--help", "-h").contains(command)) {
            System.out.print(Commands.help());
            return;
        }
        Optional<Command> found = Commands.find(command);
        if (found.isEmpty()) {
            System.err.println("unknown command: " + command);
            System.err.print(Commands.help());
            System.exit(2);
        }
        System.exit(runToExitCode(found.get(), List.of(rest)));
    }

    /**
     * A command that throws (most often: the application did not start, e.g. the store is unreachable) ends with
     * exit code 1 and one line naming the cause; without it the exception left {@code main} while threads started
     * before the failure (an in-process mail server, pools) kept the JVM alive and the command hung.
     */
    static int runToExitCode(Command command, List<String> args) {
        try {
            return command.run(args);
        }
        catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            System.err.println(command.name() + " failed: " + root);
            return 1;
        }
    }

    /** {@code --demo} is the friendly spelling of {@code --ticketflow.demo.enabled=true}. */
    static String[] withDemoFlag(String[] args) {
        return Arrays.stream(args).map(a -> a.equals("--demo") ? "--ticketflow.demo.enabled=true" : a)
                .toArray(String[]::new);
    }
}
