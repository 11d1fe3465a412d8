package io.ticketflow.respond;

import io.ticketflow.sla.SlaPolicies;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Picks up edits of the mail templates, of {@code config/sla.yml} and of the knowledge-base articles on every
 * instance: a valid edit replaces the running version, an invalid one is logged and shown in health while the running
 * version stays.
 */
@Component
class ConfigReloadRoutes extends RouteBuilder {

    private final TemplateRenderer templates;
    private final SlaPolicies slas;
    private final ConfigReloadProperties properties;
    private final KnowledgeBase knowledge;

    ConfigReloadRoutes(TemplateRenderer templates, SlaPolicies slas, ConfigReloadProperties properties,
            KnowledgeBase knowledge) {
        this.templates = templates;
        this.slas = slas;
        this.properties = properties;
        this.knowledge = knowledge;
    }

    @Override
    public void configure() {
        from("scheduler:config-reload?delay=" + properties.reloadDelay().toMillis() + "&initialDelay=5000")
                .routeId("respond-config-reload")
                .process(e -> {
                    templates.reloadIfChanged();
                    slas.reloadIfChanged();
                    knowledge.reloadIfChanged();
                });
    }
}
