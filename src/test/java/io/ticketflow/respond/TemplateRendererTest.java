package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.thread.SubjectTag;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRendererTest {

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of(), "support@ticketflow.local",
            "Ticketflow Support", "ticketflow.local", "TF", "ticketflow", "");
    private final MailModels models = new MailModels(new SlaPolicies(new SlaPolicies.Properties("config/sla.yml")),
            new SubjectTag(IDENTITY), IDENTITY);

    @TempDir
    Path dir;

    @Test
    void shippedTemplatesAllLoadAndCoverEveryPurpose() {
        TemplateRenderer renderer = RespondFixture.renderer(models, RespondFixture.LOADER_PATH);

        assertThat(renderer.catalog()).containsKeys(TemplateRenderer.REQUIRED.toArray(String[]::new));
        assertThat(renderer.catalog().get("acknowledgement")).contains("default", "deu");
    }

    @Test
    void languagePicksTheTemplateAndFallsBackToTheDefault() {
        TemplateRenderer renderer = RespondFixture.renderer(models, RespondFixture.LOADER_PATH);
        Map<String, Object> model = models.forTicket(ticket("Jane", "Printer broken"));

        assertThat(renderer.render("acknowledgement", "deu", model).text()).contains("Guten Tag Jane")
                .contains("Geschäftsstunden");
        assertThat(renderer.render("acknowledgement", "fra", model).text()).contains("Hello Jane");
        assertThat(renderer.render("acknowledgement", null, model).subject()).isEqualTo("Re: Printer broken");
    }

    @Test
    void valuesAreEscapedInHtmlLiteralInTextAndNeverEvaluated() {
        TemplateRenderer renderer = RespondFixture.renderer(models, RespondFixture.LOADER_PATH);
        Ticket ticket = ticket("<script>alert(1)</script>", "${7*7} <#assign x=1> \r\nBcc: evil@example.com");
        TemplateRenderer.Rendered r = renderer.render("acknowledgement", null, models.forTicket(ticket));

        assertThat(r.html()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(r.text()).contains("Hello <script>alert(1)</script>");
        assertThat(r.text()).contains("${7*7} <#assign x=1>").doesNotContain("49");
        assertThat(r.subject()).doesNotContain("\r").doesNotContain("\n").isEqualTo(
                "Re: ${7*7} <#assign x=1> Bcc: evil@example.com");
    }

    @Test
    void missingVariableFailsAtLoadTimeNamingFileAndLine() throws IOException {
        copyShipped();
        Files.writeString(dir.resolve("reminder.txt.ftl"), "Hello ${customerName},\n\nticket ${ticketTag}\n"
                + "Dear ${customerNmae}\n");

        assertThatThrownBy(() -> RespondFixture.renderer(models, "file:" + dir + "/"))
                .isInstanceOf(TemplateRenderer.TemplateValidationException.class)
                .hasMessageContaining(dir + "/reminder.txt.ftl, line 4")
                .hasMessageContaining("customerNmae");
    }

    @Test
    void syntaxErrorFailsAtLoadTimeNamingFileAndLine() throws IOException {
        copyShipped();
        Files.writeString(dir.resolve("escalation.deu.html.ftl"), "<p>\n<#if queue>\n${queue}\n");

        assertThatThrownBy(() -> RespondFixture.renderer(models, "file:" + dir + "/"))
                .hasMessageContaining(dir + "/escalation.deu.html.ftl, line ");
    }

    @Test
    void missingRequiredTemplateIsReported() throws IOException {
        copyShipped();
        Files.delete(dir.resolve("satisfaction.txt.ftl"));

        assertThatThrownBy(() -> RespondFixture.renderer(models, "file:" + dir + "/"))
                .hasMessageContaining("satisfaction.txt.ftl: missing");
    }

    @Test
    void badEditNeverReplacesTheRunningTemplatesAndAGoodOneDoes() throws IOException {
        copyShipped();
        TemplateRenderer renderer = RespondFixture.renderer(models, "file:" + dir + "/");
        Map<String, Object> model = models.forTicket(ticket("Jane", "Printer"));
        Path ack = dir.resolve("acknowledgement.txt.ftl");

        write(ack, "Hi ${customerName}, ticket ${ticketTag} ${oops}\n", 1);
        assertThat(renderer.reloadIfChanged()).contains("acknowledgement.txt.ftl, line 1").contains("oops");
        assertThat(renderer.render("acknowledgement", null, model).text()).startsWith("Hello Jane,");
        assertThat(renderer.lastError()).isNotNull();

        write(ack, "Hi ${customerName}, ticket ${ticketTag}\n", 2);
        assertThat(renderer.reloadIfChanged()).isNull();
        assertThat(renderer.render("acknowledgement", null, model).text()).startsWith("Hi Jane, ticket [TF#");
        assertThat(renderer.lastError()).isNull();
    }

    private void write(Path file, String content, int tick) throws IOException {
        Files.writeString(file, content);
        // file times have a coarse resolution on some file systems: make the change visible for certain
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(tick)));
    }

    private void copyShipped() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("config/templates"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    private static Ticket ticket(String name, String subject) {
        return Ticket.open("123456", "imap", "jane@example.com", name, subject, Instant.parse("2026-03-02T09:00:00Z"));
    }
}
