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
                List<Fetched> batch = new ArrayList<>();
                OrderedBatch<ProcessingOutcome> work = workers.batch();
                ReadWindow<Fetched> window = new ReadWindow<>();
                boolean more = false;
                try {
                    int taken = 0;
                    for (Message message : messages) {
                        String uidl = uidl(folder, message);
                        if (handledUidls.contains(uidl)) {
                            if (delete) {
                                // handled earlier, but the QUIT that deletes it never came
                                message.setFlag(Flags.Flag.DELETED, true);
                                expunge = true;
                            }
                            continue;
                        }
                        if (taken == mailbox.maxMessagesPerPoll()) {
                            more = true;
                            break;
                        }
                        Fetched fetched = read(message, uidl);
                        long bytes = fetched.raw().bytes().length;
                        if (!window.fits(bytes)) {
                            handOver(window.take(), work, batch);
                        }
                        window.add(fetched, bytes);
                        taken++;
                    }
                    handOver(window.take(), work, batch);
                }
                catch (MessagingException | IOException | RuntimeException | Error e) {
                    work.awaitAll();
                    throw e;
                }
                long read = System.currentTimeMillis();
                OrderedBatch.Finished<ProcessingOutcome> finished = work.finish();
                long written = System.currentTimeMillis();
                List<ProcessingOutcome> outcomes = finished.results();
                for (int i = 0; i < outcomes.size(); i++) {
                    Fetched f = batch.get(i);
                    ProcessingOutcome outcome = outcomes.get(i);
                    faults.reached(FaultPoint.BEFORE_ACK, outcome.rawId());
                    if (delete && !f.keepOnServer()) {
                        f.message().setFlag(Flags.Flag.DELETED, true);
                        expunge = true;
                        status.acknowledged();
                    }
                    faults.reached(FaultPoint.AFTER_ACK, f.uidl());
                    handledUidls.add(f.uidl());
                }
                if (!outcomes.isEmpty()) {
                    checkpoints.save(Checkpoint.pop3(mailbox.name(), handledUidls.stream().toList()));
                }
                outcomes.forEach(this::handled);
                status.folder(messages.length, waiting - outcomes.size());
                PollTimes.log(mailbox.name(), batch.size(), started, listed, read, written, System.currentTimeMillis());
                finished.rethrowFailure();
                return more;
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
