package io.ticketflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Ticketflow: email-to-ticket pipeline. {@code java -jar ticketflow.jar [run] [--demo] [--property=value ...]}; with no
 * settings it runs on embedded defaults (local Elasticsearch node, in-process mail server). The jar starts through
 * {@link io.ticketflow.cli.Main}, which also runs the subcommands; this class is the Spring application they all share.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TicketflowApplication {

    /** Starts the service, as {@code ticketflow run} does (kept so IDEs and {@code spring-boot:run} find a main). */
    public static void main(String[] args) {
        SpringApplication.run(TicketflowApplication.class, args);
    }
}
