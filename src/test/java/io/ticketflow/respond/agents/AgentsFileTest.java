package io.ticketflow.respond.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.config.ConfigFileException;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.SenderAuthentication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config/agents.yml} is checked with file:line errors, commands are read from the leading lines only, and an
 * agent's mail counts as the agent's only when our own infrastructure vouches for it (DMARC pass, internal relay).
 */
class AgentsFileTest {

    @TempDir
    Path dir;

    @Test
    void aValidFileResolvesAgentNamesToAddresses() {
        AgentsConfig c = AgentsFileParser.parse("agents.yml", """
                agents:
                  - name: maria
                    addresses: [Maria@Example.com, m@example.com]
                  - name: boss
                    addresses: boss@example.com
                    level: manager
                  - name: tom
                    addresses: tom@example.com
                    queues: [billing]
                    level: L2
                queues:
                  billing:
                    notify: [maria, team@example.com]
                    events: [created]
                """);
        assertThat(c.agentByAddress("maria@example.com")).map(AgentsConfig.Agent::level).contains("L1");
        assertThat(c.noticeFor("billing").orElseThrow().recipients()).containsExactly("maria@example.com",
                "team@example.com");
        assertThat(c.noticeFor("billing").orElseThrow().events()).containsExactly("created");
        assertThat(c.noticeFor("other")).isEmpty();
        assertThat(c.addressesAt("manager", "billing")).containsExactly("boss@example.com");
        assertThat(c.addressesAt("L2", "billing")).containsExactly("tom@example.com");
        assertThat(c.addressesAt("L2", "sales")).as("tom works on billing only").isEmpty();
    }

    @Test
    void everyProblemIsReportedWithItsLine() {
        assertThatThrownBy(() -> AgentsFileParser.parse("agents.yml", """
                agents:
                  - name: maria
                    addresses: [maria@example.com]
                    level: L12
                  - name: tom
                    addresses: [maria@example.com]
                    team: x
                queues:
                  billing:
                    notify: [nobody]
                    events: [closed]
                """)).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("agents.yml:4: agents[0].level: must be L0, L1, L2 ... or manager")
                .hasMessageContaining("agents.yml:6: agents[1].addresses: maria@example.com belongs to another agent")
                .hasMessageContaining("agents.yml:7: agents[1].team")
                .hasMessageContaining("agents.yml:10: queues.billing.notify: 'nobody' is neither an agent")
                .hasMessageContaining("agents.yml:11: queues.billing.events: unknown event 'closed'");
    }

    @Test
    void commandsAreTheLeadingLinesOnly() {
        AgentCommands c = AgentCommands.read("""
                #Status Pending
                #assign tom

                #level l2 the customer needs a firmware expert
                Hello,
                #status solved is just text here
                """);
        assertThat(c.status()).isEqualTo("pending");
        assertThat(c.assignee()).isEqualTo("tom");
        assertThat(c.level()).isEqualTo("L2");
        assertThat(c.escalate()).isEqualTo("L2");
        assertThat(c.reason()).isEqualTo("the customer needs a firmware expert");
        assertThat(c.internal()).isFalse();
        assertThat(c.text()).startsWith("Hello,").contains("#status solved is just text here");
        assertThat(AgentCommands.read("#frobnicate\n#internal\nnote").problems()).containsExactly(
                "unknown command '#frobnicate'");
        assertThat(AgentCommands.read("Hi\n#status solved").changesTicket()).isFalse();
    }

    @Test
    void anAgentsMailCountsOnlyWithDmarcPassOrFromAnInternalRelay() throws Exception {
        Path file = dir.resolve("agents.yml");
        Files.writeString(file, "agents:\n  - name: maria\n    addresses: [maria@example.com]\n");
        AgentDirectory directory = new AgentDirectory(new AgentsProperties(file.toString(), List.of("10.0.0.5"),
                Duration.ofSeconds(5)));
        String border = "from relay.example.com (relay.example.com [10.0.0.5]) by mx.example.com";
        String outside = "from 10.0.0.5 (evil.example [203.0.113.9]) by mx.example.com";
        SenderAuthentication pass = new SenderAuthentication("mx.example.com", "pass", "pass", "pass", List.of());
        SenderAuthentication none = SenderAuthentication.unchecked(List.of());

        assertThat(directory.authenticated(mail("maria@example.com", pass, outside))).isPresent();
        assertThat(directory.authenticated(mail("maria@example.com", none, border))).isPresent();
        assertThat(directory.authenticated(mail("maria@example.com", none, outside))).as("HELO name is the sender's")
                .isEmpty();
        assertThat(directory.authenticated(mail("someone@example.com", pass, border))).isEmpty();
        SenderAuthentication fail = new SenderAuthentication("mx.example.com", "pass", "pass", "fail", List.of());
        assertThat(directory.authenticated(mail("maria@example.com", fail, outside))).isEmpty();
    }

    private static ParsedMessage mail(String from, SenderAuthentication auth, String received) {
        return new ParsedMessage("id@example.com", false, List.of(), List.of(), new MailAddress(from, null), null,
                List.of(), List.of(), "s", null, Map.of("received", List.of(received)), "t", "t", List.of(), List.of(),
                "", "", null, Map.of(), auth);
    }
}
