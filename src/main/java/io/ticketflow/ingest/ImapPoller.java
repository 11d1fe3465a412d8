package io.ticketflow.ingest;

import io.ticketflow.ingest.FaultPoints.FaultPoint;
import io.ticketflow.ingest.IntakeProperties.AfterSuccess;
import io.ticketflow.pipeline.ProcessingOutcome;
import io.ticketflow.pipeline.Quarantine;
import io.ticketflow.store.MailboxCheckpoints;
import io.ticketflow.store.MailboxCheckpoints.Checkpoint;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IMAP by UID: reads the messages above the folder's checkpoint ({@code UID FETCH n:*}), with {@code BODY.PEEK[]} so
 * no flag changes before the message is handled, and learns the size from {@code RFC822.SIZE} before fetching a body.
 * A new UIDVALIDITY (folder recreated, server migrated) invalidates the checkpoint: the folder is read again from the
 * start and messages already handled are recognised by their raw id (one ticket message each, no second ack).
 */
final class ImapPoller extends MailboxPoller {

    private static final Logger log = LoggerFactory.getLogger(ImapPoller.class);

    private IMAPStore store;

    ImapPoller(IntakeProperties.Mailbox mailbox, Handoff handoff, Quarantine quarantine, MailboxCheckpoints checkpoints,
            FaultPoints faults, MailboxStatus status) {
        super(mailbox, handoff, quarantine, checkpoints, faults, status);
    }

    @Override
    protected boolean pollOnce() throws MessagingException, IOException {
        IMAPStore connected = connect();
        IMAPFolder folder = (IMAPFolder) connected.getFolder(mailbox.folder());
        folder.open(mailbox.ack() == AfterSuccess.NONE ? Folder.READ_ONLY : Folder.READ_WRITE);
        try {
            long uidValidity = folder.getUIDValidity();
            Checkpoint checkpoint = checkpoints.find(mailbox.name(), mailbox.folder());
            long last = 0;
            if (checkpoint != null && checkpoint.uidValidity() != null && checkpoint.uidValidity() == uidValidity) {
                last = checkpoint.lastUid();
            }
            else if (checkpoint == null && mailbox.skipsExistingMail()) {
                long highest = highestUid(folder);
                checkpoints.save(Checkpoint.imap(mailbox.name(), mailbox.folder(), uidValidity, highest));
                log.info("Mailbox {}: existing-mail: skip; mail up to UID {} in {} is left alone, newer mail is read",
                        mailbox.name(), highest, mailbox.folder());
                return false;
            }
            else if (checkpoint != null) {
                log.warn("Mailbox {}: UIDVALIDITY of {} changed from {} to {}; reading the folder again from the start "
                        + "(messages already handled are recognised by their raw id)", mailbox.name(), mailbox.folder(),
                        checkpoint.uidValidity(), uidValidity);
            }
            List<Message> waiting = waiting(folder, last);
            status.folder(folder.getMessageCount(), waiting.size());
            int handled = 0;
            for (Message message : waiting) {
                if (handled == mailbox.maxMessagesPerPoll()) {
                    return true;
                }
                handle(connected, folder, message, uidValidity);
                handled++;
                status.folder(folder.getMessageCount(), waiting.size() - handled);
            }
            return false;
        }
        finally {
            close(folder);
        }
    }

