package io.ticketflow.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;

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
}
