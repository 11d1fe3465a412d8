package io.ticketflow.respond;

import io.ticketflow.followup.FollowupSweep;
import io.ticketflow.lifecycle.TicketLifecycle;
import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.store.AutoReplyLedger;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.EventsProperties;
import io.ticketflow.store.FollowupQueries;
import io.ticketflow.store.MessageIdIndex;
import io.ticketflow.store.MessageStore;
import io.ticketflow.store.OutboxStore;
import io.ticketflow.store.TestStores;
import io.ticketflow.store.TicketStore;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.thread.SubjectTag;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.TicketflowIdentity;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The responding and follow-up beans wired by hand on real parts (the shared Elasticsearch node under an index prefix
 * of its own, GreenMail behind a relay that can be switched off) with a clock the test moves. The same classes as in
 * the service, without Spring, so a test can run two "instances" side by side or "restart" one.
 */
final class RespondFixture implements AutoCloseable {

    static final String[] LOADER_PATH = { "file:config/templates/", "classpath:/templates/" };

    final TicketflowIdentity identity = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Ticketflow Support", "ticketflow.local", "TF", "ticketflow", "test-secret");
    final MutableClock clock;
    final TestStores stores;
    final TicketStore tickets;
    final MessageStore messages;
    final MessageIdIndex messageIds;
    final OutboxStore outboxStore;
    final EventLog events;
    final SwitchableSmtp smtp;
    final SmtpSender sender;
    final OutboxSender outboxSender;
    final OutboxDispatcher dispatcher;
    final Outbox outbox;
    final SubjectTag subjectTag = new SubjectTag(identity);
    final BounceAddress bounces = new BounceAddress(identity);
    final LoopGuard loopGuard;
    final SlaPolicies slas;
    final MailModels models;
    final TemplateRenderer templates;
    final MailComposer composer;
    final TicketMailer mailer;
    final TicketLifecycle lifecycle;
    final FollowupQueries queries;
    final FollowupSweep sweep;
    final Acknowledgements acknowledgements;
    final io.ticketflow.thread.ThreadTokens tokens;
    private final List<OutboxDispatcher> dispatchers = new CopyOnWriteArrayList<>();

    RespondFixture(Instant start, LoopProtectionProperties limits) throws IOException {
        this.clock = new MutableClock(start);
        this.stores = new TestStores("rf-" + UUID.randomUUID().toString().substring(0, 8));
        this.tickets = new TicketStore(stores.client, stores.indices);
        this.messages = new MessageStore(stores.client, stores.indices);
        this.messageIds = new MessageIdIndex(stores.client, stores.indices);
        this.outboxStore = new OutboxStore(stores.client, stores.indices);
        this.events = new EventLog(stores.client, stores.indices, EventsProperties.defaults());
        this.smtp = new SwitchableSmtp(TestMailServer.smtpPort());
        smtp.up();
        this.sender = new SmtpSender(new SmtpProperties("127.0.0.1", smtp.port(), null, null, false, Duration.ofSeconds(15)), identity);
        this.outboxSender = anotherSender();
        this.dispatcher = dispatcher(OutboxProperties.defaults());
        this.tokens = new io.ticketflow.thread.ThreadTokens(identity, () -> "fixture-secret");
        this.outbox = new Outbox(outboxStore, messageIds, dispatcher, OutboxProperties.defaults(), clock, bounces,
                tokens);
        this.loopGuard = new LoopGuard(new AutoReplyLedger(stores.client, stores.indices), limits, identity, subjectTag,
                clock, events);
        this.slas = new SlaPolicies(new SlaPolicies.Properties("config/sla.yml"));
        this.models = new MailModels(slas, subjectTag, identity);
        this.templates = renderer(models, LOADER_PATH);
        this.composer = new MailComposer(subjectTag, tokens);
        this.mailer = new TicketMailer(templates, models, composer, outbox, loopGuard, messages);
        this.lifecycle = new TicketLifecycle(tickets, slas, events, clock);
        this.queries = new FollowupQueries(stores.client, stores.indices);
        this.sweep = new FollowupSweep(queries, tickets, slas, mailer, lifecycle, events, clock);
        this.acknowledgements = new Acknowledgements(templates, outbox, composer, models, loopGuard, identity, null);
    }

