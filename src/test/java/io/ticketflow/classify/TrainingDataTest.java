package io.ticketflow.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {

    @TempDir
    Path dir;

    @Test
    void readsQuotedCsvWithCommentsHeaderAndCommasInText() throws Exception {
        Path file = dir.resolve("data.csv");
        Files.writeString(file, """
                # our examples
                text,label
                "Hello, I need ""help""\nplease",technical
                plain text with, an unquoted comma,billing

                last line without newline,other""");
        assertThat(TrainingData.read(file)).containsExactly(
                new LabelledText("Hello, I need \"help\"\nplease", "technical"),
                new LabelledText("plain text with, an unquoted comma", "billing"),
                new LabelledText("last line without newline", "other"));
    }

    @Test
    void badLinesAreReportedWithTheirLineNumber() throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "text,label\nfine,billing\nno label here\n");
        assertThatThrownBy(() -> TrainingData.read(file)).hasMessageContaining("bad.csv:3");
        Files.writeString(file, "text,label\n\"never closed,billing\n");
        assertThatThrownBy(() -> TrainingData.read(file)).hasMessageContaining("bad.csv:2").hasMessageContaining("unterminated");
    }

    @Test
    void writeThenReadIsLossless() throws Exception {
        Path file = dir.resolve("round.csv");
        List<LabelledText> data = List.of(new LabelledText("a, \"b\"\nc", "x"), new LabelledText("#not a comment", "y"));
        TrainingData.write(file, data);
        assertThat(TrainingData.read(file)).isEqualTo(data);
    }

    @Test
    void readsJsonSplits() throws Exception {
        Path file = dir.resolve("sets.json");
        Files.writeString(file, "{\"train\": [[\"book a flight\", \"travel\"]], \"val\": [[\"what time is it\", \"time\"]]}");
        assertThat(TrainingData.read(file + ":val")).containsExactly(new LabelledText("what time is it", "time"));
        assertThat(TrainingData.read(file.toString())).hasSize(2);
        assertThatThrownBy(() -> TrainingData.read(file + ":test")).hasMessageContaining("no split 'test'");
    }
}
