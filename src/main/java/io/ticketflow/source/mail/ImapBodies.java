package io.ticketflow.source.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.eclipse.angus.mail.imap.protocol.UIDSet;

/**
 * Message bodies of a poll's batch, many per IMAP command: Angus fetches a body with one {@code FETCH} (or more, in
 * 16 KiB pieces) per message when it is read, so a batch of 100 paid 100+ round trips to the server while the
 * intake workers waited.
 */
final class ImapBodies {

    private ImapBodies() {
    }

    /** Consecutive runs of the batch small enough to fetch in one command; workers start after the first. */
    static List<List<Message>> chunks(List<Message> batch, long maxMessageBytes) throws MessagingException {
        List<List<Message>> chunks = new ArrayList<>();
        ReadWindow<Message> current = new ReadWindow<>();
        for (Message message : batch) {
            int size = Math.max(0, message.getSize());
            if (!current.fits(size)) {
                chunks.add(current.take());
            }
            // an oversized message is read by its head only, on its own
            current.add(message, size <= maxMessageBytes ? size : 0);
        }
        if (!current.isEmpty()) {
            chunks.add(current.take());
        }
        return chunks;
    }

    /**
     * The exact bytes of the chunk's messages (oversized ones excepted) in one {@code UID FETCH ... BODY.PEEK[]}: one
     * round trip for many mails instead of one or more per mail. A message the answer lacks is read on its own later.
     */
    static Map<Long, byte[]> fetch(IMAPFolder folder, List<Message> chunk, long maxMessageBytes) throws MessagingException {
        List<Long> uids = new ArrayList<>();
        for (Message message : chunk) {
            if (message.getSize() <= maxMessageBytes) {
                uids.add(folder.getUID(message));
            }
        }
        if (uids.size() < 2) {
            return Map.of();
        }
        String set = UIDSet.toString(UIDSet.createUIDSets(uids.stream().mapToLong(Long::longValue).toArray()));
        @SuppressWarnings("unchecked")
        Map<Long, byte[]> bodies = (Map<Long, byte[]>) folder.doCommand(protocol -> {
            Response[] responses = protocol.command("UID FETCH " + set + " (UID BODY.PEEK[])", null);
            Map<Long, byte[]> found = new HashMap<>();
            for (Response response : responses) {
                if (response instanceof FetchResponse f) {
                    UID uid = f.getItem(UID.class);
                    BODY body = f.getItem(BODY.class);
                    if (uid != null && body != null && body.getByteArray() != null && body.getSection().isEmpty()) {
                        found.put(uid.uid, body.getByteArray().getNewBytes());
                    }
                }
            }
            protocol.notifyResponseHandlers(responses);
            protocol.handleResult(responses[responses.length - 1]);
            return found;
        });
        return bodies;
    }
}
