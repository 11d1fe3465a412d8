package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.intake.IntakeProperties.Mailbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

class MailboxCredentialsTest {

    @TempDir
    Path dir;

    private static Mailbox withSecret(String env, String file) {
        return new Mailbox("support", "imap", "h", null, "u", null, env, file, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    @Test
    void readsPasswordFromTheNamedEnvironmentVariable() {
        assertThat(MailboxCredentials.password(withSecret("SUPPORT_PW", null), Map.of("SUPPORT_PW", "s3cret")::get))
                .isEqualTo("s3cret");
    }

    @Test
    void missingEnvironmentVariableNamesMailboxAndVariable() {
        assertThatThrownBy(() -> MailboxCredentials.password(withSecret("NOPE_PW", null), Map.<String, String>of()::get))
                .hasMessageContaining("support").hasMessageContaining("password-env").hasMessageContaining("NOPE_PW");
    }

    @Test
    void readsPasswordFileWithoutTrailingNewline() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "from-file\n");
        assertThat(MailboxCredentials.password(withSecret(null, secret.toString()))).isEqualTo("from-file");
    }

    @Test
    void unreadablePasswordFileNamesMailboxAndFile() {
        assertThatThrownBy(() -> MailboxCredentials.password(withSecret(null, dir.resolve("missing").toString())))
                .hasMessageContaining("support").hasMessageContaining("password-file").hasMessageContaining("missing");
    }

    @Test
    void literalPasswordInAYamlFileIsRefusedNamingFileLineAndMailbox() throws Exception {
        StandardEnvironment env = environmentWith("""
                ticketflow:
                  intake:
                    mailboxes:
                      - name: sales
                        host: imap.example.com
                        username: sales@example.com
                        password: hunter2
                """);
        assertThatThrownBy(() -> MailboxCredentials.refuseLiteralPasswords(env))
                .hasMessageContaining("ticketflow.intake.mailboxes[0] (sales)")
                .hasMessageContaining("mailboxes.yml")
                .hasMessageContaining("7:")
                .hasMessageContaining("password-env")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void placeholderResolvedFromTheEnvironmentIsAccepted() throws Exception {
        StandardEnvironment env = environmentWith("""
                ticketflow:
                  intake:
                    mailboxes:
                      - name: sales
                        password: ${SALES_PW}
                """);
        assertThatCode(() -> MailboxCredentials.refuseLiteralPasswords(env)).doesNotThrowAnyException();
    }

    private StandardEnvironment environmentWith(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("mailboxes.yml"), yaml);
        StandardEnvironment env = new StandardEnvironment();
        for (PropertySource<?> source : new YamlPropertySourceLoader().load(
                "Config resource 'file [" + file + "]' via location 'optional:file:config/mailboxes.yml'",
                new FileSystemResource(file))) {
            env.getPropertySources().addFirst(source);
        }
        return env;
    }
}
