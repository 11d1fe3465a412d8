package io.ticketflow.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.HashMap;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * The in-process mail server of the embedded defaults (GreenMail): SMTP for customers to write to and for our
 * acknowledgements, IMAP for the support mailbox we poll and for the demo customer's mailbox.
 */
public final class EmbeddedMailServer implements AutoCloseable {

    private final GreenMail greenMail;
    private final Settings settings;

    private EmbeddedMailServer(GreenMail greenMail, Settings settings) {
        this.greenMail = greenMail;
        this.settings = settings;
    }

    /**
     * Ports and accounts.
     *
     * @param supportAddress the mailbox customers write to (the first support address)
     */
    public record Settings(int smtpPort, int imapPort, String supportAddress, String supportPassword,
            String customerAddress, String customerPassword) {

        static Settings from(Environment env) {
            return new Settings(env.getProperty("ticketflow.embedded.mail.smtp-port", Integer.class, 3025),
                    env.getProperty("ticketflow.embedded.mail.imap-port", Integer.class, 3143),
                    env.getProperty("ticketflow.identity.support-addresses[0]", "support@ticketflow.local"),
                    env.getProperty("ticketflow.embedded.mail.support-password", "support"),
                    env.getProperty("ticketflow.embedded.mail.customer-address", "customer@example.com"),
                    env.getProperty("ticketflow.embedded.mail.customer-password", "customer"));
        }
    }

    public static EmbeddedMailServer start(Settings settings) {
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(settings.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(settings.imapPort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP) });
        greenMail.start();
        greenMail.setUser(settings.supportAddress(), settings.supportAddress(), settings.supportPassword());
        greenMail.setUser(settings.customerAddress(), settings.customerAddress(), settings.customerPassword());
        return new EmbeddedMailServer(greenMail, settings);
    }

    /** The settings that point Ticketflow at this server. */
    Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("ticketflow.intake.mailboxes[0].name", "support");
        p.put("ticketflow.intake.mailboxes[0].protocol", "imap");
        p.put("ticketflow.intake.mailboxes[0].host", "127.0.0.1");
        p.put("ticketflow.intake.mailboxes[0].port", greenMail.getImap().getPort());
        p.put("ticketflow.intake.mailboxes[0].username", settings.supportAddress());
        p.put("ticketflow.intake.mailboxes[0].password", settings.supportPassword());
        p.put("ticketflow.intake.mailboxes[0].poll-delay-ms", 1000);
        p.put("ticketflow.smtp.host", "127.0.0.1");
        p.put("ticketflow.smtp.port", greenMail.getSmtp().getPort());
        p.put("ticketflow.embedded.mail.active-smtp-port", greenMail.getSmtp().getPort());
        p.put("ticketflow.embedded.mail.active-imap-port", greenMail.getImap().getPort());
        return p;
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
