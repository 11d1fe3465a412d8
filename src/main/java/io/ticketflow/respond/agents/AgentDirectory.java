package io.ticketflow.respond.agents;

import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.SenderAuthentication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The agents in force (from {@code config/agents.yml}; no file: no agents) and who of them really wrote a mail. An
 * invalid file stops startup with its errors; an invalid edit of a running installation is logged and the last good
 * agents stay.
 */
@Component
@EnableConfigurationProperties(AgentsProperties.class)
public class AgentDirectory {

    private static final Logger log = LoggerFactory.getLogger(AgentDirectory.class);
    /** The connecting IP our border server wrote in its Received header: {@code (... [10.0.0.5])}. */
    private static final Pattern CONNECTING_IP = Pattern.compile("^\\s*from\\s+[^\\[;]*?\\[([0-9A-Fa-f:.]+)\\]");

    private final Path file;
    private final AgentsProperties properties;
    private volatile AgentsConfig config;
    private volatile String loadedStamp;
    private volatile String lastError;

    public AgentDirectory(AgentsProperties properties) {
        this.properties = properties;
        this.file = Path.of(properties.file());
        this.loadedStamp = stamp();
        this.config = load();
    }

    public AgentsConfig config() {
        return config;
    }

    public AgentsProperties properties() {
        return properties;
    }

    /** Reloads the file if it changed; a bad edit is reported and the running agents stay. */
    public synchronized String reloadIfChanged() {
        String stamp = stamp();
        if (stamp.equals(loadedStamp)) {
            return lastError;
        }
        loadedStamp = stamp;
        try {
            config = load();
            lastError = null;
            log.info("Agents reloaded from {} ({} agents)", file, config.agents().size());
        }
        catch (RuntimeException e) {
            lastError = e.getMessage();
            log.error("Agents NOT reloaded, the running ones stay: {}", e.getMessage());
        }
        return lastError;
    }

    public String lastError() {
        return lastError;
    }

    /**
     * The agent who wrote this mail: the From address is an agent's, and our own infrastructure vouches for it (our
     * border server's DMARC pass for the From domain, or the mail came from one of our internal relays). Empty for
     * everybody else, including an agent's address that is only claimed.
     */
    public Optional<Authenticated> authenticated(ParsedMessage mail) {
        if (mail.from() == null) {
            return Optional.empty();
        }
        Optional<AgentsConfig.Agent> agent = config.agentByAddress(mail.from().address());
        if (agent.isEmpty()) {
            return Optional.empty();
        }
        SenderAuthentication auth = mail.senderAuthentication();
        if (auth.authservId() != null && "pass".equals(auth.dmarc())) {
            return Optional.of(new Authenticated(agent.get(), auth.summary()));
        }
        String relay = internalRelay(mail);
        return relay == null ? Optional.empty()
                : Optional.of(new Authenticated(agent.get(), "received from internal relay " + relay));
    }

    /** An agent and what vouched for the mail. */
    public record Authenticated(AgentsConfig.Agent agent, String evidence) {
    }

    private String internalRelay(ParsedMessage mail) {
        List<String> received = mail.headers().get("received");
        if (properties.internalRelays().isEmpty() || received == null || received.isEmpty()) {
            return null;
        }
        // the top Received header is our own server's: the connecting address in it is not the sender's to choose
        Matcher m = CONNECTING_IP.matcher(received.get(0));
        return m.find() && properties.internalRelays().contains(m.group(1)) ? m.group(1) : null;
    }

    private AgentsConfig load() {
        if (!Files.isRegularFile(file)) {
            return AgentsConfig.empty();
        }
        try {
            return AgentsFileParser.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private String stamp() {
        try {
            return Files.isRegularFile(file) ? Files.getLastModifiedTime(file).toMillis() + ":" + Files.size(file)
                    : "absent";
        }
        catch (IOException e) {
            return "unreadable";
        }
    }
}
