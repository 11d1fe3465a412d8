package io.ticketflow.cli;

import io.ticketflow.kibana.KibanaImporter;
import io.ticketflow.kibana.KibanaImporter.Credentials;
import io.ticketflow.kibana.KibanaImporter.ImportError;
import io.ticketflow.kibana.KibanaImporter.ImportResult;
import io.ticketflow.kibana.SavedObjectsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ticketflow kibana import [--url URL] [--space ID] [--index-prefix P] [--file PATH]}: installs the shipped data views, saved
 * searches, Lens visualizations and the support KPI dashboard into Kibana, overwriting earlier copies. Headless: it
 * needs neither Elasticsearch nor the pipeline. Credentials come from the environment, never from the command line
 * (where other users could read them in the process list).
 */
public class KibanaImportCommand implements Command {

    static final String DEFAULT_URL = "http://localhost:5601";
    /** The index prefix the shipped data views are written for (ticketflow.elasticsearch.index-prefix default). */
    static final String DEFAULT_PREFIX = "ticketflow";
    static final Path SHIPPED_FILE = Path.of("config", "kibana", "ticketflow.ndjson");
    private static final String BUNDLED_FILE = "/kibana/ticketflow.ndjson";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public KibanaImportCommand() {
        this(System.out, System.err, System.getenv());
    }

    public KibanaImportCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public String name() {
        return "kibana";
    }

    @Override
    public String usage() {
        return "import [--url " + DEFAULT_URL + "] [--space ID] [--index-prefix P] [--file PATH]   import the data "
                + "views, saved searches and KPI dashboard into Kibana 8.8+/9.x (docs/kibana.md)";
    }

    @Override
    public int run(List<String> args) throws Exception {
        if (args.isEmpty() || !args.get(0).equals("import")) {
            err.println("usage: ticketflow kibana " + usage());
            return 2;
        }
        String url = env.getOrDefault("TICKETFLOW_KIBANA_URL", DEFAULT_URL);
        String space = null;
        String file = null;
        String indexPrefix = null;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!List.of("--url", "--space", "--file", "--index-prefix").contains(option)) {
                err.println("unknown option: " + arg);
                err.println("usage: ticketflow kibana " + usage());
                return 2;
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            }
            else if (i + 1 < args.size()) {
                value = args.get(++i);
            }
            else {
                err.println(option + " needs a value");
                return 2;
            }
            switch (option) {
                case "--url" -> url = value;
                case "--space" -> space = value;
                case "--index-prefix" -> indexPrefix = value;
                default -> file = value;
            }
        }
        URI kibana;
        try {
            kibana = URI.create(url);
            if (kibana.getScheme() == null || !kibana.getScheme().matches("https?") || kibana.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) address");
            }
        }
        catch (IllegalArgumentException e) {
            err.println("--url " + url + ": " + e.getMessage() + " (example: " + DEFAULT_URL + ")");
            return 2;
        }
        if (space != null && !space.matches("[a-z0-9_-]+")) {
            err.println("--space " + space + ": a Kibana space id has only a-z, 0-9, _ and -");
            return 2;
        }

        if (indexPrefix != null && !indexPrefix.matches("[a-z0-9][a-z0-9_.-]*")) {
            err.println("--index-prefix " + indexPrefix + ": an index prefix has only a-z, 0-9, _, - and .");
            return 2;
        }
        SavedObjectsFile objects;
        try {
            objects = load(file);
            if (indexPrefix != null && !indexPrefix.equals(DEFAULT_PREFIX)) {
                objects = objects.withIndexPrefix(DEFAULT_PREFIX, indexPrefix);
            }
        }
        catch (IOException | SavedObjectsFile.InvalidSavedObjectsException e) {
            err.println("ticketflow kibana import: " + e.getMessage());
            return 1;
        }
        out.printf("Importing %d saved objects from %s into %s%s ...%n", objects.objects().size(), objects.source(),
                kibana, space == null ? "" : " (space " + space + ")");
        ImportResult result;
        try {
            result = new KibanaImporter(Duration.ofSeconds(10), Duration.ofSeconds(120))
                    .importObjects(kibana, space, objects, credentials());
        }
        catch (IOException e) {
            err.println("ticketflow kibana import failed: " + e.getMessage());
            return 1;
        }
        out.printf("successCount=%d of %d%n", result.successCount(), objects.objects().size());
        for (ImportError e : result.errors()) {
            out.printf("error: %s %s%s: %s%s%n", e.type(), e.id(), e.title().isEmpty() ? "" : " \"" + e.title() + "\"",
                    e.reason(), e.detail().isEmpty() ? "" : " (" + e.detail() + ")");
        }
        if (!result.success() || !result.errors().isEmpty()) {
            err.println("ticketflow kibana import: " + result.errors().size() + " object(s) were not imported");
            return 1;
        }
        out.println("Done. Open Kibana > Dashboards > \"Ticketflow \u2013 support KPIs\".");
        return 0;
    }

    /** --file, else the admin-editable ./config/kibana/ticketflow.ndjson, else the copy shipped inside the jar. */
    private SavedObjectsFile load(String file) throws IOException {
        if (file != null) {
            return SavedObjectsFile.read(Path.of(file));
        }
        if (Files.isRegularFile(SHIPPED_FILE)) {
            return SavedObjectsFile.read(SHIPPED_FILE);
        }
        try (InputStream in = KibanaImportCommand.class.getResourceAsStream(BUNDLED_FILE)) {
            if (in == null) {
                throw new IOException(SHIPPED_FILE + " not found and no copy inside the jar; pass --file");
            }
            return SavedObjectsFile.parse("classpath:" + BUNDLED_FILE, in.readAllBytes());
        }
    }

    private Optional<Credentials> credentials() {
        String apiKey = env.get("TICKETFLOW_KIBANA_API_KEY");
        if (apiKey != null && !apiKey.isBlank()) {
            return Optional.of(Credentials.apiKey(apiKey));
        }
        String user = env.get("TICKETFLOW_KIBANA_USER");
        if (user != null && !user.isBlank()) {
            return Optional.of(Credentials.basic(user, env.getOrDefault("TICKETFLOW_KIBANA_PASSWORD", "")));
        }
        return Optional.empty();
    }
}
