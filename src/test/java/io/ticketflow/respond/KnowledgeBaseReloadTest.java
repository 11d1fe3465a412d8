package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.config.ConfigFileException;
import io.ticketflow.store.KnowledgeIndex;
import io.ticketflow.store.TestStores;
import io.ticketflow.testing.ElasticsearchNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The articles follow their folder on the real node: indexed on start, an added, changed or deleted file is picked up
 * by the reload check, a broken edit is reported with file and line and the articles in use stay; "solved" replies.
 */
@ExtendWith(ElasticsearchNode.class)
class KnowledgeBaseReloadTest {

    @TempDir
    Path dir;

    @Test
    void editsAreIndexedAndABrokenEditKeepsTheArticlesInUse() throws Exception {
        write("vpn.md", "VPN does not connect", "vpn, tunnel", "Restart the VPN client and choose the Frankfurt gateway.");
        try (TestStores stores = new TestStores("kbreload")) {
            KnowledgeBase kb = new KnowledgeBase(new KnowledgeIndex(stores.client, stores.indices),
                    new KnowledgeProperties(true, dir, 1.0, null, 3, null));
            kb.start();
            assertThat(ids(kb.suggest("VPN", "My VPN does not connect from the hotel", "eng"))).containsExactly("vpn");
            assertThat(kb.suggest("Invoice", "Please send the invoice again", "eng")).isEmpty();

            write("invoice.md", "Invoice copies", "invoice, copy", "Download every invoice under Settings > Billing.");
            assertThat(kb.reloadIfChanged()).isNull();
            assertThat(ids(kb.suggest("Invoice", "Please send the invoice again", "eng"))).containsExactly("invoice");
            assertThat(kb.suggest("Invoice", "Please send the invoice again", "deu")).as("other language").isEmpty();

            Files.writeString(dir.resolve("broken.md"), "---\ntitle: Broken\nlanguage: eng\nqueue: [\n---\n\nText\n");
            String error = kb.reloadIfChanged();
            assertThat(error).startsWith("config/knowledge/broken.md:5: not valid YAML");
            assertThat(ids(kb.suggest("VPN", "My VPN does not connect from the hotel", "eng"))).containsExactly("vpn");

            Files.delete(dir.resolve("broken.md"));
            Files.delete(dir.resolve("vpn.md"));
            assertThat(kb.reloadIfChanged()).isNull();
            assertThat(kb.suggest("VPN", "My VPN does not connect from the hotel", "eng")).isEmpty();
            assertThat(ids(kb.suggest("Invoice", "Please send the invoice again", "und"))).containsExactly("invoice");
        }
    }

    @Test
    void aBrokenArticleStopsTheStartWithFileAndLine() throws Exception {
        Files.writeString(dir.resolve("no-title.md"), "---\nlanguage: eng\n---\n\nText\n");
        KnowledgeBase kb = new KnowledgeBase(null, new KnowledgeProperties(true, dir, null, null, null, null));
        assertThatThrownBy(kb::start).isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("config/knowledge/no-title.md").hasMessageContaining("title");
    }

    @Test
    void onlyAReplyThatJustSaysSolvedCounts() {
        KnowledgeBase kb = new KnowledgeBase(null, KnowledgeProperties.defaults());
        assertThat(List.of("solved", "Solved!", " SOLVED. ", "gelöst", "¡Resuelto!", "Solved\n\nThanks, Jane"))
                .allMatch(kb::isSolvedReply);
        assertThat(List.of("", "not solved", "Is it solved?\nI still cannot log in and the reset link does not work",
                "solved?? no, nothing works, the printer still shows offline after the restart you suggested"))
                .noneMatch(kb::isSolvedReply);
    }

    private void write(String file, String title, String tags, String body) throws Exception {
        Path f = dir.resolve(file);
        Files.writeString(f, "---\ntitle: " + title + "\nlanguage: eng\nqueue: general\ntags: [" + tags + "]\n---\n\n"
                + body + "\n");
        // a new modification time even within the file system's time resolution
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(Files.list(dir).count())));
    }

    private static List<String> ids(List<KnowledgeBase.Suggestion> suggestions) {
        return suggestions.stream().map(KnowledgeBase.Suggestion::id).toList();
    }
}
