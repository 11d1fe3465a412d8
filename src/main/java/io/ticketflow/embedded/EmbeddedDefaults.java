package io.ticketflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes "no settings" a working installation. Runs before any bean exists: if no Elasticsearch URL is configured it
 * starts the embedded node; if no mailbox is configured it starts the in-process mail server with a support mailbox
 * and a demo customer. Either way it writes the resulting URLs and ports into the environment, so the rest of the
 * application never knows whether it runs on embedded parts or real ones.
 */
public class EmbeddedDefaults implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "ticketflowEmbeddedDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.getPropertySources().contains(SOURCE) || !env.getProperty("ticketflow.embedded.enabled", Boolean.class, true)) {
            return;
        }
        Map<String, Object> props = new HashMap<>();
        Path home = Path.of(env.getProperty("ticketflow.embedded.home", "./data")).toAbsolutePath().normalize();
        // commands (ServiceContext) share the node of a running service instead of starting one on its data folder
        boolean command = env.getProperty("ticketflow.embedded.reuse-running-node", Boolean.class, false);
        String running = null;
        if (env.getProperty("ticketflow.elasticsearch.url", "").isBlank()) {
            running = command ? RunningNode.find(home) : null;
            if (running != null) {
                props.put("ticketflow.elasticsearch.url", running);
                // the service's in-process mail server holds the ports; send through it
                props.put("ticketflow.smtp.host", "127.0.0.1");
                props.put("ticketflow.smtp.port", env.getProperty("ticketflow.embedded.mail.smtp-port", "3025"));
            }
            else {
                EmbeddedElasticsearch node = startElasticsearch(env, home);
                props.put("ticketflow.elasticsearch.url", node.url());
                if (!command) {
                    RunningNode.publish(home, node);
                    application.addListeners(stopOnClose(() -> RunningNode.withdraw(home)));
                }
                application.addListeners(stopOnClose(node));
            }
        }
        if (running == null && !env.containsProperty("ticketflow.intake.mailboxes[0].host")) {
            EmbeddedMailServer mail = EmbeddedMailServer.start(EmbeddedMailServer.Settings.from(env));
            props.putAll(mail.properties());
            application.addListeners(stopOnClose(mail));
        }
        if (env.getProperty("ticketflow.demo.enabled", Boolean.class, false)
                && !env.containsProperty("ticketflow.channels.telegram.token-env")) {
            // the demo's chat runs against a Bot API stand-in in this process: no network, no real bot
            props.putAll(DemoChat.startBotApi(application));
        }
        if (!props.isEmpty()) {
            props.put("ticketflow.embedded.active", "true");
            env.getPropertySources().addFirst(new MapPropertySource(SOURCE, props));
        }
    }

    private static EmbeddedElasticsearch startElasticsearch(ConfigurableEnvironment env, Path home) {
        EmbeddedElasticsearchSettings settings = EmbeddedElasticsearchSettings
                .of(home.resolve("elasticsearch-install"), home.resolve("elasticsearch"))
                .withHeap(env.getProperty("ticketflow.embedded.elasticsearch-heap", "512m"))
                .withJvmOptions(env.getProperty("ticketflow.embedded.elasticsearch-jvm-options", ""));
        try {
            return EmbeddedElasticsearch.start(settings);
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Elasticsearch node: " + e.getMessage(), e);
        }
    }

    private static org.springframework.context.ApplicationListener<ContextClosedEvent> stopOnClose(AutoCloseable resource) {
        return event -> {
            try {
                resource.close();
            }
            catch (Exception e) {
                // stopping on the way out: nothing left to do about it
            }
        };
    }

    @Override
    public int getOrder() {
        // after the config files are loaded (ConfigDataEnvironmentPostProcessor), so their settings are seen
        return Ordered.LOWEST_PRECEDENCE;
    }
}
