package io.ticketflow.parse.header;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.SenderAuthentication;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Only the Authentication-Results our own border server added count; every forgery below it is ignored. */
class SenderAuthenticationReaderTest {

    private static final MailAuthProperties OURS = new MailAuthProperties("mx.ours.example", 1);
    private static final MailAddress ALICE = new MailAddress("alice@a.example", null);
    private static final String RECEIVED = "Received: from mail.a.example by mx.ours.example; Fri, 27 Nov 2026 10:00:00 +0000\r\n";

    @Test
    void ourServersResultsAboveTheBorderAreRead() throws Exception {
        SenderAuthentication auth = read("Authentication-Results: mx.ours.example; spf=pass smtp.mailfrom=a.example;"
                + " dkim=pass header.d=a.example; dmarc=pass (p=reject) header.from=a.example\r\n" + RECEIVED);
        assertThat(auth.authservId()).isEqualTo("mx.ours.example");
        assertThat(auth.spf()).isEqualTo("pass");
        assertThat(auth.dkim()).isEqualTo("pass");
        assertThat(auth.dmarc()).isEqualTo("pass");
        assertThat(auth.dmarcFailed()).isFalse();
    }

    @Test
    void aForgedPassBelowTheRealFailDoesNotOverrideIt() throws Exception {
        SenderAuthentication auth = read("Authentication-Results: mx.ours.example; dmarc=fail header.from=a.example\r\n"
                + RECEIVED + "Authentication-Results: mx.ours.example; dmarc=pass header.from=a.example\r\n");
        assertThat(auth.dmarc()).isEqualTo("fail");
        assertThat(auth.dmarcFailed()).isTrue();
        assertThat(auth.evidence()).anyMatch(e -> e.startsWith("ignored (claims mx.ours.example"));
    }

    @Test
    void aForgedHeaderWithOurIdAndNoRealOneGivesNoResult() throws Exception {
        SenderAuthentication auth = read(RECEIVED + "Authentication-Results: mx.ours.example; dmarc=pass; spf=pass\r\n");
        assertThat(auth.authservId()).isNull();
        assertThat(auth.dmarc()).isEqualTo(SenderAuthentication.NONE);
    }

    @Test
    void aLookalikeAuthservIdIsNotOurs() throws Exception {
        SenderAuthentication auth = read("Authentication-Results: mx.ours.example.evil; dmarc=pass\r\n" + RECEIVED);
        assertThat(auth.authservId()).isNull();
        assertThat(auth.dmarc()).isEqualTo(SenderAuthentication.NONE);
    }

    @Test
    void ourHeaderBelowAnotherServersHeaderIsNotInTheTopmostGroup() throws Exception {
        SenderAuthentication auth = read("Authentication-Results: mx.ours.example; dmarc=fail header.from=a.example\r\n"
                + "Authentication-Results: relay.other.example; dmarc=pass\r\n"
                + "Authentication-Results: mx.ours.example; dmarc=pass header.from=a.example\r\n" + RECEIVED);
        assertThat(auth.dmarc()).isEqualTo("fail");
    }

    @Test
    void withoutAReceivedHeaderTheMailDidNotPassOurBorderAndNothingIsTrusted() throws Exception {
        SenderAuthentication auth = read("Authentication-Results: mx.ours.example; dmarc=fail header.from=a.example\r\n");
        assertThat(auth.authservId()).isNull();
        assertThat(auth.evidence().get(0)).contains("fewer than the 1");
    }

    @Test
    void dmarcOfAnotherDomainThanTheFromDoesNotCount() throws Exception {
        SenderAuthentication auth = read("Authentication-Results: mx.ours.example; dmarc=fail header.from=other.example\r\n"
                + RECEIVED);
        assertThat(auth.dmarc()).isEqualTo(SenderAuthentication.NONE);
        assertThat(auth.dmarcFailed()).isFalse();
    }

    @Test
    void unconfiguredReadsNothing() throws Exception {
        SenderAuthentication auth = SenderAuthenticationReader.read(mime("Authentication-Results: mx.ours.example;"
                + " dmarc=fail header.from=a.example\r\n" + RECEIVED), MailAuthProperties.unconfigured(), ALICE);
        assertThat(auth.dmarcFailed()).isFalse();
        assertThat(auth.authservId()).isNull();
    }

    @Test
    void twoTrustedHopsMoveTheBorderDown() throws Exception {
        String mailbox = "Received: from mx.ours.example by imap.ours.example; Fri, 27 Nov 2026 10:00:01 +0000\r\n";
        SenderAuthentication auth = SenderAuthenticationReader.read(mime(mailbox
                + "Authentication-Results: mx.ours.example; dmarc=fail header.from=a.example\r\n" + RECEIVED),
                new MailAuthProperties("mx.ours.example", 2), ALICE);
        assertThat(auth.dmarcFailed()).isTrue();
    }

    @Test
    void commentsQuotingVersionsAndFoldingAreUnderstood() {
        AuthenticationResults ar = AuthenticationResults.parse("MX.Ours.Example 1 (comment (nested; dmarc=pass));\r\n"
                + "\tdkim = pass (good \\) sig) header.d=a.example header.b=\"ab;cd\";\r\n"
                + "\tdmarc=fail (p=reject; dis=none) header.from=a.example; none");
        assertThat(ar.authservId()).isEqualTo("mx.ours.example");
        assertThat(ar.resultOf("dkim")).isEqualTo("pass");
        assertThat(ar.resultsOf("dkim").get(0).property("header.b")).isEqualTo("ab;cd");
        assertThat(ar.resultOf("dmarc")).isEqualTo("fail");
        assertThat(ar.resultsOf("dmarc").get(0).property("header.from")).isEqualTo("a.example");
        assertThat(ar.results()).hasSize(2);
    }

    @Test
    void garbageGivesNoResultsAndNoError() {
        assertThat(AuthenticationResults.parse(";;;(((\"").results()).isEmpty();
        assertThat(AuthenticationResults.parse("x; =; a=; =b; (").results()).allMatch(r -> !r.method().isEmpty());
        assertThat(AuthenticationResults.parse("(" .repeat(100_000)).results()).isEmpty();
    }

    private static SenderAuthentication read(String headers) throws Exception {
        return SenderAuthenticationReader.read(mime(headers), OURS, ALICE);
    }

    private static MimeMessage mime(String headers) throws Exception {
        String mail = headers + "From: alice@a.example\r\nTo: support@ours.example\r\nSubject: hi\r\n\r\nbody\r\n";
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(mail.getBytes(StandardCharsets.UTF_8)));
    }
}
