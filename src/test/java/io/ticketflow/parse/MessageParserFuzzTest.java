package io.ticketflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the parser with Jazzer. Without JAZZER_FUZZ (the default test run) the fuzz test runs in regression mode over
 * the committed seeds (MessageParserFuzzTestInputs/parse) and {@link #parserHoldsOnEveryCorpusSeed()} runs the same
 * target over the corpora; with JAZZER_FUZZ=1 it fuzzes for up to 45 s from those seeds — see scripts/fuzz-parser.sh
 * for a corpus-seeded run of any length. Attachment extraction is off: the extraction workers are out of process and
 * tested on their own; the fuzzer exercises MIME structure, headers, charsets, HTML, splitting and reports.
 */
class MessageParserFuzzTest {

    private static final MessageParser PARSER = new MessageParser(
            ParseProperties.defaults().withExtraction(ParseProperties.ExtractionMode.OFF),
            MessageParser.createExtraction(ParseProperties.defaults().withExtraction(ParseProperties.ExtractionMode.OFF)),
            true);

    @FuzzTest(maxDuration = "45s")
    void parse(byte[] input) {
        parseOnce(input);
    }

    /** The invariant: a result with every field set, or our own clear rejection; nothing else escapes. */
    static void parseOnce(byte[] input) {
        ParsedMessage message;
        try {
            message = PARSER.parse(RawMessage.of(input, "fuzz", "fuzz"));
        }
        catch (UnparseableMessageException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(message.from().address()).contains("@");
        assertThat(message.messageId()).isNotBlank();
        assertThat(message.text()).isNotNull();
        assertThat(message.newContent()).isNotNull();
        assertThat(message.quotedHistory()).isNotNull();
        assertThat(message.signature()).isNotNull();
        assertThat(message.attachments()).doesNotContainNull();
        assertThat(message.text().length()).isLessThanOrEqualTo(PARSER.limits().maxBodyChars() + 16);
    }

    @Test
    void parserHoldsOnEveryCorpusSeed() throws Exception {
        Path shared = Corpora.shared();
        // the fuzzer's seed set: corpus files up to 64 KB (the large ones are covered by CorpusConformanceTest)
        java.util.function.Predicate<Path> small = p -> p.toFile().length() <= 65_536;
        List<Path> seeds = new ArrayList<>(Conformance.filesBelow(shared.resolve("mime"),
                p -> !p.toString().contains("/tnef/") && small.test(p)));
        seeds.addAll(Conformance.filesBelow(shared.resolve("reply-trimming/discourse/emails"), small));
        for (Path seed : seeds) {
            byte[] bytes = Files.readAllBytes(seed);
            parseOnce(bytes);
            // and the same seed cut short, as a fuzzer would: truncated mail must be handled too
            parseOnce(java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }
        assertThat(seeds).hasSizeGreaterThan(300);
    }
}
