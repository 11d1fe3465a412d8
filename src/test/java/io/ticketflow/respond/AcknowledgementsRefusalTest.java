package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.parse.MessageParser;
import io.ticketflow.thread.SubjectTag;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.ScreeningVerdict;
import io.ticketflow.vocabulary.ScreeningVerdict.Kind;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcknowledgementsRefusalTest {

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Support", "ticketflow.local", "TF", "ticketflow", "secret");

    private final MessageParser parser = new MessageParser();
    private final Acknowledgements acknowledgements = new Acknowledgements(null, null, null, null,
            new LoopGuard(null, LoopProtectionProperties.defaults(), IDENTITY, new SubjectTag(IDENTITY),
                    java.time.Clock.systemUTC()), IDENTITY, null);

    private ParsedMessage from(String from) {
        String mail = """
                From: %s
                To: support@ticketflow.local
                Subject: Printer broken
                Message-ID: <abc.1@mail.example.com>

                My printer is broken.
                """.formatted(from);
        return parser.parse(RawMessage.of(mail.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), "test", "test"));
    }

    @Test
    void shouldAcceptNormalCustomer() {
        assertThat(acknowledgements.refusal(from("Jane Doe <jane@example.com>"), ScreeningVerdict.human())).isNull();
    }

    @Test
    void shouldAcceptCustomerWhoseNameMerelyContainsNoreply() {
        assertThat(acknowledgements.refusal(from("Noreply Fan <jane.noreply@example.com>"), ScreeningVerdict.human()))
                .isNull();
    }

    @Test
    void shouldRefuseMachineMail() {
        String refusal = acknowledgements.refusal(from("Jane Doe <jane@example.com>"),
                new ScreeningVerdict(Kind.AUTO_REPLY, "Auto-Submitted: auto-replied"));

        assertThat(refusal).isNotBlank().contains("auto-reply");
    }

    @Test
    void shouldRefuseBounce() {
        String refusal = acknowledgements.refusal(from("Jane Doe <jane@example.com>"),
                new ScreeningVerdict(Kind.BOUNCE, "null return path"));

        assertThat(refusal).isNotBlank().contains("bounce");
    }

    @Test
    void shouldRefuseOwnAddress() {
        String refusal = acknowledgements.refusal(from("Support <SUPPORT@ticketflow.local>"), ScreeningVerdict.human());

        assertThat(refusal).isNotBlank().contains("own");
    }

    @ParameterizedTest
    @ValueSource(strings = { "no-reply@example.com", "noreply@example.com", "NoReply@Example.com",
            "noreply+x@example.com", "no-reply.billing@example.com", "donotreply@example.com",
            "do-not-reply@example.com", "mailer-daemon@mx.example.com", "MAILER-DAEMON@mx.example.com",
            "postmaster@example.com", "bounces+123@lists.example.com", "owner-users@lists.example.com",
            "users-request@lists.example.com", "listserv@lists.example.com" })
    void shouldRefuseNoReplySenders(String address) {
        String refusal = acknowledgements.refusal(from("Robot <" + address + ">"), ScreeningVerdict.human());

        assertThat(refusal).isNotBlank().contains("no-reply");
    }

    @ParameterizedTest
    @ValueSource(strings = { "no_reply@email.apple.com", "do_not_reply@example.com" })
    void shouldRefuseNoReplySendersWrittenWithUnderscores(String address) {
        String refusal = acknowledgements.refusal(from("Robot <" + address + ">"), ScreeningVerdict.human());

        assertThat(refusal).isNotBlank().contains("no-reply");
    }
}
