package io.ticketflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ticketflow.testing.ElasticsearchNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * A command run next to {@code ticketflow run} shares the service's embedded node instead of starting (and, through the
 * leftover-node cleanup, killing) one on the same data folder. Uses the shared test node as "the service's node".
 */
@ExtendWith(ElasticsearchNode.class)
class RunningNodeTest {

    @TempDir
    Path home;

    @Test
    void commandReusesTheLiveNodePublishedByTheService() {
        EmbeddedElasticsearch node = ElasticsearchNode.node();
        assumeTrue(node != null, "needs the embedded test node (not an external cluster)");
        RunningNode.publish(home, node);

        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "ticketflow.embedded.home", home.toString(),
                "ticketflow.embedded.reuse-running-node", "true",
                "ticketflow.intake.mailboxes[0].host", "imap.example.com")));
        new EmbeddedDefaults().postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("ticketflow.elasticsearch.url")).isEqualTo(node.url());
        assertThat(Files.exists(home.resolve("elasticsearch"))).as("no node of its own was set up").isFalse();
        assertThat(node.httpPort()).isPositive();
        assertThat(RunningNode.isThatNode(node.url(), node.dataDir().toString())).as("the shared node still runs").isTrue();
    }

    @Test
    void staleOrForeignFilesAreIgnored() throws Exception {
        EmbeddedElasticsearch node = ElasticsearchNode.node();
        assumeTrue(node != null, "needs the embedded test node (not an external cluster)");
        assertThat(RunningNode.find(home)).as("no file").isNull();

        RunningNode.publish(home, node);
        assertThat(RunningNode.find(home)).isEqualTo(node.url());

        Path file = home.resolve(RunningNode.FILE);
        String published = Files.readString(file);
        Files.writeString(file, published.replaceAll("nodeDir=.*", "nodeDir=/somewhere/else"));
        assertThat(RunningNode.find(home)).as("another node folder").isNull();

        Files.writeString(file, published.replaceAll("ownerPid=.*", "ownerPid=999999999"));
        assertThat(RunningNode.find(home)).as("owner gone (kill -9)").isNull();

        Files.writeString(file, published.replaceAll("url=.*", "url=http\\\\://127.0.0.1\\\\:1"));
        assertThat(RunningNode.find(home)).as("nothing listening").isNull();

        RunningNode.withdraw(home);
        assertThat(Files.exists(file)).isFalse();
    }
}
