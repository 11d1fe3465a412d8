package io.ticketflow.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The tokens file ({@code config/api-tokens.yml} by default): YAML with a list of {@link ApiToken} entries. Written
 * by {@code ticketflow tokens} only, atomically (a reader never sees half a file) and readable by its owner only;
 * the service re-reads it when it changes.
 */
public final class TokenFile {

    private static final String HEADER = """
            # Ticketflow API tokens: written by `ticketflow tokens create|revoke`, re-read by the service on change.
            # Only salted SHA-256 hashes of the tokens are kept here; a lost token cannot be recovered, only revoked.
            """;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** The file's content. */
    public record Content(List<ApiToken> tokens) {
        public Content {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }
    }

    private final Path path;

    public TokenFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The entries; none if the file does not exist. Throws IOException with the reason if it cannot be read. */
    public List<ApiToken> read() throws IOException {
        return parse(Files.exists(path) ? Files.readAllBytes(path) : new byte[0]);
    }

    static List<ApiToken> parse(byte[] bytes) throws IOException {
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return List.of();
        }
        Content content = YAML.readValue(bytes, Content.class);
        return content == null ? List.of() : content.tokens();
    }

    /** Reads, changes and writes the entries under a lock, so two commands at once cannot lose an entry. */
    public List<ApiToken> update(UnaryOperator<List<ApiToken>> change) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path lock = dir.resolve(path.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            List<ApiToken> changed = change.apply(new ArrayList<>(read()));
            write(dir, changed);
            return changed;
        }
    }

    private void write(Path dir, List<ApiToken> entries) throws IOException {
        Path tmp = Files.createTempFile(dir, ".api-tokens", ".tmp");
        try {
            ownerOnly(tmp);
            Files.writeString(tmp, HEADER + YAML.writeValueAsString(new Content(entries)), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the folder's permissions apply
        }
    }
}
