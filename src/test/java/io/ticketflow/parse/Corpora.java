package io.ticketflow.parse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where the third-party test corpora are (see ../shared/corpora/README.md and scripts/fetch-spam-assassin.sh). */
final class Corpora {

    private Corpora() {
    }

    /** ../shared/corpora (system property ticketflow.corpora, set by surefire); skips the test when absent. */
    static Path shared() {
        String dir = System.getProperty("ticketflow.corpora", "../shared/corpora");
        Path path = Path.of(dir);
        Assumptions.assumeTrue(Files.isDirectory(path.resolve("mime")),
                "corpora not found at " + path.toAbsolutePath() + " (set -Dticketflow.corpora)");
        return path;
    }

    /** The SpamAssassin npm corpus fetched by scripts/fetch-spam-assassin.sh into target/; skips when absent. */
    static Path spamAssassin() {
        Path path = Path.of("target/corpora/spam-assassin/package/data");
        Assumptions.assumeTrue(Files.isDirectory(path.resolve("spam-1")),
                "SpamAssassin corpus not found at " + path.toAbsolutePath() + ": run scripts/fetch-spam-assassin.sh");
        return path;
    }

    /** The mime4j test messages come from the test-scoped apache-mime4j-core:tests jar on the classpath. */
    static boolean mime4jAvailable() {
        return Corpora.class.getResource("/mimetools-testmsgs/README.txt") != null
                || Corpora.class.getResource("/testmsgs/") != null;
    }
}
