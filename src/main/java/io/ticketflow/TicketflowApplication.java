package io.ticketflow;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Ticketflow: email-to-ticket pipeline. {@code java -jar ticketflow.jar [run] [--demo] [--property=value ...]}; with no
 * settings it runs on embedded defaults (local Elasticsearch node, in-process mail server).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TicketflowApplication {

    static final String USAGE = """
            usage: ticketflow <command> [options]

            commands:
              run [--demo]     start the service (embedded Elasticsearch and mail server when nothing else is
                               configured); --demo sends sample customer mails so you can watch tickets appear
              help             this text

            Settings: config/application.yml, or --name=value on the command line (Spring Boot).
            """;

    public static void main(String[] args) {
        String command = args.length == 0 || args[0].startsWith("-") ? "run" : args[0];
        String[] rest = args.length == 0 || args[0].startsWith("-") ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "run" -> SpringApplication.run(TicketflowApplication.class, withDemoFlag(rest));
            case "help", "--help", "-h" -> System.out.print(USAGE);
            default -> {
                System.err.println("unknown command: " + command);
                System.err.print(USAGE);
                System.exit(2);
            }
        }
    }

    /** {@code --demo} is the friendly spelling of {@code --ticketflow.demo.enabled=true}. */
    static String[] withDemoFlag(String[] args) {
        return Arrays.stream(args).map(a -> a.equals("--demo") ? "--ticketflow.demo.enabled=true" : a)
                .toArray(String[]::new);
    }
}
