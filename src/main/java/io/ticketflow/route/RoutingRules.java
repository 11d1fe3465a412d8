package io.ticketflow.route;

import io.ticketflow.vocabulary.RoutingDecision;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The route stage: the running rule set, reloaded when its file changes. A file that fails validation never replaces
 * the running rules: the last good set stays, and the problems are kept for the health endpoint and logged once.
 * At start a broken file is fatal only when there is no good set at all to fall back to (the rules in the jar).
 */
@Component
public class RoutingRules {

    private static final Logger log = LoggerFactory.getLogger(RoutingRules.class);
    static final String SHIPPED = "/routing.yml";

    private final Path file;
    private final Duration checkEvery;
    private volatile RuleSet current;
    private volatile List<String> problems = List.of();
    private volatile Instant problemsSince;
    private volatile FileTime seen;
    private volatile long nextCheck;
    private final Set<String> replyTags;

    @Autowired
    public RoutingRules(RoutingProperties properties) {
        this(Path.of(properties.file()), properties.reloadCheck(), properties.replyTags());
    }

    public RoutingRules(Path file, Duration checkEvery) {
        this(file, checkEvery, RoutingProperties.REPLY_TAGS);
    }

    public RoutingRules(Path file, Duration checkEvery, java.util.Collection<String> replyTags) {
        this.file = file;
        this.checkEvery = checkEvery;
        this.replyTags = Set.copyOf(replyTags);
        reloadIfChanged();
        if (current == null) {
            current = shipped();
        }
    }

    public RoutingDecision route(RoutingInput input) {
        return rules().route(input);
    }

    /** {@code ticketflow.routing.reply-tags}: the tags a reply's routing must decide with the cascade's labels. */
    public Set<String> replyTags() {
        return replyTags;
    }

    /** The running rules, after picking up a changed file when the check interval has passed. */
    public RuleSet rules() {
        if (System.currentTimeMillis() >= nextCheck) {
            reloadIfChanged();
        }
        return current;
    }

    /** Validation problems of the file on disk (empty when the running rules are the file's). */
    public List<String> problems() {
        return problems;
    }

    public Instant problemsSince() {
        return problemsSince;
    }

    public Path file() {
        return file;
    }

    synchronized void reloadIfChanged() {
        try {
            if (!Files.exists(file)) {
                return;
            }
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(seen)) {
                return;
            }
            seen = modified;
            try {
                RuleSet next = RuleFileParser.parse(file);
                boolean reload = current != null;
                current = next;
                problems = List.of();
                problemsSince = null;
                log.info("{} routing rules {} from {}", reload ? "Reloaded" : "Loaded", next.rules().size(), file);
            }
            catch (RoutingConfigException e) {
                problems = e.problems();
                problemsSince = Instant.now();
                log.error("Routing rules in {} rejected, the previous rules stay in use:\n{}", file, e.getMessage());
            }
        }
        catch (IOException e) {
            problems = List.of(file + ": cannot read: " + e.getMessage());
            problemsSince = Instant.now();
        }
        finally {
            nextCheck = System.currentTimeMillis() + checkEvery.toMillis();
        }
    }

    private RuleSet shipped() {
        try (InputStream in = RoutingRules.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("no usable routing rules: " + file + " " + problems + " and none in the jar");
            }
            return RuleFileParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:routing.yml");
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped routing rules", e);
        }
    }
}
