package io.ticketflow.thread;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.vocabulary.TicketflowIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectTagTest {

    private static final TicketflowIdentity IDENTITY = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Support", "ticketflow.local", "TF", "ticketflow", "secret");

    private final SubjectTag subjectTag = new SubjectTag(IDENTITY);

    @Test
    void shouldWriteTagWithPrefixAndNumber() {
        assertThat(subjectTag.of("100042")).isEqualTo("[TF#100042]");
    }

    @Test
    void shouldFindTheNumberItWrote() {
        String subject = subjectTag.tag("100042", "Printer broken");

        assertThat(subject).isEqualTo("[TF#100042] Printer broken");
        assertThat(subjectTag.find(subject)).contains("100042");
    }

    @Test
    void shouldFindTagInsideReplySubject() {
        assertThat(subjectTag.find("Re: AW: [TF#7] Printer broken")).contains("7");
    }

    @Test
    void shouldFindTagCaseInsensitively() {
        assertThat(subjectTag.find("re: [tf#100042] printer broken")).contains("100042");
    }

    @Test
    void shouldAddTagOnlyOnce() {
        String once = subjectTag.tag("100042", "Printer broken");
        String twice = subjectTag.tag("100042", "Re: " + once);

        assertThat(twice).isEqualTo("Re: [TF#100042] Printer broken");
    }

    @Test
    void shouldNotAddTagAgainWhenPresentInOtherCase() {
        // find() accepts [tf#100042] as this ticket, so tag() must not add a second tag for it
        assertThat(subjectTag.tag("100042", "RE: [tf#100042] PRINTER BROKEN")).isEqualTo("RE: [tf#100042] PRINTER BROKEN");
    }

    @Test
    void shouldTagMissingSubject() {
        assertThat(subjectTag.tag("5", null)).isEqualTo("[TF#5] (no subject)");
        assertThat(subjectTag.tag("5", "  ")).isEqualTo("[TF#5] (no subject)");
    }

    @Test
    void shouldNotMatchNonNumericTicket() {
        assertThat(subjectTag.find("Re: [TF#abc] Printer broken")).isEmpty();
    }

    @Test
    void shouldNotMatchOtherPrefix() {
        assertThat(subjectTag.find("Re: [XX#123] Printer broken")).isEmpty();
    }

    @Test
    void shouldNotMatchEmptyOrUnclosedTag() {
        assertThat(subjectTag.find("[TF#] Printer")).isEmpty();
        assertThat(subjectTag.find("[TF#123 Printer")).isEmpty();
        assertThat(subjectTag.find("TF#123 Printer")).isEmpty();
        assertThat(subjectTag.find(null)).isEmpty();
    }
}
