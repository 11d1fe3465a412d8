package io.ticketflow.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.cli.KibanaImportCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ticketflow kibana import} against a local server that checks requests the way Kibana's import API does. */
class KibanaImportCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private FakeKibana kibana;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        kibana = new FakeKibana();
    }

    @AfterEach
    void stop() {
        kibana.close();
    }

    private int run(Map<String, String> env, String... args) throws Exception {
        return new KibanaImportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env).run(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void importsTheShippedFileAsMultipartWithOverwriteAndXsrfHeader() throws Exception {
        int exit = run(Map.of(), "import", "--url", kibana.url());

        assertThat(exit).as(err()).isZero();
        byte[] shipped = Files.readAllBytes(SavedObjectsTest.SHIPPED);
        int objects = SavedObjectsFile.parse("shipped", shipped).objects().size();
        assertThat(kibana.received).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/api/saved_objects/_import");
            assertThat(r.query()).isEqualTo("overwrite=true");
            assertThat(r.xsrf()).isEqualTo("true");
            assertThat(r.authorization()).isNull();
            assertThat(r.fileName()).endsWith(".ndjson");
            assertThat(r.file()).isEqualTo(shipped);
        });
        assertThat(out()).contains("successCount=" + objects + " of " + objects).contains("Ticketflow \u2013 support KPIs");
    }

    @Test
    void importsIntoASpaceWithAnApiKeyFromTheEnvironment() throws Exception {
        kibana.requiredAuthorization = "ApiKey c2VjcmV0";

        int exit = run(Map.of("TICKETFLOW_KIBANA_API_KEY", "c2VjcmV0"), "import", "--url=" + kibana.url() + "/",
                "--space", "analytics");

        assertThat(exit).as(err()).isZero();
        assertThat(kibana.received).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/s/analytics/api/saved_objects/_import");
            assertThat(r.authorization()).isEqualTo("ApiKey c2VjcmV0");
        });
    }

    @Test
    void basicCredentialsComeFromTheEnvironment() throws Exception {
        kibana.requiredAuthorization = "Basic " + java.util.Base64.getEncoder()
                .encodeToString("analyst:s3cret".getBytes(StandardCharsets.UTF_8));

        assertThat(run(Map.of("TICKETFLOW_KIBANA_USER", "analyst", "TICKETFLOW_KIBANA_PASSWORD", "s3cret"), "import",
                "--url", kibana.url())).as(err()).isZero();
    }

    @Test
    void missingCredentialsFailWithAHint() throws Exception {
        kibana.requiredAuthorization = "ApiKey other";

        assertThat(run(Map.of(), "import", "--url", kibana.url())).isEqualTo(1);
        assertThat(err()).contains("Kibana answered HTTP 401").contains("TICKETFLOW_KIBANA_API_KEY");
    }

    @Test
    void aRedirectIsNotFollowedButNamed() throws Exception {
        kibana.redirectTo = "https://kibana.example.com";

        assertThat(run(Map.of(), "import", "--url", kibana.url())).isEqualTo(1);
        assertThat(err()).contains("HTTP 302, a redirect to https://kibana.example.com/api/saved_objects/_import")
                .contains("--url");
    }

    @Test
    void unknownSpaceFailsNamingTheSpace() throws Exception {
        assertThat(run(Map.of(), "import", "--url", kibana.url(), "--space", "nosuchspace")).isEqualTo(1);
        assertThat(err()).contains("HTTP 404").contains("does the space 'nosuchspace' exist?");
    }

    @Test
    void anotherIndexPrefixRepointsOnlyTheDataViews() throws Exception {
        assertThat(run(Map.of(), "import", "--url", kibana.url(), "--index-prefix", "acme")).as(err()).isZero();

        SavedObjectsFile sent = SavedObjectsFile.parse("sent", kibana.received.get(0).file());
        SavedObjectsFile shipped = SavedObjectsFile.read(SavedObjectsTest.SHIPPED);
        assertThat(sent.objects().stream().filter(o -> o.type().equals("index-pattern"))
                .map(o -> o.attributes().path("title").asText()))
                .containsExactlyInAnyOrder("acme-tickets", "acme-messages", "acme-events,acme-outbox,acme-raw", "acme-audit");
        assertThat(sent.objects()).hasSameSizeAs(shipped.objects());
        for (int i = 0; i < sent.objects().size(); i++) {
            var before = shipped.objects().get(i);
            var after = sent.objects().get(i);
            assertThat(after.id()).isEqualTo(before.id());
            if (!before.type().equals("index-pattern")) {
                assertThat(after.raw()).isEqualTo(before.raw());
            }
            else {
                assertThat(after.attributes().path("timeFieldName")).isEqualTo(before.attributes().path("timeFieldName"));
            }
        }
    }

    @Test
    void objectErrorsAreListedAndFailTheCommand() throws Exception {
        Path file = dir.resolve("broken.ndjson");
        Files.writeString(file, """
                {"type":"index-pattern","id":"dv","attributes":{"title":"ticketflow-tickets","timeFieldName":"createdAt"},"references":[]}
                {"type":"lens","id":"l1","attributes":{"title":"Orphan","visualizationType":"lnsMetric","state":{}},"references":[{"type":"index-pattern","id":"gone","name":"indexpattern-datasource-layer-a"}]}
                """);

        assertThat(run(Map.of(), "import", "--url", kibana.url(), "--file", file.toString())).isEqualTo(1);
        assertThat(out()).contains("successCount=1 of 2")
                .contains("error: lens l1 \"Orphan\": missing_references (missing index-pattern gone)");
        assertThat(err()).contains("1 object(s) were not imported");
    }

    @Test
    void unreachableKibanaFailsClearly() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertThat(run(Map.of(), "import", "--url", "http://127.0.0.1:" + port)).isEqualTo(1);
        assertThat(err()).contains("Kibana is not reachable at http://127.0.0.1:" + port).contains("--url");
    }

    @Test
    void aBrokenEditIsReportedBeforeAnythingIsSent() throws Exception {
        Path file = dir.resolve("edited.ndjson");
        Files.writeString(file, "{\"type\":\"search\",\"id\":\"s\",\"attributes\":{\"title\":\"x\"}}\n{\"type\":\"lens\",\n");

        assertThat(run(Map.of(), "import", "--url", kibana.url(), "--file", file.toString())).isEqualTo(1);
        assertThat(err()).contains(file + ":2: not valid JSON");
        assertThat(kibana.received).isEmpty();
    }

    @Test
    void badUsageExitsWithTwo() throws Exception {
        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(run(Map.of(), "export")).isEqualTo(2);
        assertThat(run(Map.of(), "import", "--url")).isEqualTo(2);
        assertThat(run(Map.of(), "import", "--url", "localhost:5601")).isEqualTo(2);
        assertThat(run(Map.of(), "import", "--space", "Bad Space")).isEqualTo(2);
        assertThat(run(Map.of(), "import", "--overwrite")).isEqualTo(2);
        assertThat(run(Map.of(), "import", "--index-prefix", "Acme*")).isEqualTo(2);
        assertThat(kibana.received).isEmpty();
    }

    @Test
    void fakeKibanaRefusesWhatKibanaRefuses() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var uri = java.net.URI.create(kibana.url() + "/api/saved_objects/_import?overwrite=true");
        var noXsrf = http.send(java.net.http.HttpRequest.newBuilder(uri)
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(KibanaImporter.multipart("b", "{}".getBytes())))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(noXsrf.statusCode()).isEqualTo(400);
        assertThat(noXsrf.body()).contains("kbn-xsrf");
        byte[] wrongName = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.json\"\r\n\r\n{}\r\n--b--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        var json = http.send(java.net.http.HttpRequest.newBuilder(uri).header("kbn-xsrf", "true")
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(wrongName)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.body()).contains("Invalid file extension .json");
    }

    @Test
    void isListedAsACommand() {
        assertThat(io.ticketflow.cli.Commands.find("kibana")).get().isInstanceOf(KibanaImportCommand.class);
        assertThat(io.ticketflow.cli.Commands.help()).contains("kibana").contains("import [--url");
    }
}
