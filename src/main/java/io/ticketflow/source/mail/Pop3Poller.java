package io.ticketflow.source.mail;

import io.ticketflow.intake.ConversationKeys;
import io.ticketflow.intake.FaultPoints;
import io.ticketflow.intake.FaultPoints.FaultPoint;
import io.ticketflow.intake.Intake;
import io.ticketflow.intake.IntakeProperties;
import io.ticketflow.intake.IntakeProperties.AfterSuccess;
import io.ticketflow.intake.IntakeWorkers;
import io.ticketflow.intake.OrderedBatch;
import io.ticketflow.intake.Quarantine;
import io.ticketflow.store.MailboxCheckpoints;
import io.ticketflow.store.MailboxCheckpoints.Checkpoint;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Message;

/**
 * POP3 by UIDL: the UIDLs handled are persisted in the checkpoint (pruned to those still on the server), so a mailbox
 * kept on the server ({@code after-success: none}) is never imported twice. With {@code delete} (the POP3 default),
 * DELE is only sent for handled messages and takes effect at QUIT; a message handled but not yet deleted (crash before
 * QUIT) is deleted by the next poll without being processed again. POP3 has no session-wide view of new mail, so each
 * poll is a new connection. Mail is retrieved one {@code RETR} at a time and handed to the intake a window at a time
 * ({@link ReadWindow}), so that a window's writes travel together.
 */
final class Pop3Poller extends MailboxPoller {

    /** Lines of body fetched with TOP for an oversized mail (its head). */
    private static final int HEAD_LINES = 200;
    /** Mails one session takes at most, in {@code max-messages-per-poll}s. */
    private static final int SESSION_WINDOWS = 10;

    private final IntakeWorkers workers;

    Pop3Poller(IntakeProperties.Mailbox mailbox, Intake intake, Admission admission, Quarantine quarantine, MailboxCheckpoints checkpoints,
            FaultPoints faults, MailboxStatus status, IntakeWorkers workers) {
        super(mailbox, intake, admission, quarantine, checkpoints, faults, status);
        this.workers = workers;
    }

    @Override
    protected boolean pollOnce() throws MessagingException, IOException {
        long started = System.currentTimeMillis();
        Store store = session.getStore(mailbox.protocol());
        store.connect(mailbox.host(), port(), mailbox.username(), password());
        try {
            POP3Folder folder = (POP3Folder) store.getFolder("INBOX");
            boolean delete = mailbox.ack() == AfterSuccess.DELETE;
            folder.open(delete ? Folder.READ_WRITE : Folder.READ_ONLY);
            boolean expunge = false;
            try {
                Message[] messages = folder.getMessages();
                FetchProfile profile = new FetchProfile();
                profile.add(UIDFolder.FetchProfileItem.UID);
                profile.add(FetchProfile.Item.SIZE);
                folder.fetch(messages, profile);
                Checkpoint checkpoint = checkpoints.find(mailbox.name(), "INBOX");
                Set<String> handledUidls = new LinkedHashSet<>();
                if (checkpoint != null && checkpoint.uidls() != null) {
                    handledUidls.addAll(checkpoint.uidls());
                }
                Set<String> onServer = new HashSet<>();
                for (Message m : messages) {
                    onServer.add(uidl(folder, m));
                }
                handledUidls.retainAll(onServer);
                if (checkpoint == null && mailbox.skipsExistingMail()) {
                    // first poll: what is there now counts as handled and stays untouched
                    checkpoints.save(Checkpoint.pop3(mailbox.name(), onServer.stream().toList()));
                    return false;
                }
                int waiting = (int) onServer.stream().filter(u -> !handledUidls.contains(u)).count();
                status.folder(messages.length, waiting);
                long listed = System.currentTimeMillis();
                Drain session = new Drain(folder, delete, handledUidls, messages.length, waiting);
                try {
                    session.run(messages);
                }
                finally {
                    expunge = session.deleted;
                    if (session.unsaved > 0) {
                        saveHandled(handledUidls, session.failure);
                    }
                    if (session.failure == null) {
                        PollTimes.log(mailbox.name(), session.taken, started, listed, session.readAt, session.writtenAt,
                                System.currentTimeMillis());
                    }
                }
                return session.taken > 0;
            }
            finally {
                // QUIT: only now do the DELEs of handled messages take effect
                folder.close(expunge);
            }
        }
        finally {
            store.close();
        }
    }

    /**
     * One session's pass over the maildrop as listed at its start, pipelined as an IMAP poll is: windows are handed
     * to the intake while the next ones are retrieved, at most {@code max-messages-per-poll} mails retrieved and not
     * yet ended, and each mail is marked deleted (DELE) as soon as it and every mail before it ended, while the
     * session goes on. Before, a poll stopped at {@code max-messages-per-poll} mails, waited for all their outcomes,
     * sent QUIT and logged in again, so the intake idled at every poll's end (docs/performance.md, "Round 7:
     * otherways"). DELE still takes effect only at QUIT, and only for mail whose outcome is stored; the UIDLs handled
     * are saved every {@code max-messages-per-poll} mails, so a session cut short deletes them at the next poll
     * without processing them again.
     */
    private final class Drain {

        private final POP3Folder folder;
        private final boolean delete;
        private final Set<String> handledUidls;
        private final int listed;
        private final List<Fetched> inFlight = new ArrayList<>();
        private final OrderedBatch<ProcessingOutcome> work = workers.batch();
        private int waiting;
        private int taken;
        private int unsaved;
        private boolean deleted;
        private long readAt;
        private long writtenAt;
        private long retrNanos;
        private long roomNanos;
        private Throwable failure;