    /** Messages above the checkpoint in UID order (a range n:* also returns the last message when nothing is new). */
    private static List<Message> waiting(IMAPFolder folder, long last) throws MessagingException {
        Message[] candidates = folder.getMessagesByUID(last + 1, UIDFolder.MAXUID);
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.SIZE);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
        folder.fetch(candidates, profile);
        List<Message> waiting = new ArrayList<>();
        for (Message m : candidates) {
            if (m != null && !m.isExpunged() && folder.getUID(m) > last) {
                waiting.add(m);
            }
        }
        waiting.sort(Comparator.comparingLong(m -> uid(folder, m)));
        return waiting;
    }

    private void handle(IMAPStore connected, IMAPFolder folder, Message message, long uidValidity)
            throws MessagingException, IOException {
        long uid = folder.getUID(message);
        ((IMAPMessage) message).setPeek(true);
        Instant receivedAt = message.getReceivedDate() == null ? Instant.now() : message.getReceivedDate().toInstant();
        int size = message.getSize();
        ProcessingOutcome outcome;
        boolean keepOnServer = size > mailbox.maxMessageBytes();
        if (keepOnServer) {
            RawMessage head = new RawMessage(readHead(message), mailbox.protocol(), mailbox.name(), uidValidity, uid,
                    receivedAt);
            outcome = oversized(head, size);
        }
        else {
            outcome = handOff(new RawMessage(readAll(message, size), mailbox.protocol(), mailbox.name(), uidValidity, uid,
                    receivedAt));
        }
        faults.reached(FaultPoint.BEFORE_ACK, outcome.rawId());
        acknowledge(connected, folder, message, keepOnServer);
        faults.reached(FaultPoint.AFTER_ACK, outcome.rawId());
        checkpoints.save(Checkpoint.imap(mailbox.name(), mailbox.folder(), uidValidity, uid));
        handled(outcome);
    }

    /**
     * The after-success action. Each is safe to repeat after a crash: a flag already set is not set again; moved or
     * deleted mail is no longer in the folder. Only our own UIDs are ever expunged (never a plain EXPUNGE or CLOSE,
     * which would also remove mail other clients marked \Deleted in a shared mailbox).
     */
    private void acknowledge(IMAPStore connected, IMAPFolder folder, Message message, boolean keepOnServer)
            throws MessagingException {
        switch (mailbox.ack()) {
            case FLAG -> {
                Flags flag = flag(mailbox.flag());
                if (!message.getFlags().contains(flag)) {
                    message.setFlags(flag, true);
                    status.acknowledged();
                }
            }
            case MOVE -> {
                move(connected, folder, message);
                status.acknowledged();
            }
            case DELETE -> {
                if (!keepOnServer) {
                    message.setFlag(Flags.Flag.DELETED, true);
                    expungeOwn(connected, folder, message);
                    status.acknowledged();
                }
            }
            case NONE -> {
                // the checkpoint alone remembers the message
            }
        }
    }

    private void move(IMAPStore connected, IMAPFolder folder, Message message) throws MessagingException {
        Folder target = connected.getFolder(mailbox.moveTo());
        if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("mailbox " + mailbox.name() + ": cannot create the move-to folder "
                    + mailbox.moveTo());
        }
        if (connected.hasCapability("MOVE")) {
            folder.moveMessages(new Message[] { message }, target);
        }
        else {
            folder.copyMessages(new Message[] { message }, target);
            message.setFlag(Flags.Flag.DELETED, true);
            expungeOwn(connected, folder, message);
        }
    }

    private void expungeOwn(IMAPStore connected, IMAPFolder folder, Message message) throws MessagingException {
        if (connected.hasCapability("UIDPLUS")) {
            folder.expunge(new Message[] { message });
        }
        else {
            log.debug("Mailbox {}: server has no UIDPLUS; message left flagged \\Deleted for the server or a client to "
                    + "expunge", mailbox.name());
        }
    }

    static Flags flag(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "\\seen" -> new Flags(Flags.Flag.SEEN);
            case "\\flagged" -> new Flags(Flags.Flag.FLAGGED);
            case "\\answered" -> new Flags(Flags.Flag.ANSWERED);
            default -> new Flags(name);
        };
    }

    private IMAPStore connect() throws MessagingException {
        if (store != null && store.isConnected()) {
            return store;
        }
        disconnect();
        IMAPStore fresh = (IMAPStore) session.getStore(mailbox.protocol());
        fresh.connect(mailbox.host(), port(), mailbox.username(), password());
        store = fresh;
        return fresh;
    }

    @Override
    protected synchronized void disconnect() {
        IMAPStore old = store;
        store = null;
        if (old != null) {
            try {
                old.close();
            }
            catch (MessagingException | RuntimeException e) {
                // the connection is being dropped anyway
            }
        }
    }

    private static void close(IMAPFolder folder) {
        try {
            if (folder.isOpen()) {
                folder.close(false);
            }
        }
        catch (MessagingException | RuntimeException e) {
            // closing without expunge; nothing to undo
        }
    }

    private static long highestUid(IMAPFolder folder) throws MessagingException {
        int count = folder.getMessageCount();
        return count == 0 ? 0 : folder.getUID(folder.getMessage(count));
    }

    private static long uid(IMAPFolder folder, Message m) {
        try {
            return folder.getUID(m);
        }
        catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
