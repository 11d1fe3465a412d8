package io.ticketflow.source.mail;

import io.ticketflow.intake.IntakeProperties;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailHeaderFilterStrategy;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

/**
 * One route per configured mailbox ({@code mailbox-<name>}), each an instance of the route template
 * {@code mailbox}: a scheduler of its own (own thread, so a hanging or broken mailbox never delays another) that runs
 * the mailbox's {@link MailboxPoller}, given to the instance as its local bean {@code poller}; for IMAP with IDLE,
 * also an IDLE thread that runs the same poller as soon as the server announces mail. With several instances, each
 * mailbox's route is a {@code master:} route: one instance polls it ({@link MailboxLeadership}).
 * <p>
 * Why not the camel-mail consumer: it selects mail by {@code SEARCH UNSEEN} (mail a person opened in webmail is never
 * imported), keys idempotency on the sender-written Message-ID (anyone can pre-send a mail with the Message-ID of one
 * they expect and have the real one dropped as a duplicate), and marks the mail in its on-completion hook even when a
 * dead-letter handler swallowed the failure (a mail that was never stored would look handled). The poller keeps progress as a UID
 * checkpoint and acknowledges only after the outcome is durable.
 */
@Component
public class MailboxRoutes extends RouteBuilder {

    /** The route template each enabled mailbox is an instance of. */
    static final String TEMPLATE = "mailbox";

    private final IntakeProperties intake;
    private final MailboxLeadership leadership;
    private final ConfigurableEnvironment environment;
    private final List<AutoCloseable> running = new ArrayList<>();
    private ScheduledExecutorService keepAlive;

    public MailboxRoutes(IntakeProperties intake, MailboxLeadership leadership, ConfigurableEnvironment environment) {
        this.intake = intake;
        this.leadership = leadership;
        this.environment = environment;
    }

    @Override
    public void configure() {
        MailboxCredentials.refuseLiteralPasswords(environment);
        List<IntakeProperties.Mailbox> mailboxes = intake.mailboxes();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < mailboxes.size(); i++) {
            IntakeProperties.Mailbox mailbox = mailboxes.get(i);
            mailbox.validate(i);
            if (!names.add(mailbox.name())) {
                throw new IllegalArgumentException(mailbox.label(i) + ": name is used by another mailbox");
            }
        }
        if (!intake.pollingEnabled()) {
            return;
        }
        // a scheduler of its own per mailbox: a hanging or broken mailbox never delays another
        routeTemplate(TEMPLATE)
                .templateParameter("name", null, "the mailbox's name, as in its settings")
                .templateParameter("delay", null, "milliseconds between two polls")
                .templateParameter("initialDelay", null, "milliseconds before the first poll")
                // one instance polls: the mailbox is a leadership namespace of its own (MailboxLeadership)
                .from("master:" + MailboxLeadership.namespace("{{name}}")
                        + ":scheduler:mailbox-{{name}}?delay={{delay}}&initialDelay={{initialDelay}}")
                .bean("{{poller}}", "poll");
        List<Runnable> idlers = new ArrayList<>();
        for (int i = 0; i < mailboxes.size(); i++) {
            IntakeProperties.Mailbox mailbox = mailboxes.get(i);
            if (!mailbox.enabled()) {
                continue;
            }
            try {
                MailboxCredentials.password(mailbox);
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(mailbox.label(i) + ": " + e.getMessage(), e);
            }
            MailboxPoller poller = leadership.poller(mailbox);
            running.add(poller);
            templatedRoute(TEMPLATE).routeId("mailbox-" + mailbox.name())
                    .parameter("name", mailbox.name())
                    .parameter("delay", Long.toString(mailbox.pollDelay().toMillis()))
                    .parameter("initialDelay", Long.toString(Math.min(1_000, mailbox.pollDelay().toMillis())))
                    // Camel's master route may keep running a while after a lost ZooKeeper connection: ask first
                    .bean("poller", leadership.leaderOnly(mailbox.name(), poller));
            if (mailbox.isImap() && mailbox.idle()) {
                if (keepAlive == null) {
                    keepAlive = Executors.newScheduledThreadPool(1, r -> {
                        Thread t = new Thread(r, "mailbox-idle-keep-alive");
                        t.setDaemon(true);
                        return t;
                    });
                }
                ScheduledExecutorService timer = keepAlive;
                idlers.add(() -> leadership.idleWhileLeading(mailbox.name(),
                        () -> new MailboxIdler(poller, timer, intake.idleKeepAlive())));
            }
        }
        if (!idlers.isEmpty()) {
            addIdlers(idlers);
        }
    }

    private void addIdlers(List<Runnable> idlers) {
        try {
            getContext().addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(org.apache.camel.CamelContext context, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(org.apache.camel.CamelContext context, boolean alreadyStarted) {
                    idlers.forEach(Runnable::run);
                }
            });
        }
        catch (Exception e) {
            throw new IllegalStateException("cannot register the IDLE threads", e);
        }
    }

    @PreDestroy
    void stop() {
        for (AutoCloseable c : running) {
            try {
                c.close();
            }
            catch (Exception e) {
                // shutting down
            }
        }
        if (keepAlive != null) {
            keepAlive.shutdownNow();
        }
    }

    /**
     * Stops inbound mail headers from setting Camel control headers (CVE-2026-33454 in camel-mail 4.18.0). Ticketflow's
     * own mailboxes no longer use camel-mail; admin-written camel-mail routes in {@code routes/} must use
     * {@code headerFilterStrategy=#safeMailHeaders}.
     */
    @Bean("safeMailHeaders")
    static MailHeaderFilterStrategy safeMailHeaders() {
        MailHeaderFilterStrategy strategy = new MailHeaderFilterStrategy();
        strategy.setInFilterStartsWith(DefaultHeaderFilterStrategy.CAMEL_FILTER_STARTS_WITH);
        return strategy;
    }
}
