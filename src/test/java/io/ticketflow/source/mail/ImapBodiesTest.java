package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.user.GreenMailUser;
import io.ticketflow.testing.TestMailServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.Test;

/** A batch's bodies in one command are byte for byte what reading each message alone gives. */
class ImapBodiesTest {

    @Test
    void oneFetchForManyMailsGivesTheExactBytesOfEachAndSkipsOversizedOnes() throws Exception {
        String address = "bodies-" + UUID.randomUUID().toString().substring(0, 8) + "@ticketflow.local";
        GreenMailUser user = TestMailServer.get().setUser(address, address, "secret");
        Session session = Session.getInstance(new Properties());
        for (int i = 0; i < 5; i++) {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("customer" + i + "@example.com"));
            m.setSubject("Mail " + i + " äöü", "UTF-8");
            m.setText(("Line of text " + i + "\r\n").repeat(i == 4 ? 3000 : 20), "UTF-8");
            m.saveChanges();
            user.deliver(m);
        }
        IMAPStore store = (IMAPStore) session.getStore("imap");
        store.connect("127.0.0.1", TestMailServer.imapPort(), address, "secret");
        try {
            IMAPFolder folder = (IMAPFolder) store.getFolder("INBOX");
            folder.open(Folder.READ_ONLY);
            List<Message> messages = List.of(folder.getMessages());
            long oversized = messages.get(4).getSize() - 1;

            Map<Long, byte[]> bodies = ImapBodies.fetch(folder, messages, oversized);

            assertThat(bodies).hasSize(4).doesNotContainKey(folder.getUID(messages.get(4)));
            for (Message message : messages.subList(0, 4)) {
                ((IMAPMessage) message).setPeek(true);
                ByteArrayOutputStream alone = new ByteArrayOutputStream();
                message.writeTo(alone);
                assertThat(bodies.get(folder.getUID(message))).isEqualTo(alone.toByteArray());
            }
            assertThat(ImapBodies.chunks(messages, oversized)).hasSize(1);
            assertThat(folder.getMessage(1).getFlags().contains(jakarta.mail.Flags.Flag.SEEN)).isFalse();
            folder.close(false);
        }
        finally {
            store.close();
        }
    }
}
