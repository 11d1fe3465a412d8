package io.ticketflow.source.mail;

import io.ticketflow.intake.ConversationKeys;
import io.ticketflow.intake.FaultPoints;
import io.ticketflow.intake.FaultPoints.FaultPoint;
import io.ticketflow.intake.Intake;
import io.ticketflow.intake.IntakeProperties;
import io.ticketflow.intake.OrderedBatch;
import io.ticketflow.intake.Quarantine;
import io.ticketflow.intake.ReliableIntake;
import io.ticketflow.store.MailboxCheckpoints;
import io.ticketflow.store.StoreUnavailableException;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one mailbox and hands each message to {@code direct:intake}, one at a time, in the order that makes a crash
 * at any point harmless: fetch (without setting \Seen) → intake (raw stored first, then processed or quarantined) →
 * acknowledge on the server → advance the checkpoint. A message whose intake fails (store down) stops the poll before
 * its acknowledgement, so it is offered again by the next poll; a message handled twice is recognised by its raw id.
 * <p>
 * Each mailbox has its own poller, thread and connection: a broken mailbox (auth error, timeout, host down) only
 * fails its own polls. Polls of one mailbox never overlap (the scheduled poll and the IDLE trigger share a lock).
 */
public abstract class MailboxPoller implements AutoCloseable {

    /** What is kept of an oversized mail: enough for the headers and the start of the text. */
    static final int HEAD_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

    /** Whether this instance may take a fetched message in: throws when not, before anything is stored for it. */
    @FunctionalInterface
    public interface Admission {
        void check(RawMessage raw);
    }

    protected final IntakeProperties.Mailbox mailbox;
    protected final Session session;
    private final Intake intake;
    private final Admission admission;
    protected final Quarantine quarantine;
    protected final MailboxCheckpoints checkpoints;
    protected final FaultPoints faults;
    protected final MailboxStatus status;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean requested = new AtomicBoolean();
    /** Completed when a poll is requested; a pipelined poll waiting for its mail in flight wakes up on it. */
    private volatile CompletableFuture<Void> announced = new CompletableFuture<>();

    protected MailboxPoller(IntakeProperties.Mailbox mailbox, Intake intake, Admission admission, Quarantine quarantine,
            MailboxCheckpoints checkpoints, FaultPoints faults, MailboxStatus status) {
        this.mailbox = mailbox;
        this.session = MailSessions.of(mailbox);
        this.intake = intake;
        this.admission = admission;
        this.quarantine = quarantine;
        this.checkpoints = checkpoints;
        this.faults = faults;
        this.status = status;
    }

    public IntakeProperties.Mailbox mailbox() {
        return mailbox;
    }

    public MailboxStatus status() {
        return status;
    }

    /**
     * Reads everything waiting. If another thread is polling this mailbox already, that poll goes round once more
     * instead (so an IDLE notification during a scheduled poll is never lost) and this call returns at once.
     *
     * @return false if the poll failed (the error is in {@link #status()})
     */
    public boolean poll() {
        requested.set(true);
        announced.complete(null);
        boolean ok = true;
        while (requested.get() && lock.tryLock()) {
            try {
                while (ok && requested.getAndSet(false)) {
                    ok = pollSafely();
                }
            }
            finally {
                lock.unlock();
            }
            if (!ok) {
                return false;
            }
        }
        return ok;
    }

    private boolean pollSafely() {
        try {
            boolean more;
            do {
                more = pollOnce();
            }
            while (more);
            if (!status.healthy()) {
                log.info("Mailbox {}: polling works again", mailbox.name());
            }
            status.pollSucceeded();
            return true;
        }
        catch (Exception e) {
            String error = describe(e);
            // a broken mailbox polled every few seconds must not flood the log: warn when the error is new
            boolean repeated = error.equals(status.lastError()) && !status.healthy();
            status.pollFailed(error);
            disconnect();
            String what = StoreUnavailableException.isCauseOf(e)
                    ? "not acknowledged, offered again at the next poll"
                    : "poll failed (retrying every " + mailbox.pollDelay().toMillis() + " ms; health shows the error)";
            if (repeated) {
                log.debug("Mailbox {}: {}: {}", mailbox.name(), what, error);
            }
            else {
                log.warn("Mailbox {}: {}: {}", mailbox.name(), what, error);
            }
            return false;
        }
    }

    /** One batch of at most {@code max-messages-per-poll}; true if more messages are waiting. */
    protected abstract boolean pollOnce() throws MessagingException, IOException;

    /** Drops the connection after a failure so the next poll starts clean. */
    protected abstract void disconnect();

    @Override
    public void close() {
        disconnect();
    }

    /**
     * Intake of one fetched message as one of the poll's batch, which walks the steps in phases so that the batch's
     * writes travel together ({@link Intake#submit}); the fault point stands for a crash right after the fetch, before
     * the raw record is stored.
     */
    protected CompletableFuture<ProcessingOutcome> handOff(OrderedBatch<ProcessingOutcome> work, RawMessage raw) {
        return handOff(work, ConversationKeys.of(raw), raw);
    }

    /** {@link #handOff} with the message's {@link ConversationKeys} read already (to find the mail it runs after). */
    protected CompletableFuture<ProcessingOutcome> handOff(OrderedBatch<ProcessingOutcome> work,
            Set<String> conversationKeys, RawMessage raw) {
        return intake.submit(work, conversationKeys, raw, () -> admit(raw), kept -> process(raw, kept));
    }

