package io.ticketflow.followup;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.config.cluster.ClusterConfiguration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's leader election as configured in {@link FollowupRoutes}: two instances (Camel contexts) share the
 * lock directory, only one runs the timer, and when it stops the other takes over.
 */
class FollowupLeaderTest {

    @TempDir
    Path lockDir;

    @Test
    void onlyTheLeaderRunsAndAnotherInstanceTakesOverWhenItStops() throws Exception {
        AtomicInteger firstTicks = new AtomicInteger();
        AtomicInteger secondTicks = new AtomicInteger();
        CamelContext first = instance(firstTicks);
        CamelContext second = instance(secondTicks);
        try {
            first.start();
            second.start();
            await(() -> firstTicks.get() + secondTicks.get() > 3);
            boolean firstLeads = firstTicks.get() > 0;
            AtomicInteger leader = firstLeads ? firstTicks : secondTicks;
            AtomicInteger follower = firstLeads ? secondTicks : firstTicks;
            Thread.sleep(1_000);
            assertThat(follower.get()).as("the follower never runs while the leader lives").isZero();
            assertThat(leader.get()).isGreaterThan(3);

            (firstLeads ? first : second).stop();
            await(() -> follower.get() > 3);
        }
        finally {
            first.stop();
            second.stop();
        }
    }

    private CamelContext instance(AtomicInteger ticks) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.addService(ClusterConfiguration.fileLock(lockDir.toString(), "node-" + ticks.hashCode()));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:" + FollowupRoutes.NAMESPACE + ":scheduler:tick?delay=100&initialDelay=0")
                        .process(e -> ticks.incrementAndGet());
            }
        });
        return context;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(40));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(100);
        }
    }
}
