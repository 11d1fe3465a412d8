package io.ticketflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fast conformance checks against the third-party corpora (issue 4 targets). The full figures, including the
 * SpamAssassin corpus, come from {@link ParseReportTest}.
 */
class CorpusConformanceTest {

    private final MessageParser parser = new MessageParser();

    @Test
    void mime4jDecodedPartsMatchAtLeastTheMeasuredFloor() throws Exception {
        Assumptions.assumeTrue(Corpora.mime4jAvailable(), "apache-mime4j-core:tests jar not on the test classpath");
        Conformance.Score score = Conformance.mime4j(parser);
        System.out.println(score + " failures: " + score.failures());

        assertThat(score.total()).isGreaterThan(100);
        // target 95 %; measured 93.6 % (shortfall named in docs/parsing.md): guard against regressions
        assertThat(score.percent()).as(score.failures().toString()).isGreaterThanOrEqualTo(93.0);
    }

    @Test
    void tnefAttachmentListsMatchMimeKitAtLeastTheMeasuredFloor() throws Exception {
        Conformance.Score score = Conformance.tnef(parser, Corpora.shared().resolve("mime/mimekit/tnef"));
        System.out.println(score + " failures: " + score.failures());

        assertThat(score.total()).isGreaterThanOrEqualTo(15);
        // target 100 %; measured 17/19 (christmas: POI's HMEF sees 3 of MimeKit's 5 attachments; panic: HMEF rejects
        // the file) — named in docs/parsing.md; this guards against regressions
        assertThat(score.passed()).as(score.failures().toString()).isGreaterThanOrEqualTo(17);
    }

    @Test
    void replyTrimmingMatchesDiscourseAtLeast90Percent() throws Exception {
        Conformance.Score score = Conformance.trimming(Corpora.shared().resolve("reply-trimming/discourse"));
        System.out.println(score + " failures: " + score.failures());

        assertThat(score.total()).isGreaterThan(50);
        assertThat(score.percent()).as(score.failures().toString()).isGreaterThanOrEqualTo(90.0);
    }

    @Test
    void everyMimeCorpusMessageParsesWithoutAnEscapingException() throws Exception {
        Path mime = Corpora.shared().resolve("mime");
        Conformance.Run run = Conformance.parseAll(parser, "mime", Conformance.filesBelow(mime,
                p -> !p.toString().contains("/tnef/") && !p.getFileName().toString().endsWith(".list")));
        System.out.println(run);

        assertThat(run.files()).isGreaterThan(100);
        assertThat(run.escaped()).isEmpty();
        assertThat(run.slowestMillis()).isLessThan(10_000);
    }
}