    /**
     * {@link #handOff} for a message whose conversation has {@code earlier} mail of the same poll still running in an
     * earlier batch: it enters {@code work}'s phases once that mail has finished, with the other messages of
     * {@code work} entering them then (mail of one conversation that arrives in a burst: the replies of a batch become
     * ready together, when their parents' walk ends, and walk together instead of one by one), and fails without
     * running if one of the earlier ones failed (it is offered again with it).
     */
    protected CompletableFuture<ProcessingOutcome> handOffAfter(List<CompletableFuture<ProcessingOutcome>> earlier,
            OrderedBatch<ProcessingOutcome> work, Set<String> conversationKeys, RawMessage raw) {
        return intake.submitAfter(work, earlier, conversationKeys, raw, () -> admit(raw), kept -> process(raw, kept));
    }

    /**
     * Intake of a message whose conversation has earlier mail of the same poll still running (in its own batch or an
     * earlier one): it walks all its steps in one piece once those have finished, and fails without running if one of
     * them failed (it is offered again with it), as a batch does for its own mails. Nothing waits on a worker
     * meanwhile: the message is only handed to a worker (as a batch of its own) when the earlier ones are done.
     */
    protected static CompletableFuture<ProcessingOutcome> handOffAfter(List<CompletableFuture<ProcessingOutcome>> earlier,
            Supplier<OrderedBatch<ProcessingOutcome>> batches, Supplier<ProcessingOutcome> alone) {
        return CompletableFuture.allOf(earlier.toArray(CompletableFuture[]::new))
                .handle((ignored, failure) -> null)
                .thenCompose(ignored -> batches.get().submit(Set.of(), () -> {
                    // all done by now: the first that failed fails this one the same way
                    earlier.forEach(OrderedBatch::result);
                    return alone.get();
                }));
    }

    private void admit(RawMessage raw) {
        faults.reached(FaultPoint.AFTER_FETCH, raw.id());
        admission.check(raw);
    }

    private ProcessingOutcome process(RawMessage raw, ReliableIntake.Kept kept) {
        ProcessingOutcome outcome = intake.process(raw, kept);
        if (outcome == null) {
            throw new IllegalStateException("the intake returned no outcome for " + raw.id());
        }
        return outcome;
    }

    /** Forgets the requests made so far: the poll is about to look at the folder, which covers them. */
    protected void clearRequests() {
        requested.set(false);
    }

    /**
     * Waits until a poll is requested (IDLE announced mail, or the scheduled poll came round), {@code done}
     * completes, or {@code max} has passed.
     */
    protected void awaitRequestOr(CompletableFuture<?> done, Duration max) {
        CompletableFuture<Void> wake = new CompletableFuture<>();
        announced = wake;
        if (requested.get() || done.isDone()) {
            return;
        }
        done.whenComplete((value, failure) -> wake.complete(null));
        try {
            wake.get(max.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException | ExecutionException e) {
            // time to look again anyway
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling mailbox " + mailbox.name() + " (shutting down)", e);
        }
    }

    /** Sleeps this long (nothing when not positive). */
    protected void pause(long nanos) {
        if (nanos > 0) {
            try {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while polling mailbox " + mailbox.name() + " (shutting down)", e);
            }
        }
    }

    /** Records an oversized mail (only its head) as quarantined; the mail itself stays on the server. */
    protected ProcessingOutcome oversized(RawMessage head, long size) {
        return quarantine.oversized(head, "oversized: " + size + " bytes, the limit of mailbox " + mailbox.name()
                + " is " + mailbox.maxMessageBytes() + " (max-message-bytes); only the first " + head.bytes().length
                + " bytes are stored, the mail stays on the server");
    }

    protected void handled(ProcessingOutcome outcome) {
        status.handled(outcome.outcome() == ProcessingOutcome.Outcome.QUARANTINED, Boolean.TRUE.equals(outcome.duplicate()));
    }

    protected String password() {
        return MailboxCredentials.secret(mailbox);
    }

    protected int port() {
        return mailbox.port() == null ? -1 : mailbox.port();
    }

    /** The whole message as the server has it. */
    protected static byte[] readAll(Message message, int sizeHint) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, sizeHint));
        message.writeTo(out);
        return out.toByteArray();
    }

    /** At most {@link #HEAD_BYTES} of the message; the rest is never fetched (partial fetches stop here). */
    protected static byte[] readHead(Message message) throws MessagingException, IOException {
        HeadOutputStream out = new HeadOutputStream();
        try {
            message.writeTo(out);
        }
        catch (IOException e) {
            if (out.bytes.size() < HEAD_BYTES) {
                throw e;
            }
            // the head is complete; the providers may wrap our stop signal, so the size decides
        }
        return out.bytes.toByteArray();
    }

    protected static byte[] readHead(InputStream in) throws IOException {
        try (in) {
            return in.readNBytes(HEAD_BYTES);
        }
    }

    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null && s.length() < 500; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !s.toString().contains(t.getMessage())) {
                s.append(s.isEmpty() ? "" : ": ").append(t.getMessage());
            }
            else if (s.isEmpty()) {
                s.append(t.getClass().getSimpleName());
            }
        }
        return s.toString();
    }

    private static final class HeadOutputStream extends OutputStream {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEAD_BYTES);

        @Override
        public void write(int b) throws IOException {
            write(new byte[] { (byte) b }, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int room = HEAD_BYTES - bytes.size();
            bytes.write(b, off, Math.min(room, len));
            if (len >= room) {
                throw new Full();
            }
        }

        /** Stops the copy once the head is complete. */
        private static final class Full extends IOException {
            Full() {
                super("head complete", null);
            }
        }
    }
}
