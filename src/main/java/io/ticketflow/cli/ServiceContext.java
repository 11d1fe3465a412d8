package io.ticketflow.cli;

import io.ticketflow.TicketflowApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application without its web server and without polling, for commands that need the pipeline or the store
 * (import, replay, rules replay ...). Settings come from the same files as {@code ticketflow run}; {@code --name=value}
 * arguments override them.
 */
public final class ServiceContext {

    private ServiceContext() {
    }

    public static ConfigurableApplicationContext start(List<String> springArgs) {
        SpringApplication app = new SpringApplication(TicketflowApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        List<String> args = new ArrayList<>(springArgs);
        // a command must not compete with a running service for the mailboxes, nor send demo mail
        args.add("--ticketflow.intake.polling-enabled=false");
        args.add("--ticketflow.demo.enabled=false");
        // share the embedded Elasticsearch node of a running `ticketflow run` instead of killing it
        args.add("--ticketflow.embedded.reuse-running-node=true");
        args.add("--ticketflow.followups.enabled=false");
        args.add("--logging.level.root=WARN");
        return app.run(args.toArray(String[]::new));
    }

    /** The {@code --name=value} arguments (Spring settings) among a command's arguments. */
    public static List<String> springArgs(List<String> args) {
        return args.stream().filter(a -> a.startsWith("--") && a.contains("=")).toList();
    }
}
