package io.ticketflow.bench;

import com.icegreen.greenmail.imap.commands.IdRange;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.FolderListener;
import com.icegreen.greenmail.store.ListBasedStoredMessageCollection;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.store.StoredMessageCollection;
import java.util.Arrays;
import java.util.List;

/**
 * GreenMail's message list of a folder with its UID array kept until the folder changes. GreenMail's IMAP FETCH
 * asks every message of the selected folder for its sequence number, and each ask copies the folder's whole UID
 * list: with the burst's thousands of mails in INBOX that quadratic copying was most of the bench process's CPU, a
 * cost of the in-process test server, not of IMAP (a production server indexes by UID). Same messages, same order,
 * same answers: only the copies are gone. The array handed out is shared: GreenMail's callers only read it.
 */
final class IndexedMessages extends ListBasedStoredMessageCollection {

    /** The UIDs in sequence-number order; null after a change. */
    private long[] uids;

    /** Puts an empty list under a folder that holds no messages yet (GreenMail offers no setting for it). */
    static void install(MailFolder folder) {
        try {
            // GreenMail's folder class (package-private HierarchicalFolder) keeps the list in this field
            var field = folder.getClass().getDeclaredField("mailMessages");
            field.setAccessible(true);
            if (((StoredMessageCollection) field.get(folder)).size() != 0) {
                throw new IllegalStateException("folder " + folder.getName() + " is not empty");
            }
            field.set(folder, new IndexedMessages());
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException("GreenMail's folder has changed: " + e, e);
        }
    }

    @Override
    public synchronized void add(StoredMessage storedMessage) {
        super.add(storedMessage);
        uids = null;
    }

    @Override
    public synchronized StoredMessage remove(long uid) {
        uids = null;
        return super.remove(uid);
    }

    @Override
    public synchronized void clear() {
        super.clear();
        uids = null;
    }

    @Override
    public synchronized void expunge(List<FolderListener> folderListeners) {
        uids = null;
        super.expunge(folderListeners);
        uids = null;
    }

    @Override
    public synchronized void expunge(List<FolderListener> folderListeners, IdRange[] idRanges) {
        uids = null;
        super.expunge(folderListeners, idRanges);
        uids = null;
    }

    @Override
    public synchronized long[] getMessageUids() {
        if (uids == null) {
            uids = super.getMessageUids();
        }
        return uids;
    }

    @Override
    public int getMsn(long uid) throws FolderException {
        // UIDs ascend in a folder filled by one thread; anything else falls back to GreenMail's scan
        int i = Arrays.binarySearch(getMessageUids(), uid);
        return i >= 0 ? i + 1 : super.getMsn(uid);
    }
}
