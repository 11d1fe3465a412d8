package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * How far each mailbox folder has been read: IMAP UIDVALIDITY + the highest UID whose message ended as a ticket
 * message, screened or quarantined record; for POP3 the UIDLs handled. Progress is kept here and never in the \Seen
 * flag, so mail a person opened in webmail is still imported. Read by realtime GET, written after the mailbox ack.
 */
@Component
@DependsOn("indexTemplates")
public class MailboxCheckpoints {

    private final ElasticsearchClient client;
    private final Indices indices;

    public MailboxCheckpoints(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** The checkpoint of a mailbox folder, or null before the first message was handled. */
    public Checkpoint find(String mailbox, String folder) {
        GetResponse<Checkpoint> got = StoreErrors.call("read the checkpoint of mailbox " + mailbox,
                () -> client.get(g -> g.index(indices.checkpoints()).id(id(mailbox, folder)), Checkpoint.class));
        return got.found() ? got.source() : null;
    }

    public void save(Checkpoint checkpoint) {
        StoreErrors.call("save the checkpoint of mailbox " + checkpoint.mailbox(), () -> client.index(i -> i
                .index(indices.checkpoints()).id(id(checkpoint.mailbox(), checkpoint.folder())).document(checkpoint)));
    }

    private static String id(String mailbox, String folder) {
        return mailbox + "/" + folder;
    }

    /**
     * @param uidValidity IMAP UIDVALIDITY the UIDs belong to (a new value invalidates lastUid: rescan)
     * @param lastUid     every message up to this UID has been handled
     * @param uidls       POP3: the UIDLs handled that are still on the server
     */
    public record Checkpoint(String mailbox, String folder, Long uidValidity, Long lastUid, List<String> uidls,
            Instant updatedAt) {

        public static Checkpoint imap(String mailbox, String folder, long uidValidity, long lastUid) {
            return new Checkpoint(mailbox, folder, uidValidity, lastUid, null, Instant.now());
        }

        public static Checkpoint pop3(String mailbox, List<String> uidls) {
            return new Checkpoint(mailbox, "INBOX", null, null, List.copyOf(uidls), Instant.now());
        }
    }
}
