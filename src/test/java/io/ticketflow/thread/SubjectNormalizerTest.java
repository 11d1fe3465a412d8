package io.ticketflow.thread;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectNormalizerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Printer broken|printer broken",
        "Re: Printer broken|printer broken",
        "RE: AW: WG: Printer  broken|printer broken",
        "Fwd: Re: [TF#100042] Printer broken|printer broken",
        "SV: VS: Printer broken|printer broken",
        "TR: RE: Printer broken|printer broken",
        "Antw: Odp: Rif: R: I: Printer broken|printer broken",
        "Re[2]: Re^3: Printer broken|printer broken",
        "[EXTERNAL] Re: Printer broken|printer broken",
        "Printer broken [TF#100042]|printer broken",
        "Re: [Fwd: Printer broken]|printer broken",
        "Printer broken (fwd)|printer broken",
        "回复: Printer broken|printer broken",
        "re: [fwd: [fwd: re: [fwd: babylon]]]|babylon",
        "[xyz]|[xyz]",
        "Reorder of parts|reorder of parts",
        "Invoice: March|invoice: march",
    })
    void stripsReplyForwardPrefixesAndTags(String subject, String expected) {
        assertThat(SubjectNormalizer.normalize(subject)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "''", "'   '", "Re:", "Fwd: Re:" })
    void emptyOrOnlyPrefixesIsEmpty(String subject) {
        assertThat(SubjectNormalizer.normalize(subject)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aSubjectOfThousandsOfPrefixesIsComparedByItsBeginning() {
        String subject = "Re: ".repeat(5000) + "[TF#" + "1".repeat(5000) + "] help";
        // only the first MAX_CHARS characters count, so 5000 rounds of prefix stripping on 25 KB never happen
        assertThat(SubjectNormalizer.normalize(subject)).isEmpty();
        assertThat(SubjectNormalizer.normalize("Re: ".repeat(10) + "printer")).isEqualTo("printer");
    }
}
