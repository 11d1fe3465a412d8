package io.ticketflow.source.mail;

import io.ticketflow.intake.IntakeProperties;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IMAP IDLE for one mailbox, on its own thread and connection: when the server announces new mail, the mailbox's
 * poller runs at once (typically well under a second from delivery to ticket), instead of waiting for the next
 * scheduled poll, which stays as the fallback. A NOOP every keep-alive interval ends and re-issues the IDLE (servers
 * drop idle clients after 29 min or less; the read timeout of this connection is the interval plus timeout-ms, so a
 * dead connection is noticed). Servers without IDLE are simply polled.
 */
final class MailboxIdler implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MailboxIdler.class);

    private final MailboxPoller poller;
    private final IntakeProperties.Mailbox mailbox;
    private final Session session;
    private final ScheduledExecutorService keepAlive;
    private final Duration keepAliveEvery;
    private volatile boolean running = true;
    private volatile IMAPStore store;
    private volatile Thread thread;

    MailboxIdler(MailboxPoller poller, ScheduledExecutorService keepAlive, Duration keepAliveEvery) {
        this.poller = poller;
        this.mailbox = poller.mailbox();
        this.session = MailSessions.idle(mailbox, keepAliveEvery);
        this.keepAlive = keepAlive;
        this.keepAliveEvery = keepAliveEvery;
    }

    void start() {
        Thread t = new Thread(this, "mailbox-idle-" + mailbox.name());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void run() {
        long backoff = Math.min(mailbox.pollDelay().toMillis(), 1_000);
        while (running) {
            ScheduledFuture<?> noop = null;
            try {
                IMAPStore connected = (IMAPStore) session.getStore(mailbox.protocol());
                store = connected;
                connected.connect(mailbox.host(), mailbox.port() == null ? -1 : mailbox.port(), mailbox.username(),
                        MailboxCredentials.secret(mailbox));
                if (!connected.hasCapability("IDLE")) {
                    log.info("Mailbox {}: the server does not support IDLE; polling every {} ms", mailbox.name(),
                            mailbox.pollDelay().toMillis());
                    return;
                }
                IMAPFolder folder = (IMAPFolder) connected.getFolder(mailbox.folder());
                folder.open(Folder.READ_ONLY);
                noop = keepAlive.scheduleWithFixedDelay(() -> noop(folder), keepAliveEvery.toMillis(),
                        keepAliveEvery.toMillis(), TimeUnit.MILLISECONDS);
                poller.status().idle(true);
                backoff = Math.min(mailbox.pollDelay().toMillis(), 1_000);
                // catch up with anything that arrived while not idling
                poller.poll();
                while (running && folder.isOpen()) {
                    folder.idle(true);
                    if (running) {
                        poller.poll();
                    }
                }
            }
            catch (MessagingException | RuntimeException e) {
                if (running) {
                    log.debug("Mailbox {}: IDLE connection lost ({}); reconnecting in {} ms", mailbox.name(),
                            MailboxPoller.describe(e), backoff);
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, Math.max(mailbox.pollDelay().toMillis(), 60_000));
                }
            }
            finally {
                poller.status().idle(false);
                if (noop != null) {
                    noop.cancel(false);
                }
                closeStore();
            }
        }
    }

    /** Any command on the folder from another thread ends the IDLE (the provider sends DONE first). */
    private void noop(IMAPFolder folder) {
        try {
            folder.doCommand(protocol -> {
                protocol.simpleCommand("NOOP", null);
                return null;
            });
        }
        catch (MessagingException | RuntimeException e) {
            closeStore();
        }
    }

    private void closeStore() {
        IMAPStore s = store;
        if (s != null) {
            try {
                s.close();
            }
            catch (MessagingException | RuntimeException e) {
                // dropping it anyway
            }
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        closeStore();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
