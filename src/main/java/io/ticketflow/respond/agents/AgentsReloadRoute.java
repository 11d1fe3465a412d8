package io.ticketflow.respond.agents;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Picks up edits of {@code config/agents.yml} on every instance, like the templates and the SLA file. */
@Component
class AgentsReloadRoute extends RouteBuilder {

    private final AgentDirectory agents;

    AgentsReloadRoute(AgentDirectory agents) {
        this.agents = agents;
    }

    @Override
    public void configure() {
        from("scheduler:agents-reload?delay=" + agents.properties().reloadDelay().toMillis() + "&initialDelay=5000")
                .routeId("agents-config-reload")
                .process(e -> agents.reloadIfChanged());
    }
}