    /** A second "instance"'s sender on the same store and mail server (same clock). */
    OutboxSender anotherSender() {
        return new OutboxSender(outboxStore, sender, events, clock);
    }

    /** A started dispatcher of its own (stopped with the fixture) with the given queue and sender settings. */
    OutboxDispatcher dispatcher(OutboxProperties properties) {
        OutboxSender own = new OutboxSender(outboxStore, sender, events, clock,
                new io.ticketflow.respond.channel.ChannelSenders(List.of()), properties, null);
        OutboxDispatcher d = new OutboxDispatcher(own, properties);
        d.start();
        dispatchers.add(d);
        return d;
    }

    /** Waits until every mail handed to a dispatcher has been sent (or refused by SMTP). */
    void awaitSent() {
        for (OutboxDispatcher d : dispatchers) {
            if (!d.awaitIdle(Duration.ofSeconds(30))) {
                throw new AssertionError("outbox senders still busy after 30 s");
            }
        }
    }

    FollowupSweep anotherSweep() {
        Outbox other = new Outbox(outboxStore, messageIds, dispatcher(OutboxProperties.defaults()),
                OutboxProperties.defaults(), clock);
        TicketMailer otherMailer = new TicketMailer(templates, models, composer, other, loopGuard, messages);
        return new FollowupSweep(queries, tickets, slas, otherMailer, new TicketLifecycle(tickets, slas, events, clock),
                events, clock);
    }

    /** One follow-up sweep at that moment of the test clock, with what it queued sent. */
    void sweepAt(Instant at) {
        clock.set(at);
        stores.refresh();
        sweep.run();
        awaitSent();
        sendWhatWaitsForARetry();
    }

    /**
     * The senders are idle, but a mail whose send failed (an SMTP time-out while the machine stalled) waits for the
     * retry timer, whose time the test clock never reaches, and the next sweep's mail would overtake it. Send it now,
     * as the timer would, so each sweep's mail is out before the next sweep: the order of mail does not depend on
     * how fast the machine is.
     */
    private void sendWhatWaitsForARetry() {
        OutboxSender timer = new OutboxSender(outboxStore, sender, events, java.time.Clock.offset(clock,
                Duration.ofHours(1)));
        for (int round = 0; round < 5; round++) {
            stores.refresh();
            if (timer.dispatchDue() == 0) {
                return;
            }
        }
    }

    /** Two scheduler instances at once (as if the leader lock had failed): each step must still happen once. */
    void twoSweepsAt(Instant at) throws Exception {
        clock.set(at);
        stores.refresh();
        FollowupSweep other = anotherSweep();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (var result : pool.invokeAll(List.<Callable<FollowupSweep.Report>>of(sweep::run, other::run))) {
                result.get();
            }
        }
        finally {
            pool.shutdown();
        }
        awaitSent();
        sendWhatWaitsForARetry();
    }

    /** The ticket as stored now. */
    Ticket ticket(Ticket t) {
        return tickets.find(t.number()).value();
    }

    static TemplateRenderer renderer(MailModels models, String... loaderPath) {
        try {
            return TemplateRenderer.withoutSpring(models, loaderPath);
        }
        catch (IOException | freemarker.template.TemplateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored new ticket of a customer, created "now" by the test clock, with due times. */
    Ticket newTicket(String customer, String subject, String queue, String priority) {
        String number = tickets.allocateNumber();
        Ticket t = Ticket.open(number, "imap", customer, "Customer " + customer, subject, clock.instant());
        t = t.withTriage(new Ticket.Triage(queue, null, priority, null, null, null, null, null, null));
        return tickets.createIfAbsent(lifecycle.opened(t));
    }

    static List<MimeMessage> mailsTo(String address) {
        return TestMailServer.mailsTo(address);
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Override
    public void close() throws IOException {
        dispatchers.forEach(OutboxDispatcher::stop);
        events.close();
        smtp.close();
        stores.close();
    }
}
