package io.ticketflow.source.file;

import io.ticketflow.intake.Intake;
import io.ticketflow.intake.IntakeWorkers;
import io.ticketflow.intake.OrderedBatch;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.springframework.stereotype.Component;

/**
 * {@code process: {ref: orderedIntake}} in an admin route (the drop folder): the messages one poll of the route's
 * consumer delivers (a batch of files) run as one ordered batch on the intake workers, like a mailbox poll: one
 * conversation in arrival order, all others side by side, so their writes travel together. Each exchange completes
 * when its outcome is stored, so the route acknowledges its source (moves the file) only then and only for that
 * message; a failure (store down) fails the exchange, and its file stays for the next poll together with the later
 * files of its conversation. The poll's last exchange waits for the whole batch, so the next poll's files start after
 * this poll's and the batch bounds what is in memory.
 * <p>
 * A route whose consumer does not deliver batches gets one message per batch (the same as {@code direct:intake}).
 */
@Component("orderedIntake")
public class OrderedIntake extends AsyncProcessorSupport {

    private final Intake intake;
    private final IntakeWorkers workers;
    /** The open batch of each route's current poll; a consumer polls from one thread, so a batch has one submitter. */
    private final Map<String, OrderedBatch<ProcessingOutcome>> polls = new ConcurrentHashMap<>();

    public OrderedIntake(Intake intake, IntakeWorkers workers) {
        this.intake = intake;
        this.workers = workers;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<ProcessingOutcome> outcome;
        try {
            RawMessage raw = exchange.getMessage().getMandatoryBody(RawMessage.class);
            Integer index = exchange.getProperty(Exchange.BATCH_INDEX, Integer.class);
            boolean last = index == null || exchange.getProperty(Exchange.BATCH_COMPLETE, true, Boolean.class);
            OrderedBatch<ProcessingOutcome> batch = index == null ? workers.batch() : pollOf(exchange, index);
            outcome = intake.submit(batch, raw, () -> { }, kept -> intake.process(raw, kept));
            outcome.whenComplete((result, failure) -> {
                if (failure != null) {
                    exchange.setException(failure instanceof CompletionException c && c.getCause() != null
                            ? c.getCause() : failure);
                }
                else {
                    exchange.getMessage().setBody(result);
                }
                callback.done(false);
            });
            if (last) {
                batch.awaitAll();
                if (index != null) {
                    polls.remove(routeOf(exchange), batch);
                }
            }
        }
        catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        return false;
    }

    /** The batch of the exchange's poll: a new one at the poll's first message (after the last poll's finished). */
    private OrderedBatch<ProcessingOutcome> pollOf(Exchange exchange, int index) {
        String route = routeOf(exchange);
        OrderedBatch<ProcessingOutcome> open = polls.get(route);
        if (open != null && index > 0) {
            return open;
        }
        if (open != null) {
            // the previous poll's last message never came here (its file lock failed): let its batch finish first
            open.awaitAll();
        }
        OrderedBatch<ProcessingOutcome> fresh = workers.batch();
        polls.put(route, fresh);
        return fresh;
    }

    private static String routeOf(Exchange exchange) {
        return String.valueOf(exchange.getFromRouteId());
    }
}
