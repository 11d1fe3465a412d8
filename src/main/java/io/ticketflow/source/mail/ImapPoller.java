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
import jakarta.mail.UIDFolder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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

    private final IntakeWorkers workers;

    ImapPoller(IntakeProperties.Mailbox mailbox, Intake intake, Admission admission, Quarantine quarantine, MailboxCheckpoints checkpoints,
            FaultPoints faults, MailboxStatus status, IntakeWorkers workers) {
        super(mailbox, intake, admission, quarantine, checkpoints, faults, status);
        this.workers = workers;
    }

    /** How long a pipelined poll waits at most before it looks at the folder again while mail is in flight. */
    static final Duration RELIST = Duration.ofMillis(100);

    /** Looks at the folder at most this often, so that mail arriving together is fetched and written together. */
    static final Duration LOOK_GAP = Duration.ofMillis(50);

    /**
     * Reads the folder in a pipeline while mail keeps coming: each look at the folder lists what arrived above the
     * last UID listed (not the last acknowledged), fetches it and hands it over as a batch of its own while the
     * earlier batches are still being written. Mail is acknowledged on the server in UID order once it and everything
     * before it is done (a window of them at a time, or all that is in flight), and the checkpoint follows. The folder
     * is looked at again when a poll is requested (IDLE, the scheduled poll), after {@link #RELIST}, or, when the
     * pipeline is full, as soon as the oldest mail in flight is done; never more often than {@link #LOOK_GAP}. At
     * most {@code batches-in-flight} times {@code max-messages-per-poll} mails are in flight, and once a whole
     * {@code max-messages-per-poll} is waiting it takes that many at a time, when there is room for them all (a burst
     * goes in full batches); the poll ends when none is in flight and nothing waits.
     */
    @Override
    protected boolean pollOnce() throws MessagingException, IOException {
        IMAPStore connected = connect();
        IMAPFolder folder = (IMAPFolder) connected.getFolder(mailbox.folder());
        folder.open(mailbox.ack() == AfterSuccess.NONE ? Folder.READ_ONLY : Folder.READ_WRITE);
        InFlight<Fetched> inFlight = new InFlight<>();
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
            pipeline(connected, folder, uidValidity, last, inFlight);
            return false;
        }
        catch (MessagingException | IOException | RuntimeException | Error e) {
            // nothing of this poll may still run when the mailbox is given up: it is offered again by the next poll
            inFlight.awaitAll();
            throw e;
        }
        finally {
            close(folder);
        }
    }

    private void pipeline(IMAPStore connected, IMAPFolder folder, long uidValidity, long last, InFlight<Fetched> inFlight)
            throws MessagingException, IOException {
        int window = Math.min(ReadWindow.MESSAGES, mailbox.maxMessagesPerPoll());
        int group = mailbox.maxMessagesPerPoll();
        List<Message> backlog = new ArrayList<>();
        long listedUpTo = last;
        while (true) {
            clearRequests();
            long started = System.currentTimeMillis();
            long lookedAt = System.nanoTime();
            List<Message> fresh = waiting(folder, listedUpTo);
            if (!fresh.isEmpty()) {
                backlog.addAll(fresh);
                listedUpTo = folder.getUID(fresh.get(fresh.size() - 1));
            }
            backlog.removeIf(Message::isExpunged);
            int room = Math.max(0, group * workers.batchesInFlight() - inFlight.size());
            // a backlog of a whole window waits until a window is free: a burst goes in full batches (measured:
            // halves of it cost a tenth of the burst's rate and changed nothing at 50 mails/s), and with more than
            // one batch in flight the next is fetched, kept and decided while the one before it writes
            // (docs/performance.md, "Round 10: overlap")
            int take = room >= Math.min(group, backlog.size()) ? Math.min(group, Math.min(room, backlog.size())) : 0;
            long listed = System.currentTimeMillis();
            if (take > 0) {
                List<Message> batch = backlog.subList(0, take);
                fetch(folder, List.copyOf(batch), uidValidity, inFlight);
                batch.clear();
            }
            long read = System.currentTimeMillis();
            int done = inFlight.done();
            int acknowledged = done >= window || done == inFlight.size() && done > 0
                    ? acknowledgeDone(connected, folder, inFlight, uidValidity) : 0;
            status.folder(folder.getMessageCount(), inFlight.size() + backlog.size());
            PollTimes.log(mailbox.name(), take, started, listed, read, inFlight.size(), acknowledged,
                    System.currentTimeMillis());
            if (inFlight.isEmpty() && backlog.isEmpty()) {
                return;
            }
            if (acknowledged > 0) {
                status.pollSucceeded();
            }
            boolean blocked = !backlog.isEmpty() && take == 0;
            if (inFlight.done() < Math.min(window, inFlight.size())) {
                // a full pipeline looks again as soon as its oldest mail is done, otherwise when asked or after RELIST
                awaitRequestOr(blocked ? inFlight.firstRunning() : new CompletableFuture<>(), RELIST);
            }
            pause(LOOK_GAP.toNanos() - (System.nanoTime() - lookedAt));
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

    /** A fetched message on its way through the intake. */
    private record Fetched(Message message, long uid, boolean keepOnServer) {
    }

    /**
     * Fetches a batch in UID order and hands each message to the intake workers as soon as it is read, as one batch
     * (one conversation in arrival order, others side by side; a message whose conversation has mail of this poll
     * still running, in this batch or an earlier one, runs after it).
     */
    private void fetch(IMAPFolder folder, List<Message> batch, long uidValidity, InFlight<Fetched> inFlight)
            throws MessagingException, IOException {
        OrderedBatch<ProcessingOutcome> work = workers.batch();
        for (List<Message> chunk : ImapBodies.chunks(batch, mailbox.maxMessageBytes())) {
            Map<Long, byte[]> bodies = ImapBodies.fetch(folder, chunk, mailbox.maxMessageBytes());
            for (Message message : chunk) {
                long uid = folder.getUID(message);
                fetch(message, uid, uidValidity, work, bodies.get(uid), inFlight);
            }
        }
    }

    /**
     * In UID order up to the first mail still running: acknowledge on the server (one command) and advance the
     * checkpoint once. A failure is thrown after everything before it was acknowledged; the mails from it on are
     * offered again by the next poll.
     *
     * @return how many mails were acknowledged
     */
    private int acknowledgeDone(IMAPStore connected, IMAPFolder folder, InFlight<Fetched> inFlight, long uidValidity)
            throws MessagingException {
        InFlight.Taken<Fetched> taken = inFlight.takeDone();
        List<Fetched> done = taken.fetched();
        List<ProcessingOutcome> outcomes = taken.outcomes();
        outcomes.forEach(o -> faults.reached(FaultPoint.BEFORE_ACK, o.rawId()));
        acknowledge(connected, folder, done);
        outcomes.forEach(o -> faults.reached(FaultPoint.AFTER_ACK, o.rawId()));
        if (!done.isEmpty()) {
            checkpoints.save(Checkpoint.imap(mailbox.name(), mailbox.folder(), uidValidity, done.get(done.size() - 1).uid()));
        }
        outcomes.forEach(this::handled);
        new OrderedBatch.Finished<>(outcomes, taken.failure()).rethrowFailure();
        return done.size();
    }

    private void fetch(Message message, long uid, long uidValidity, OrderedBatch<ProcessingOutcome> work,
            byte[] fetchedBody, InFlight<Fetched> inFlight) throws MessagingException, IOException {
        ((IMAPMessage) message).setPeek(true);
        Instant receivedAt = message.getReceivedDate() == null ? Instant.now() : message.getReceivedDate().toInstant();
        int size = message.getSize();
        boolean oversized = size > mailbox.maxMessageBytes();
        byte[] bytes = oversized ? readHead(message) : fetchedBody != null ? fetchedBody : readAll(message, size);
        RawMessage raw = new RawMessage(bytes, mailbox.protocol(), mailbox.name(), uidValidity, uid, receivedAt);
        Set<String> keys = ConversationKeys.of(raw);
        List<CompletableFuture<ProcessingOutcome>> earlier = inFlight.before(keys);
        CompletableFuture<ProcessingOutcome> outcome;
        if (!earlier.isEmpty() && oversized) {
            outcome = handOffAfter(earlier, workers::batch, () -> oversized(raw, size));
        }
        else if (!earlier.isEmpty()) {
            outcome = handOffAfter(earlier, work, keys, raw);
        }
        else if (oversized) {
            outcome = work.submit(keys, () -> oversized(raw, size));
        }
        else {
            outcome = handOff(work, keys, raw);
        }
        inFlight.add(new Fetched(message, uid, oversized), keys, outcome);
    }

    /**
     * The after-success action, one server command for the batch. Each is safe to repeat after a crash: a flag
     * already set is not set again; moved or deleted mail is no longer in the folder. Only our own UIDs are ever
     * expunged (never a plain EXPUNGE or CLOSE, which would also remove mail other clients marked \Deleted in a
     * shared mailbox).
     */
    private void acknowledge(IMAPStore connected, IMAPFolder folder, List<Fetched> done) throws MessagingException {
        if (done.isEmpty()) {
            return;
        }
        switch (mailbox.ack()) {
            case FLAG -> {
                Flags flag = flag(mailbox.flag());
                Message[] unflagged = messages(done.stream().filter(f -> !hasFlag(f.message(), flag)));
                if (unflagged.length > 0) {
                    folder.setFlags(unflagged, flag, true);
                    for (int i = 0; i < unflagged.length; i++) {
                        status.acknowledged();
                    }
                }
            }
            case MOVE -> {
                Message[] all = messages(done.stream());
                move(connected, folder, all);
                for (int i = 0; i < all.length; i++) {
                    status.acknowledged();
                }
            }
            case DELETE -> {
                Message[] deletable = messages(done.stream().filter(f -> !f.keepOnServer()));
                if (deletable.length > 0) {
                    folder.setFlags(deletable, new Flags(Flags.Flag.DELETED), true);
                    expungeOwn(connected, folder, deletable);
                    for (int i = 0; i < deletable.length; i++) {
                        status.acknowledged();
                    }
                }
            }
            case NONE -> {
                // the checkpoint alone remembers the message
            }
        }
    }

    private static Message[] messages(java.util.stream.Stream<Fetched> fetched) {
        return fetched.map(Fetched::message).toArray(Message[]::new);
    }

    private static boolean hasFlag(Message message, Flags flag) {
        try {
            return message.getFlags().contains(flag);
        }
        catch (MessagingException e) {
            return false;
        }
    }

    private void move(IMAPStore connected, IMAPFolder folder, Message[] messages) throws MessagingException {
        Folder target = connected.getFolder(mailbox.moveTo());
        if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("mailbox " + mailbox.name() + ": cannot create the move-to folder "
                    + mailbox.moveTo());
        }
        if (connected.hasCapability("MOVE")) {
            folder.moveMessages(messages, target);
        }
        else {
            folder.copyMessages(messages, target);
            folder.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
            expungeOwn(connected, folder, messages);
        }
    }

    private void expungeOwn(IMAPStore connected, IMAPFolder folder, Message[] messages) throws MessagingException {
        if (connected.hasCapability("UIDPLUS")) {
            folder.expunge(messages);
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
