package io.ticketflow.intake;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * The threads that process polled mail ({@code ticketflow.intake.workers}), shared by every mailbox. A message spends
 * most of its time waiting for Elasticsearch; while several wait, their requests travel together (one bulk, one
 * fsync), which is where the throughput comes from. The batch of one poll bounds what is in memory.
 */
@Component
public class IntakeWorkers implements DisposableBean {

    private final ExecutorService pool;
    /** The deciding phase of a batch (parse, screen, classify, route: CPU work), one thread per core. */
    private final ExecutorService deciding;
    private final int decidingThreads;
    private final int size;
    private final int batchesInFlight;

    public IntakeWorkers(IntakeProperties intake) {
        this.size = intake.workers();
        this.batchesInFlight = intake.batchesInFlight();
        this.pool = Executors.newFixedThreadPool(size, threads("intake-worker-"));
        this.decidingThreads = Runtime.getRuntime().availableProcessors();
        this.deciding = Executors.newFixedThreadPool(decidingThreads, threads("intake-decide-"));
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Mails waiting for a worker and workers busy, under /actuator/metrics (ticketflow.intake.*). */
    @Bean
    static MeterBinder intakeWorkerMetrics(IntakeWorkers workers) {
        return registry -> {
            if (workers.pool instanceof ThreadPoolExecutor executor) {
                Gauge.builder("ticketflow.intake.waiting", executor, e -> e.getQueue().size())
                        .description("polled mails waiting for an intake worker").register(registry);
                Gauge.builder("ticketflow.intake.busy", executor, ThreadPoolExecutor::getActiveCount)
                        .description("intake workers processing a mail").register(registry);
            }
        };
    }

    /**
     * A batch for one poll: its messages run on these workers, each conversation in arrival order; submitted in
     * phases ({@link Intake#submit}), its decided messages write together, at most as many at once as there are
     * workers.
     */
    public <T> OrderedBatch<T> batch() {
        return new OrderedBatch<>(pool, deciding, decidingThreads, size);
    }

    public int size() {
        return size;
    }

    /** Full batches a poll with a backlog has in the intake at once ({@code ticketflow.intake.batches-in-flight}). */
    public int batchesInFlight() {
        return batchesInFlight;
    }

    /** Lets the mails already handed over finish (they are a poll's batch at most), then stops. */
    @Override
    public void destroy() throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            // what is left is not acknowledged on the server and comes again after the restart
            pool.shutdownNow();
        }
        deciding.shutdownNow();
    }
}
