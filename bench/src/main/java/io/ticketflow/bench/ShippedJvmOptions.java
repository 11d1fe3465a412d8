package io.ticketflow.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * The JVM options Ticketflow ships with, so that the e2e bench measures the product as an admin runs it: Ticketflow's
 * from {@code config/jvm.options} (what {@code ./ticketflow} and {@code bin/ticketflow} pass before
 * {@code TICKETFLOW_JAVA_OPTS}), the embedded node's from {@code ticketflow.embedded.elasticsearch-jvm-options} in
 * {@code config/application.yml}. {@code --jvm-defaults none} leaves both JVMs at the JDK's and ES's own defaults.
 */
final class ShippedJvmOptions {

    private ShippedJvmOptions() {
    }

    /** Ticketflow's options: every line of the file without its # comment, split at blanks. */
    static List<String> ticketflow(Path configDir) throws IOException {
        Path file = configDir.resolve("jvm.options");
        List<String> options = new ArrayList<>();
        if (!Files.exists(file)) {
            return options;
        }
        for (String line : Files.readAllLines(file)) {
            String text = line.replaceFirst("#.*", "").strip();
            if (!text.isEmpty()) {
                options.addAll(List.of(text.split("\\s+")));
            }
        }
        return options;
    }

    /** The embedded node's options as the setting's default in application.yml has them ("" when unset). */
    static String elasticsearch(Path configDir) throws IOException {
        try (Reader reader = Files.newBufferedReader(configDir.resolve("application.yml"))) {
            Object value = new Yaml().load(reader);
            for (String key : List.of("ticketflow", "embedded", "elasticsearch-jvm-options")) {
                value = value instanceof Map<?, ?> map ? map.get(key) : null;
            }
            return value == null ? "" : value.toString().strip();
        }
    }
}
