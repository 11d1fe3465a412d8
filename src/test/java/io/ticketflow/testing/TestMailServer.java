package io.ticketflow.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;

/**
 * One in-process GreenMail (SMTP + IMAP on free ports) per test JVM, shared by all Spring test contexts so a cached
 * context never points at a stopped server. Tests purge the mailboxes they use.
 */
public final class TestMailServer {

    public static final String SUPPORT = "support@ticketflow.local";
    public static final String SUPPORT_PASSWORD = "support-secret";

    private static GreenMail greenMail;

    private TestMailServer() {
    }

    public static synchronized GreenMail get() {
        if (greenMail == null) {
            ServerSetup[] setups = { ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort() };
            greenMail = new GreenMail(setups);
            greenMail.start();
            greenMail.setUser(SUPPORT, SUPPORT, SUPPORT_PASSWORD);
            Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop, "greenmail-stop"));
        }
        return greenMail;
    }

    public static int smtpPort() {
        return get().getSmtp().getPort();
    }

    public static int imapPort() {
        return get().getImap().getPort();
    }

    /** Every mail the server received for the address, in arrival order. */
    public static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(get().getReceivedMessages()).filter(m -> {
            try {
                return m.getRecipients(Message.RecipientType.TO)[0].toString().contains(address);
            }
            catch (Exception e) {
                return false;
            }
        }).toList();
    }
}
