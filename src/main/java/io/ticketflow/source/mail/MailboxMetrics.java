package io.ticketflow.source.mail;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.ticketflow.config.cluster.Leadership;
import io.ticketflow.intake.IntakeProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Per configured mailbox (tag {@code mailbox}): {@code ticketflow.mailbox.leader} (1 on the instance that polls it),
 * {@code ticketflow.mailbox.poll.lag} (seconds since its last successful poll, on the polling instance only, NaN
 * elsewhere), {@code ticketflow.mailbox.poll.success.timestamp}, {@code ticketflow.mailbox.poll.failures}
 * (consecutive), {@code ticketflow.mailbox.pending} (waiting in the folder at the last poll) and the counters
 * {@code ticketflow.mailbox.messages} / {@code ticketflow.mailbox.quarantined} of this instance.
 */
@Component
class MailboxMetrics implements MeterBinder {

    private final IntakeProperties intake;
    private final MailboxPollers pollers;
    private final Leadership leadership;

    MailboxMetrics(IntakeProperties intake, MailboxPollers pollers, Leadership leadership) {
        this.intake = intake;
        this.pollers = pollers;
        this.leadership = leadership;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (IntakeProperties.Mailbox mailbox : intake.mailboxes()) {
            String name = mailbox.name();
            if (name == null) {
                continue;
            }
            String namespace = MailboxLeadership.namespace(name);
            Gauge.builder("ticketflow.mailbox.leader", leadership, l -> l.leads(namespace) ? 1 : 0).tag("mailbox", name)
                    .description("1 on the instance that polls the mailbox").register(registry);
            Gauge.builder("ticketflow.mailbox.poll.lag", this, m -> m.lag(name, namespace)).tag("mailbox", name)
                    .baseUnit("seconds").description("time since the last successful poll (polling instance only)")
                    .register(registry);
            gauge(registry, "ticketflow.mailbox.poll.success.timestamp", name, "seconds",
                    "when the last poll succeeded (epoch)", s -> s.lastSuccessfulPoll() == null ? Double.NaN
                            : s.lastSuccessfulPoll().toEpochMilli() / 1000.0);
            gauge(registry, "ticketflow.mailbox.poll.failures", name, null, "polls failed in a row",
                    s -> s.healthy() ? 0 : ((Number) s.details().get("consecutiveFailures")).doubleValue());
            gauge(registry, "ticketflow.mailbox.pending", name, null, "messages waiting in the folder at the last poll",
                    s -> s.details().get("pending") instanceof Number n ? n.doubleValue() : Double.NaN);
            FunctionCounter.builder("ticketflow.mailbox.messages", this, m -> m.field(name, MailboxStatus::processed))
                    .tag("mailbox", name).description("messages of the mailbox handled by this instance").register(registry);
            FunctionCounter.builder("ticketflow.mailbox.quarantined", this, m -> m.field(name, MailboxStatus::quarantined))
                    .tag("mailbox", name).description("messages of the mailbox quarantined by this instance").register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String metric, String mailbox, String unit, String description,
            ToDoubleFunction<MailboxStatus> field) {
        Gauge.builder(metric, this, m -> m.field(mailbox, field)).tag("mailbox", mailbox).baseUnit(unit)
                .description(description).register(registry);
    }

    private double field(String mailbox, ToDoubleFunction<MailboxStatus> field) {
        MailboxStatus status = pollers.status(mailbox);
        return status == null ? Double.NaN : field.applyAsDouble(status);
    }

    private double lag(String mailbox, String namespace) {
        MailboxStatus status = pollers.status(mailbox);
        if (status == null || !leadership.leads(namespace)) {
            return Double.NaN;
        }
        // from the later of: the last successful poll, becoming leader (a new leader has not polled yet)
        Instant since = leadership.leadingSince(namespace);
        if (status.lastSuccessfulPoll() != null && (since == null || status.lastSuccessfulPoll().isAfter(since))) {
            since = status.lastSuccessfulPoll();
        }
        return since == null ? Double.NaN : Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
