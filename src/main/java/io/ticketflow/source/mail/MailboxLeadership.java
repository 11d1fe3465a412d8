package io.ticketflow.source.mail;

import io.ticketflow.config.cluster.Leadership;
import io.ticketflow.intake.IntakeProperties;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One active poller per mailbox over all instances: each mailbox is a leadership namespace of its own
 * ({@code ticketflow-mailbox-<name>}), its route a {@code master:} route, so every instance stands ready and one polls.
 * <ul>
 * <li>The poller asks before each hand-over whether this instance still leads: a lost ZooKeeper connection stops it
 * after the message in hand, before the session expires and another instance may start; what it had not acknowledged
 * stays on the server for the next leader (a message handled twice is recognised by its raw id).</li>
 * <li>The IDLE connection runs only on the leader.</li>
 * <li>Spread: an instance that leads more mailboxes than its share (mailboxes / instances, rounded up) hands one over
 * every {@code ticketflow.cluster.rebalance-ms}, so the mailboxes do not all end on the instance that started first.</li>
 * </ul>
 */
@Component
public class MailboxLeadership {

    private final Leadership leadership;
    private final MailboxPollers pollers;
    private final Map<String, Supplier<MailboxIdler>> idlerFactories = new ConcurrentHashMap<>();
    private final Map<String, MailboxIdler> idlers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService rebalance;

    public MailboxLeadership(Leadership leadership, MailboxPollers pollers,
            @Value("${ticketflow.cluster.rebalance-ms:10000}") long rebalanceMs) {
        this.leadership = leadership;
        this.pollers = pollers;
        leadership.onChange(this::changed);
        rebalance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mailbox-rebalance");
            t.setDaemon(true);
            return t;
        });
        rebalance.scheduleWithFixedDelay(this::spread, rebalanceMs, rebalanceMs, TimeUnit.MILLISECONDS);
    }

    /** The leadership namespace of a mailbox; its route is {@code master:<namespace>:scheduler:...}. */
    public static String namespace(String mailbox) {
        return "ticketflow-mailbox-" + mailbox;
    }

    /** Whether this instance polls the mailbox now. */
    boolean leads(String mailbox) {
        return leadership.leads(namespace(mailbox));
    }

    /** The mailbox's poller, handing messages over only while this instance leads the mailbox. */
    MailboxPoller poller(IntakeProperties.Mailbox mailbox) {
        String namespace = namespace(mailbox.name());
        leadership.watch(namespace);
        return pollers.create(mailbox, raw -> {
            if (!leadership.leads(namespace)) {
                throw new NotLeaderException(mailbox.name());
            }
        });
    }

    /** The poll the mailbox's route runs: only while this instance leads the mailbox. */
    LeaderOnly leaderOnly(String mailbox, MailboxPoller poller) {
        return new LeaderOnly(this, mailbox, poller);
    }

    /** A mailbox's poll that does nothing on an instance that does not lead the mailbox. */
    public static final class LeaderOnly {
        private final MailboxLeadership leadership;
        private final String mailbox;
        private final MailboxPoller poller;

        LeaderOnly(MailboxLeadership leadership, String mailbox, MailboxPoller poller) {
            this.leadership = leadership;
            this.mailbox = mailbox;
            this.poller = poller;
        }

        public boolean poll() {
            return !leadership.leads(mailbox) || poller.poll();
        }
    }

    /** Runs an IDLE connection for the mailbox while (and only while) this instance leads it. */
    void idleWhileLeading(String mailbox, Supplier<MailboxIdler> factory) {
        idlerFactories.put(namespace(mailbox), factory);
        changed(namespace(mailbox), leadership.leads(namespace(mailbox)));
    }

    private synchronized void changed(String namespace, boolean leads) {
        Supplier<MailboxIdler> factory = idlerFactories.get(namespace);
        if (factory == null) {
            return;
        }
        MailboxIdler running = idlers.get(namespace);
        if (leads && running == null) {
            MailboxIdler idler = factory.get();
            idlers.put(namespace, idler);
            idler.start();
        }
        else if (!leads && running != null) {
            idlers.remove(namespace).close();
        }
    }

    /** Hands over one mailbox when this instance leads more than its share. */
    void spread() {
        // asked now, not from the last watchdog check: a mailbox just handed over must not count twice
        List<String> all = leadership.leaderships().keySet().stream().filter(n -> n.startsWith("ticketflow-mailbox-"))
                .sorted().toList();
        List<String> mine = all.stream().filter(leadership::leads).toList();
        long mailboxes = all.size();
        int members = leadership.members().size();
        long share = (mailboxes + members - 1) / Math.max(1, members);
        if (mine.size() > share) {
            leadership.relinquish(mine.get(mine.size() - 1));
        }
    }

    @PreDestroy
    void stop() {
        rebalance.shutdownNow();
        idlers.values().forEach(MailboxIdler::close);
        idlers.clear();
    }

    /** The poller of a mailbox this instance no longer leads: the poll stops, the message stays on the server. */
    static final class NotLeaderException extends IllegalStateException {
        NotLeaderException(String mailbox) {
            super("this instance no longer leads mailbox " + mailbox + " (cluster leadership lost or handed over); "
                    + "the message stays on the server for the instance that leads it now");
        }
    }
}