        Drain(POP3Folder folder, boolean delete, Set<String> handledUidls, int listed, int waiting) {
            this.folder = folder;
            this.delete = delete;
            this.handledUidls = handledUidls;
            this.listed = listed;
            this.waiting = waiting;
        }

        void run(Message[] messages) throws MessagingException, IOException {
            int max = mailbox.maxMessagesPerPoll();
            ReadWindow<Fetched> window = new ReadWindow<>();
            try {
                for (Message message : messages) {
                    String uidl = uidl(folder, message);
                    if (handledUidls.contains(uidl)) {
                        if (delete) {
                            // handled earlier, but the QUIT that deletes it never came
                            message.setFlag(Flags.Flag.DELETED, true);
                            deleted = true;
                        }
                        continue;
                    }
                    if (taken == max * SESSION_WINDOWS) {
                        // a session's deletes wait for its QUIT: a huge maildrop goes in several sessions
                        break;
                    }
                    long t = System.nanoTime();
                    Fetched fetched = read(message, uidl);
                    retrNanos += System.nanoTime() - t;
                    long bytes = fetched.raw().bytes().length;
                    if (!window.fits(bytes)) {
                        handOver(window.take());
                    }
                    window.add(fetched, bytes);
                    taken++;
                    if (inFlight.size() + window.size() >= max) {
                        // room for the next window: what ended from the oldest on is deleted meanwhile
                        handOver(window.take());
                        long waited = System.nanoTime();
                        take(Math.max(0, max - ReadWindow.MESSAGES));
                        roomNanos += System.nanoTime() - waited;
                    }
                }
                handOver(window.take());
                readAt = System.currentTimeMillis();
                take(0);
                writtenAt = System.currentTimeMillis();
                PollTimes.pop3(mailbox.name(), taken, retrNanos / 1_000_000, roomNanos / 1_000_000, writtenAt - readAt);
            }
            catch (MessagingException | IOException | RuntimeException | Error e) {
                failure = e;
                work.awaitAll();
                throw e;
            }
        }

        private void handOver(List<Fetched> window) {
            Pop3Poller.this.handOver(window, work, inFlight);
        }

        /** Takes the outcomes in arrival order until at most {@code left} mails are in flight, deleting each. */
        private void take(int left) throws MessagingException {
            try {
                work.takeWhileMoreThan(left, this::ended);
            }
            catch (Unchecked e) {
                throw e.cause;
            }
        }

        private void ended(ProcessingOutcome outcome) {
            Fetched f = inFlight.remove(0);
            faults.reached(FaultPoint.BEFORE_ACK, outcome.rawId());
            if (delete && !f.keepOnServer()) {
                try {
                    f.message().setFlag(Flags.Flag.DELETED, true);
                }
                catch (MessagingException e) {
                    throw new Unchecked(e);
                }
                deleted = true;
                status.acknowledged();
            }
            faults.reached(FaultPoint.AFTER_ACK, f.uidl());
            handledUidls.add(f.uidl());
            handled(outcome);
            status.folder(listed, --waiting);
            if (++unsaved >= mailbox.maxMessagesPerPoll()) {
                saveHandled(handledUidls, null);
                unsaved = 0;
            }
        }
    }

    /** A DELE that failed inside the in-order taking of outcomes, carried out of it. */
    private static final class Unchecked extends RuntimeException {

        private final MessagingException cause;

        Unchecked(MessagingException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    /** Saves the UIDLs handled; after a failure, a failure to save is added to it instead of hiding it. */
    private void saveHandled(Set<String> handledUidls, Throwable failure) {
        try {
            checkpoints.save(Checkpoint.pop3(mailbox.name(), handledUidls.stream().toList()));
        }
        catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /** A retrieved message not yet handed to the intake. */
    private record Fetched(Message message, String uidl, RawMessage raw, int size, boolean keepOnServer) {
    }

    /** Retrieves one message in this thread (RETR; TOP for an oversized one, which stays on the server). */
    private Fetched read(Message message, String uidl) throws MessagingException, IOException {
        int size = message.getSize();
        boolean oversized = size > mailbox.maxMessageBytes();
        byte[] bytes = oversized ? readHead(((POP3Message) message).top(HEAD_LINES)) : readAll(message, size);
        RawMessage raw = new RawMessage(bytes, mailbox.protocol(), mailbox.name(), null, null, Instant.now());
        return new Fetched(message, uidl, raw, size, oversized);
    }

    /**
     * Hands a window of retrieved messages to the intake workers together, in the order read (one conversation in
     * arrival order); their outcomes are taken in that order by the poll. Handed over one by one as each was
     * retrieved, every mail kept, decided and wrote alone, so its writes went out in bulks of about one operation.
     */
    private void handOver(List<Fetched> window, OrderedBatch<ProcessingOutcome> work, List<Fetched> batch) {
        for (Fetched f : window) {
            if (f.keepOnServer()) {
                work.submit(ConversationKeys.of(f.raw()), () -> oversized(f.raw(), f.size()));
            }
            else {
                handOff(work, f.raw());
            }
            batch.add(f);
        }
    }

    private String uidl(POP3Folder folder, Message message) throws MessagingException {
        String uidl = folder.getUID(message);
        if (uidl == null) {
            throw new MessagingException("mailbox " + mailbox.name() + ": the POP3 server does not support UIDL, which "
                    + "Ticketflow needs to know which mail it has read; use IMAP");
        }
        return uidl;
    }

    @Override
    protected void disconnect() {
        // one connection per poll, closed by the poll itself
    }
}
