package io.ticketflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Test;

/**
 * The harness's mail servers answer as before: GreenMail's INBOX with its UID array kept serves the same sequence
 * numbers, bodies and moves; the SMTP sink accepts what a client sends and counts it.
 */
class HarnessMailTest {

    @Test
    void inboxWithKeptUidsAnswersFetchesMovesAndExpungesLikeGreenMail() throws Exception {
        List<String> plain = observe(false);
        List<String> indexed = observe(true);
        assertThat(indexed).isEqualTo(plain);
        // what is left after moving the second and fourth mail and expunging the first
        List<MailGenerator.Mail> mails = MailGenerator.generate(MailGenerator.Options.of(3, 6));
        assertThat(indexed.get(indexed.size() - 2)).isEqualTo("left <" + mails.get(2).messageId() + "> <"
                + mails.get(4).messageId() + "> <" + mails.get(5).messageId() + ">");
    }

    /** Message numbers, ids, sizes and bodies an IMAP client sees through fetches, a MOVE and an expunge. */
    private static List<String> observe(boolean indexed) throws Exception {
        List<String> seen = new ArrayList<>();
        GreenMail greenMail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        try {
            GreenMailUser user = greenMail.setUser("support@ticketflow.local", "support@ticketflow.local", "support");
            if (indexed) {
                IndexedMessages.install(greenMail.getManagers().getImapHostManager().getInbox(user));
            }
            Session session = Session.getInstance(new Properties());
            for (MailGenerator.Mail mail : MailGenerator.generate(MailGenerator.Options.of(3, 6))) {
                user.deliver(new MimeMessage(session, new ByteArrayInputStream(mail.bytes())));
            }
            Store store = session.getStore("imap");
            store.connect("127.0.0.1", greenMail.getImap().getPort(), "support@ticketflow.local", "support");
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Folder processed = store.getFolder("Processed");
            processed.create(Folder.HOLDS_MESSAGES);
            Message[] all = inbox.getMessages();
            seen.add("count " + all.length);
            inbox.moveMessages(new Message[] { all[1], all[3] }, processed);
            Message[] left = inbox.getMessagesByUID(1, IMAPFolder.LASTUID);
            for (Message m : left) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                m.writeTo(body);
                seen.add(m.getMessageNumber() + " uid " + inbox.getUID(m) + " " + ((MimeMessage) m).getMessageID() + " "
                        + m.getSize() + " " + body.size() + " " + Arrays.hashCode(body.toByteArray()));
            }
            left[0].setFlag(Flags.Flag.DELETED, true);
            inbox.expunge();
            StringBuilder after = new StringBuilder("left");
            for (Message m : inbox.getMessagesByUID(1, IMAPFolder.LASTUID)) {
                after.append(' ').append(((MimeMessage) m).getMessageID());
            }
            seen.add(after.toString());
            processed.open(Folder.READ_ONLY);
            seen.add("processed " + processed.getMessageCount());
            store.close();
        }
        finally {
            greenMail.stop();
        }
        return seen;
    }

    @Test
    void smtpSinkAcceptsAndCountsMessages() throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            Properties props = new Properties();
            props.setProperty("mail.smtp.host", "127.0.0.1");
            props.setProperty("mail.smtp.port", Integer.toString(sink.port()));
            Session session = Session.getInstance(props);
            Transport transport = session.getTransport("smtp");
            transport.connect();
            for (int i = 0; i < 3; i++) {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress("support@ticketflow.local"));
                message.setRecipients(Message.RecipientType.TO, InternetAddress.parse("a@example.com, b@example.com"));
                message.setSubject("Re: ticket " + i);
                message.setText("line one\n.\n..leading dots are stuffed\n");
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
            transport.close();
            assertThat(sink.messages()).isEqualTo(3);
            assertThat(sink.recipients()).isEqualTo(6);
            assertThat(sink.bytes()).isGreaterThan(300);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
