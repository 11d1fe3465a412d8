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
    void mime4jDecodedPartsMatchAtLeast95Percent() throws Exception {
        Assumptions.assumeTrue(Corpora.mime4jAvailable(), "apache-mime4j-core:tests jar not on the test classpath");
        Conformance.Score score = Conformance.mime4j(parser);
        System.out.println(score + " failures: " + score.failures());

        assertThat(score.total()).isGreaterThan(100);
        assertThat(score.percent()).as(score.failures().toString()).isGreaterThanOrEqualTo(95.0);
    }

    @Test
    void tnefAttachmentListsMatchMimeKit() throws Exception {
        Conformance.Score score = Conformance.tnef(parser, Corpora.shared().resolve("mime/mimekit/tnef"));
        System.out.println(score + " failures: " + score.failures());

        assertThat(score.total()).isGreaterThanOrEqualTo(15);
        // every file matches MimeKit: its .list, or its extracted-files folder where the two disagree (named in
        // docs/parsing.md)
        assertThat(score.passed()).as(score.failures().toString()).isEqualTo(score.total());
        assertThat(score.failures()).allSatisfy(f -> assertThat(f).contains("matches the extracted-files folder"));
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
