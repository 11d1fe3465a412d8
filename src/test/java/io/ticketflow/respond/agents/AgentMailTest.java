package io.ticketflow.respond.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.respond.AgentAddress;
import io.ticketflow.testing.RealPartsTest;
import io.ticketflow.testing.TestMailServer;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Agents work from their mail client, on real parts (REST intake of raw mail, Elasticsearch, the outbox to GreenMail):
 * a new ticket notifies the queue's agent with the ticket's signed agent address as Reply-To; the agent's answer to it
 * reaches the customer and records the first response; leading command lines change the ticket; {@code #internal}
 * stays a note; {@code #level L2} escalates with the reason and the history; nobody but an authenticated agent, to a
 * correctly signed address, can use the commands.
 */
class AgentMailTest extends RealPartsTest {

    /** The agents file the test settings point at (ticketflow.agents.file in RealPartsTest). */
    static final Path FILE = Path.of("target/test-config/agents.yml");
    private static final String BORDER = "from mail.agents.example (mail.agents.example [192.0.2.10]) by "
            + "mx.ticketflow.test; Sun, 6 Dec 2026 10:00:00 +0000";

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String domain = "agents-" + run + ".example";
    private final String maria = "maria-" + run + "@" + domain;
    private final String tom = "tom-" + run + "@" + domain;
    private final String customer = "cust-" + run + "@customer.example";

    @Autowired
    AgentDirectory agents;
    @Autowired
    AgentAddress agentAddress;

    @BeforeEach
    void agentsFile() throws Exception {
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, """
                agents:
                  - name: maria
                    addresses: [%s]
                    level: L1
                  - name: tom
                    addresses: %s
                    level: L2
                queues:
                  default:
                    notify: [maria]
                    events: [created, customer-replied]
                """.formatted(maria, tom));
        // the reload compares time and size: a file written again within the same millisecond must still look new
        Files.setLastModifiedTime(FILE, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()
                + (long) (Math.random() * 100_000)));
        assertThat(agents.reloadIfChanged()).isNull();
        assertThat(agents.config().agentByName("maria")).isPresent();
    }

    /** Other tests share this application: without the file, nobody is an agent and no notices go out. */
    @AfterEach
    void noAgentsForOthers() throws Exception {
        Files.deleteIfExists(FILE);
        agents.reloadIfChanged();
    }

    @Test
    void theAgentIsNotifiedAndHerAnswerWithCommandsReachesTheCustomer() throws Exception {
        String number = newTicket();
        MimeMessage notice = noticeTo(maria, number);
        String replyTo = ((InternetAddress) notice.getReplyTo()[0]).getAddress();
        assertThat(replyTo).isEqualTo(agentAddress.of(number)).startsWith("support+agent-" + number + "-");
        assertThat(text(notice)).contains("My laptop " + run + " does not boot");

        JsonNode r = post(agentMail(maria, replyTo, number, """
                #status pending
                #assign tom

                Hello, please hold the power button for ten seconds (%s).
                """.formatted(run), true));
        assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("appended");
        assertThat(r.path("ticket").asText()).isEqualTo(number);
        assertThat(r.path("reason").asText()).contains("agent mail from maria").contains("reply sent to the customer")
                .contains("assigned to tom");

        MimeMessage answer = await("the agent's answer at the customer", Duration.ofSeconds(30),
                () -> TestMailServer.mailsTo(customer).stream().filter(m -> text(m).contains("ten seconds (" + run))
                        .findFirst().orElse(null));
        assertThat(text(answer)).doesNotContain("#status").doesNotContain("#assign")
                .doesNotContain("Lines at the very top").contains("maria");
        JsonNode ticket = getJson("/api/tickets/" + number).path("ticket");
        assertThat(ticket.path("status").asText()).isEqualTo("pending");
        assertThat(ticket.path("triage").path("assignee").asText()).isEqualTo("tom");
        assertThat(ticket.path("lifecycle").path("firstResponseAt").isTextual()).as(ticket.toString()).isTrue();
    }

    @Test
    void anInternalNoteStaysOnTheTicketAndALevelChangeEscalatesWithReasonAndHistory() throws Exception {
        String number = newTicket();
        String replyTo = ((InternetAddress) noticeTo(maria, number).getReplyTo()[0]).getAddress();

        JsonNode note = post(agentMail(maria, replyTo, number, """
                #internal
                #level L2 needs a firmware expert
                Customer is a VIP-%s, careful.
                """.formatted(run), true));
        assertThat(note.path("outcome").asText()).as(note.toString()).isEqualTo("appended");
        assertThat(note.path("reason").asText()).contains("internal note kept").contains("escalated to L2: " + tom);

        MimeMessage escalation = await("the escalation at the L2 agent", Duration.ofSeconds(30),
                () -> TestMailServer.mailsTo(tom).stream().filter(m -> text(m).contains("TF#" + number))
                        .findFirst().orElse(null));
        assertThat(text(escalation)).contains("needs a firmware expert").contains("First response due")
                .contains("My laptop " + run + " does not boot").contains("Status:");
        assertThat(((InternetAddress) escalation.getReplyTo()[0]).getAddress()).isEqualTo(replyTo);

        JsonNode view = getJson("/api/tickets/" + number);
        assertThat(view.path("ticket").path("triage").path("level").asText()).isEqualTo("L2");
        assertThat(view.path("ticket").path("lifecycle").path("firstResponseAt").isTextual())
                .as("a note is no response").isFalse();
        List<JsonNode> notes = messages(view, "internal");
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).path("text").asText()).contains("VIP-" + run).doesNotContain("#internal");
        for (JsonNode out : view.path("outgoing")) {
            if (out.path("to").asText().equals(customer)) {
                assertThat(out.path("purpose").asText()).as("only the acknowledgement goes to the customer")
                        .isEqualTo("acknowledgement");
            }
        }
        assertThat(TestMailServer.mailsTo(customer)).noneMatch(m -> text(m).contains("VIP-" + run));
    }

    @Test
    void commandsThatWereNotAppliedAreMailedBackToTheAgentOnce() throws Exception {
        String number = newTicket();
        String replyTo = ((InternetAddress) noticeTo(maria, number).getReplyTo()[0]).getAddress();
        String mail = agentMail(maria, replyTo, number, """
                #assign mraia
                #frobnicate now
                #status pending

                We are on it (%s).
                """.formatted(run), true);

        JsonNode r = post(mail);
        assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("appended");
        assertThat(r.path("reason").asText()).contains("reply sent to the customer")
                .contains("told the agent what was not applied: " + maria)
                .contains("not applied: unknown command '#frobnicate now'; #assign: no agent 'mraia'");
        MimeMessage back = await("the not-applied notice at the agent", Duration.ofSeconds(30),
                () -> TestMailServer.mailsTo(maria).stream().filter(m -> text(m).contains("were not applied"))
                        .findFirst().orElse(null));
        assertThat(back.getSubject()).startsWith("Not applied on [TF#" + number + "]");
        assertThat(text(back)).contains("- #assign: no agent 'mraia' in agents.yml")
                .contains("- unknown command '#frobnicate now'").contains("reply sent to the customer")
                .doesNotContain("We are on it");
        assertThat(((InternetAddress) back.getReplyTo()[0]).getAddress()).isEqualTo(replyTo);
        assertThat(TestMailServer.mailsTo(customer)).noneMatch(m -> text(m).contains("were not applied"));

        // the same mail again (a retry of the same raw message): no second notice
        post(mail);
        Thread.sleep(1500);
        assertThat(TestMailServer.mailsTo(maria).stream().filter(m -> text(m).contains("were not applied")))
                .hasSize(1);
        JsonNode ticket = getJson("/api/tickets/" + number).path("ticket");
        assertThat(ticket.path("status").asText()).isEqualTo("pending");
        assertThat(ticket.path("triage").path("assignee").isTextual()).isFalse();
    }

    @Test
    void aCustomerAForgedSignatureOrAnUnauthenticatedAgentCannotUseTheCommands() throws Exception {
        String number = newTicket();
        String replyTo = ((InternetAddress) noticeTo(maria, number).getReplyTo()[0]).getAddress();

        // the customer writes to the agent address (it leaked, say), DMARC passing: a customer's reply like any other
        JsonNode byCustomer = post(agentMail(customer, replyTo, number, "#status solved\n#assign tom\nThanks!", true));
        assertThat(byCustomer.path("outcome").asText()).as(byCustomer.toString()).isEqualTo("appended");
        assertThat(byCustomer.path("reason").asText()).doesNotContain("agent mail");
        // the agent, but the signature is not ours
        String sig = replyTo.substring(replyTo.lastIndexOf('-') + 1, replyTo.indexOf('@'));
        String forged = replyTo.replace(sig, (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1));
        JsonNode forgedSig = post(agentMail(maria, forged, number, "#status solved\nDone.", true));
        assertThat(forgedSig.path("reason").asText()).as(forgedSig.toString()).doesNotContain("agent mail");
        // the agent's address, but our border server did not vouch for it
        JsonNode unauthenticated = post(agentMail(maria, replyTo, number, "#status solved\nDone.", false));
        assertThat(unauthenticated.path("reason").asText()).as(unauthenticated.toString())
                .doesNotContain("agent mail");

        JsonNode ticket = getJson("/api/tickets/" + number).path("ticket");
        assertThat(ticket.path("status").asText()).isNotEqualTo("solved");
        assertThat(ticket.path("triage").path("assignee").isTextual()).isFalse();
        assertThat(ticket.path("lifecycle").path("firstResponseAt").isTextual()).isFalse();
        assertThat(TestMailServer.mailsTo(customer)).noneMatch(m -> text(m).contains("Done."));
        // the customer's reply was a customer's reply: the agents hear of it
        await("the customer-replied notice", Duration.ofSeconds(30), () -> TestMailServer.mailsTo(maria).stream()
                .filter(m -> text(m).contains("The customer replied on ticket") && text(m).contains("TF#" + number))
                .findFirst().orElse(null));
    }

    private String newTicket() throws Exception {
        String mail = "From: Carla <" + customer + ">\r\nTo: " + TestMailServer.SUPPORT + "\r\nSubject: Laptop "
                + run + " " + UUID.randomUUID() + "\r\nMessage-ID: <" + UUID.randomUUID() + "@customer.example>\r\n"
                + "Date: Sun, 6 Dec 2026 09:00:00 +0000\r\n\r\nMy laptop " + run + " does not boot.\r\n";
        JsonNode r = post(mail);
        assertThat(r.path("outcome").asText()).as(r.toString()).isEqualTo("created");
        return r.path("ticket").asText();
    }

    /** A reply from the mail client: commands and text on top, the notice quoted below. */
    private String agentMail(String from, String to, String number, String body, boolean dmarcPass) {
        String senderDomain = from.substring(from.indexOf('@') + 1);
        String auth = dmarcPass ? "Authentication-Results: mx.ticketflow.test; spf=pass smtp.mailfrom=" + senderDomain
                + "; dmarc=pass header.from=" + senderDomain + "\r\n" : "";
        return auth + "Received: " + BORDER + "\r\nFrom: " + from + "\r\nTo: " + to + "\r\nSubject: Re: [TF#" + number
                + "] Laptop\r\nMessage-ID: <" + UUID.randomUUID() + "@" + senderDomain + ">\r\n"
                + "Date: Sun, 6 Dec 2026 10:00:00 +0000\r\n\r\n" + body.replace("\n", "\r\n")
                + "\r\nOn Sun, 6 Dec 2026 at 09:01, Support <support@ticketflow.local> wrote:\r\n"
                + "> New ticket [TF#" + number + "] in queue general\r\n> Lines at the very top may be commands\r\n";
    }

    private MimeMessage noticeTo(String agent, String number) {
        return await("the notice to " + agent, Duration.ofSeconds(30), () -> TestMailServer.mailsTo(agent).stream()
                .filter(m -> text(m).contains("New ticket") && text(m).contains("TF#" + number)).findFirst()
                .orElse(null));
    }

    private JsonNode post(String mail) throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("message/rfc822"));
        return JSON.readTree(http.postForEntity("/api/messages",
                new HttpEntity<>(mail.getBytes(StandardCharsets.UTF_8), headers), String.class).getBody());
    }

    private static List<JsonNode> messages(JsonNode view, String direction) {
        List<JsonNode> out = new java.util.ArrayList<>();
        view.path("messages").forEach(m -> {
            if (direction.equals(m.path("direction").asText())) {
                out.add(m);
            }
        });
        return out;
    }

    private static String text(MimeMessage m) {
        try {
            Object content = m.getContent();
            if (content instanceof String s) {
                return s;
            }
            if (content instanceof jakarta.mail.Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    if (multipart.getBodyPart(i).isMimeType("text/plain")) {
                        return String.valueOf(multipart.getBodyPart(i).getContent());
                    }
                }
            }
            return "";
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
