package io.ticketflow.screen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.config.ConfigFileException;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.ScreeningVerdict.Kind;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScreeningMarkersTest {

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Support", "ticketflow.local", "TF", "ticketflow", "secret");
    private static final String HELPDESK_AUTO_REPLY = """
            From: Jane Doe <jane@example.com>
            Subject: Re: Printer broken
            Message-ID: <m.1@mail.example.com>
            X-Helpdesk-Auto: yes

            We received your request.
            """;

    @TempDir
    Path dir;

    private final MessageParser parser = new MessageParser();

    private ParsedMessage parse(String rfc822) {
        return parser.parse(RawMessage.of(rfc822.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), "test", "test"));
    }

    private static String shippedText() throws Exception {
        try (InputStream in = ScreeningMarkers.class.getResourceAsStream(ScreeningMarkers.SHIPPED)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shippedMarkersAreOrderedPerSection() {
        ScreeningMarkers shipped = ScreeningMarkers.shipped();
        assertThat(shipped.source()).isEqualTo("classpath:screening/markers.yml");
        assertThat(shipped.of(Kind.BOUNCE)).extracting(Marker::id)
                .containsExactly("null-return-path", "daemon-sender", "report-content-type");
        assertThat(shipped.of(Kind.LIST)).extracting(Marker::id).containsExactly("list-precedence", "list-headers");
    }

    @Test
    void anAdminFileChangesTheMarkers() throws Exception {
        Path file = dir.resolve("markers.yml");
        Files.writeString(file, shippedText().replace("auto-reply:\n", """
                auto-reply:
                  - id: helpdesk-auto
                    header: x-helpdesk-auto
                    unless: '^no$'
                    reason: "our old helpdesk's auto-answer ({header}: {value})"
                """));
        Screener shipped = new Screener(IDENTITY);
        Screener admin = new Screener(IDENTITY, new ScreenProperties(5.0, 5, file.toString()));

        assertThat(shipped.screen(parse(HELPDESK_AUTO_REPLY)).kind()).isEqualTo(Kind.HUMAN);
        var verdict = admin.screen(parse(HELPDESK_AUTO_REPLY));
        assertThat(verdict.kind()).isEqualTo(Kind.AUTO_REPLY);
        assertThat(verdict.reason()).isEqualTo("our old helpdesk's auto-answer (x-helpdesk-auto: yes)");
        assertThat(admin.markersSource()).isEqualTo(file.toString());
        // the rest of the shipped markers still apply
        assertThat(admin.screen(parse(HELPDESK_AUTO_REPLY.replace("X-Helpdesk-Auto: yes", "Precedence: bulk"))).kind())
                .isEqualTo(Kind.AUTO_REPLY);
    }

    @Test
    void anAdminFileCanDropAMarker() throws Exception {
        Path file = dir.resolve("markers.yml");
        String withoutCron = shippedText().replace(", x-cron-env]", "]");
        assertThat(withoutCron).isNotEqualTo(shippedText());
        Files.writeString(file, withoutCron);
        String cronMail = HELPDESK_AUTO_REPLY.replace("X-Helpdesk-Auto: yes", "X-Cron-Env: <SHELL=/bin/sh>");
        assertThat(new Screener(IDENTITY).screen(parse(cronMail)).kind()).isEqualTo(Kind.AUTO_REPLY);
        assertThat(new Screener(IDENTITY, new ScreenProperties(5.0, 5, file.toString())).screen(parse(cronMail)).kind())
                .isEqualTo(Kind.HUMAN);
    }

    @Test
    void aBadFileIsRefusedWithFileLineAndField() throws Exception {
        Path file = dir.resolve("markers.yml");
        Files.writeString(file, """
                bounce:
                  - id: broken-regex
                    from: '^(mailer-daemon@'
                    reason: "sender is {from}"
                auto-reply:
                  - id: typo
                    header: x-autoreply
                    matchs: 'yes'
                    reason: "{header} present"
                  - id: two-tests
                    header: x-a
                    subject: 'b'
                    reason: "{valeu}"
                lists: []
                """);
        assertThatThrownBy(() -> new Screener(IDENTITY, new ScreenProperties(5.0, 5, file.toString())))
                .isInstanceOfSatisfying(ConfigFileException.class, e -> assertThat(e.problems()).containsExactly(
                        file + ":3: bounce[0].from: invalid regular expression: " + re2Error("^(mailer-daemon@"),
                        file + ":8: auto-reply[0].matchs: unknown field (known: description, from, header, id, matches, "
                                + "reason, subject, unless)",
                        file + ":10: auto-reply[1]: a marker tests exactly one of header, from, subject (found [header, subject])",
                        file + ":13: auto-reply[1].reason: unknown placeholder {valeu} (known: {header}, {value}, {value:N}, "
                                + "{from}, {subject})",
                        file + ":14: lists: unknown field (known: auto-reply, bounce, list, spam, version)"));
    }

    @Test
    void aMissingFileIsRefusedNamingTheSetting() {
        Path missing = dir.resolve("nope.yml");
        assertThatThrownBy(() -> new Screener(IDENTITY, new ScreenProperties(5.0, 5, missing.toString())))
                .hasMessageStartingWith(missing + ": cannot read the screening markers (ticketflow.screen.markers-file)");
    }

    private static String re2Error(String regex) {
        try {
            com.google.re2j.Pattern.compile(regex, com.google.re2j.Pattern.CASE_INSENSITIVE);
            throw new AssertionError("expected an invalid regex");
        }
        catch (com.google.re2j.PatternSyntaxException e) {
            return e.getMessage();
        }
    }
}
