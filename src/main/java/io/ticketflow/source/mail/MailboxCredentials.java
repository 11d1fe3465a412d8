package io.ticketflow.source.mail;

import io.ticketflow.config.oauth.MailTokens;
import io.ticketflow.intake.IntakeProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Mailbox passwords come from the environment or from a file, never from a YAML file an admin might commit or paste
 * into a ticket. A literal {@code password:} in a config file is refused at start; a placeholder such as
 * {@code password: ${SUPPORT_IMAP_PASSWORD}} (resolved from the environment) is accepted.
 */
public final class MailboxCredentials {

    private static final Pattern PASSWORD_KEY = Pattern.compile("ticketflow\\.intake\\.mailboxes\\[(\\d+)]\\.password");

    /** The OAuth2 tokens of the mailboxes that use XOAUTH2 (one per application; set at start by MailboxOAuth2). */
    private static volatile MailTokens tokens;

    private MailboxCredentials() {
    }

    static void useTokens(MailTokens mailTokens) {
        tokens = mailTokens;
    }

    /** Whether the mailbox logs in with XOAUTH2 (ticketflow.mail-oauth2.accounts.NAME) instead of a password. */
    public static boolean usesOAuth2(IntakeProperties.Mailbox mailbox) {
        MailTokens t = tokens;
        return t != null && t.has(mailbox.name());
    }

    /** What the mailbox logs in with now: a current access token (XOAUTH2) or its password. */
    public static String secret(IntakeProperties.Mailbox mailbox) {
        MailTokens t = tokens;
        return t != null && t.has(mailbox.name()) ? t.token(mailbox.name()) : password(mailbox);
    }

    /** The password of a mailbox, read now (so a rotated secret file is picked up at the next connect). */
    public static String password(IntakeProperties.Mailbox mailbox, Function<String, String> environment) {
        if (mailbox.passwordEnv() != null) {
            String value = environment.apply(mailbox.passwordEnv());
            if (value == null) {
                throw new IllegalArgumentException("mailbox " + mailbox.name() + ": password-env names the environment "
                        + "variable " + mailbox.passwordEnv() + ", which is not set");
            }
            return value;
        }
        if (mailbox.passwordFile() != null) {
            Path file = Path.of(mailbox.passwordFile());
            try {
                return Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
            }
            catch (IOException e) {
                throw new IllegalArgumentException("mailbox " + mailbox.name() + ": password-file " + file
                        + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        return mailbox.password() == null ? "" : mailbox.password();
    }

    public static String password(IntakeProperties.Mailbox mailbox) {
        return password(mailbox, System::getenv);
    }

    /** Fails start-up when a config file holds a literal mailbox password; names the file and the mailbox. */
    @SuppressWarnings("unchecked")
    public static void refuseLiteralPasswords(ConfigurableEnvironment env) {
        for (PropertySource<?> source : env.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable) || !source.getName().contains("Config resource")) {
                continue;
            }
            for (String key : enumerable.getPropertyNames()) {
                Matcher m = PASSWORD_KEY.matcher(key);
                if (!m.matches()) {
                    continue;
                }
                Object raw = source.getProperty(key);
                Object value = raw instanceof OriginTrackedValue tracked ? tracked.getValue() : raw;
                if (value != null && !value.toString().isEmpty() && !value.toString().startsWith("${")) {
                    Origin origin = source instanceof OriginLookup<?> ? ((OriginLookup<String>) source).getOrigin(key) : null;
                    String where = origin != null ? origin.toString() : source.getName();
                    Object name = nameOf(enumerable, m.group(1));
                    throw new IllegalArgumentException("ticketflow.intake.mailboxes[" + m.group(1) + "]"
                            + (name == null ? "" : " (" + name + ")") + ": password is written in " + where
                            + "; use password-env or password-file instead");
                }
            }
        }
    }

    private static Object nameOf(EnumerablePropertySource<?> source, String index) {
        Object name = source.getProperty("ticketflow.intake.mailboxes[" + index + "].name");
        return name instanceof OriginTrackedValue tracked ? tracked.getValue() : name;
    }
}
