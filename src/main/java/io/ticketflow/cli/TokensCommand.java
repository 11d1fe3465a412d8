package io.ticketflow.cli;

import io.ticketflow.security.ApiToken;
import io.ticketflow.security.Role;
import io.ticketflow.security.TokenFile;
import io.ticketflow.security.TokenSecrets;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code ticketflow tokens create NAME --role ROLE [--expires P90D] | list | revoke NAME}: API tokens for the REST API.
 * Works on the tokens file only (no service, no Elasticsearch needed); a running service picks changes up within
 * seconds and writes them to its audit log. The token is printed once, alone on the last line; only its salted hash
 * is stored.
 */
public final class TokensCommand implements Command {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String RESERVED = "local-admin";
    private static final String FILE_SETTING = "--ticketflow.security.tokens-file=";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public TokensCommand() {
        this(System.out, System.err, System.getenv());
    }

    TokensCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public String name() {
        return "tokens";
    }

    @Override
    public String usage() {
        return "create NAME --role agent|analyst|admin|intake [--expires P90D] | list | revoke NAME  [--file PATH]  "
                + "API tokens for the REST API (stored as salted hashes in config/api-tokens.yml)";
    }

    @Override
    public int run(List<String> args) throws IOException {
        List<String> rest = new ArrayList<>();
        Path file = Path.of(Optional.ofNullable(env.get("TICKETFLOW_TOKENS_FILE")).filter(s -> !s.isBlank())
                .orElse("config/api-tokens.yml"));
        String role = null;
        String expires = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith(FILE_SETTING)) {
                file = Path.of(a.substring(FILE_SETTING.length()));
            }
            else if (List.of("--file", "--role", "--expires").contains(a)) {
                if (i + 1 >= args.size()) {
                    return usageError(a + " needs a value");
                }
                String value = args.get(++i);
                switch (a) {
                    case "--file" -> file = Path.of(value);
                    case "--role" -> role = value;
                    default -> expires = value;
                }
            }
            else if (a.startsWith("--") && a.contains("=")) {
                continue; // other Spring settings: not used by this command
            }
            else {
                rest.add(a);
            }
        }
        if (rest.isEmpty()) {
            return usageError("say what to do: create, list or revoke");
        }
        TokenFile tokens = new TokenFile(file);
        return switch (rest.get(0)) {
            case "create" -> rest.size() == 2 ? create(tokens, rest.get(1), role, expires)
                    : usageError("create needs exactly one NAME");
            case "list" -> rest.size() == 1 ? list(tokens) : usageError("list takes no NAME");
            case "revoke" -> rest.size() == 2 ? revoke(tokens, rest.get(1)) : usageError("revoke needs exactly one NAME");
            default -> usageError("unknown action " + rest.get(0));
        };
    }

    private int create(TokenFile file, String name, String roleName, String expiresIn) throws IOException {
        if (!NAME.matcher(name).matches() || name.equals(RESERVED)) {
            return usageError("NAME must be 1-64 letters, digits, '.', '_' or '-'" + (name.equals(RESERVED)
                    ? " and not " + RESERVED + " (the run-only token of the embedded service)" : ""));
        }
        Optional<Role> role = Role.of(roleName);
        if (role.isEmpty()) {
            return usageError("--role must be one of " + Role.labels());
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant expires;
        try {
            expires = expiresIn == null ? null : expiry(now, expiresIn);
        }
        catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        TokenSecrets.Issued issued = TokenSecrets.issue(name, role.get(), who(), now, expires);
        boolean[] taken = { false };
        file.update(entries -> {
            taken[0] = entries.stream().anyMatch(t -> t.name().equals(name) && t.isActive(now));
            if (!taken[0]) {
                entries.add(issued.entry());
            }
            return entries;
        });
        if (taken[0]) {
            err.println("ticketflow tokens: an active token named " + name + " exists; revoke it first or choose another name");
            return 1;
        }
        out.println("Created API token " + name + " (role " + role.get().label() + ", id " + issued.entry().id()
                + (expires == null ? ", does not expire" : ", expires " + expires) + ") in " + file.path() + ".");
        out.println("A running service accepts it within seconds. Send it as 'Authorization: Bearer <token>'.");
        out.println("It is shown only now (only a salted hash is stored); keep it in your secret store:");
        out.println(issued.token());
        return 0;
    }

    private int list(TokenFile file) throws IOException {
        List<ApiToken> entries = file.read();
        if (entries.isEmpty()) {
            out.println("No API tokens in " + file.path() + ". Create one: ticketflow tokens create NAME --role ROLE");
            return 0;
        }
        Instant now = Instant.now();
        String format = "%-24s %-8s %-12s %-8s %-20s %-20s %s%n";
        out.printf(format, "NAME", "ROLE", "ID", "STATE", "CREATED", "EXPIRES", "BY");
        for (ApiToken t : entries) {
            out.printf(format, t.name(), t.role(), t.id(), t.state(now).name().toLowerCase(java.util.Locale.ROOT),
                    t.created(), t.expires() == null ? "never" : t.expires(),
                    t.revoked() == null ? t.createdBy() : t.createdBy() + ", revoked by " + t.revokedBy());
        }
        return 0;
    }

    private int revoke(TokenFile file, String name) throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int[] revoked = { 0 };
        String who = who();
        file.update(entries -> {
            List<ApiToken> changed = new ArrayList<>();
            for (ApiToken t : entries) {
                if (t.name().equals(name) && t.revoked() == null) {
                    changed.add(t.revokedBy(who, now));
                    revoked[0]++;
                }
                else {
                    changed.add(t);
                }
            }
            return changed;
        });
        if (revoked[0] == 0) {
            err.println("ticketflow tokens: no token named " + name + " to revoke in " + file.path());
            return 1;
        }
        out.println("Revoked " + revoked[0] + " token(s) named " + name + "; a running service refuses them within seconds.");
        return 0;
    }

    /** {@code P90D}, {@code PT12H} (a duration) or {@code P3M}, {@code P1Y} (a calendar period). */
    static Instant expiry(Instant now, String text) {
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("--expires must be a positive duration, e.g. P90D");
            }
            return now.plus(d);
        }
        catch (DateTimeParseException e) {
            try {
                Period p = Period.parse(text);
                if (p.isNegative() || p.isZero()) {
                    throw new IllegalArgumentException("--expires must be a positive duration, e.g. P90D");
                }
                return now.atOffset(ZoneOffset.UTC).plus(p).toInstant();
            }
            catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("--expires takes an ISO-8601 duration such as P90D, PT12H or P1Y, not "
                        + text);
            }
        }
    }

    private static String who() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    private int usageError(String message) {
        err.println("ticketflow tokens: " + message);
        err.println("usage: ticketflow tokens " + usage());
        return 2;
    }
}
