package io.ticketflow.classify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Texts of the shared corpora that tests compare two ways of scoring on; a corpus that is absent adds nothing. */
final class CorpusSamples {

    static final Path CORPORA = Path.of(System.getProperty("ticketflow.corpora", "../shared/corpora"));

    private CorpusSamples() {
    }

    /** Every fifth banking77 query, every tenth CLINC150 one, and each reply-trimming file whole. */
    static void addPublicTexts(List<String> into) throws IOException {
        Path banking = CORPORA.resolve("classification/banking77/train.csv");
        if (Files.exists(banking)) {
            List<LabelledText> all = TrainingData.read(banking);
            for (int i = 0; i < all.size(); i += 5) {
                into.add(all.get(i).text());
            }
        }
        Path clinc = CORPORA.resolve("classification/clinc150/train_val.json");
        if (Files.exists(clinc)) {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(clinc.toFile());
            int[] i = { 0 };
            root.forEach(split -> split.forEach(example -> {
                if (i[0]++ % 10 == 0) {
                    into.add(example.get(0).asText());
                }
            }));
        }
        Path replies = CORPORA.resolve("reply-trimming");
        if (Files.isDirectory(replies)) {
            try (Stream<Path> files = Files.walk(replies)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    into.add(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
                }
            }
        }
    }
}
