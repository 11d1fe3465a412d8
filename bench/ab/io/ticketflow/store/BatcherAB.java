package io.ticketflow.store;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scratch (round 12 wire): the batcher's gathering thread in the shape of the intake's walk, old (a timed poll every
 * 100 us while a batch is held) against new (parked until woken). Members of a window compute a little, send, wait
 * for the answer (a sender that answers after a fixed delay, like Elasticsearch), a few times per step. Settings as
 * shipped: company-wait 1 ms, step-wait 5 ms, step-hold 15 ms, two batches in flight. Prints the gathering thread's
 * CPU and the process CPU per request, runs alternating old/new, second half counted.
 */
public class BatcherAB {

    interface Lane {
        CompletableFuture<String> submit(Integer request, RequestWindow window);
        void close();
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args.length > 0 ? args[0] : "10");
        int members = 8, steps = 150, perStep = 2;
        long answerMicros = 1500;
        ScheduledExecutorService es = Executors.newScheduledThreadPool(2);
        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] gatherer = new double[2], process = new double[2];
        long[] requests = new long[2];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 2; k++) {
                boolean old = (k == 0) == (r % 2 == 0);
                String name = (old ? "ab-old-" : "ab-new-") + r;
                MicroBatcher.Sender<Integer, String> sender = batch -> {
                    CompletableFuture<List<String>> answer = new CompletableFuture<>();
                    es.schedule(() -> answer.complete(batch.stream().map(i -> "a" + i).toList()), answerMicros,
                            TimeUnit.MICROSECONDS);
                    return answer;
                };
                Duration company = Duration.ofMillis(1), stepWait = Duration.ofMillis(5), hold = Duration.ofMillis(15);
                Lane lane;
                if (old) {
                    var b = new MicroBatcherOld<Integer, String>(name, 500, 8 << 20, 2, Duration.ZERO, company, stepWait,
                            hold, i -> 100, (MicroBatcherOld.Sender<Integer, String>) sender::send);
                    lane = new Lane() {
                        public CompletableFuture<String> submit(Integer q, RequestWindow w) { return b.submit(q, w); }
                        public void close() { b.close(); }
                    };
                }
                else {
                    var b = new MicroBatcher<Integer, String>(name, 500, 8 << 20, 2, Duration.ZERO, company, stepWait,
                            hold, i -> 100, sender);
                    lane = new Lane() {
                        public CompletableFuture<String> submit(Integer q, RequestWindow w) { return b.submit(q, w); }
                        public void close() { b.close(); }
                    };
                }
                Thread gathering = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name))
                        .findFirst().orElseThrow();
                long g0 = threads.getThreadCpuTime(gathering.getId()), p0 = os.getProcessCpuTime();
                long n = 0;
                for (int s = 0; s < steps; s++) {
                    RequestWindow window = new RequestWindow("step");
                    List<Thread> walkers = new ArrayList<>();
                    for (int m = 0; m < members; m++) {
                        window.add();
                    }
                    for (int m = 0; m < members; m++) {
                        int member = m;
                        Thread t = new Thread(() -> {
                            window.join();
                            try {
                                for (int q = 0; q < perStep; q++) {
                                    spin(100 + 37 * member % 150);
                                    MicroBatcher.await(lane.submit(member, window));
                                }
                            }
                            catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                            finally {
                                window.done();
                                RequestWindow.clear();
                            }
                        });
                        walkers.add(t);
                        t.start();
                    }
                    for (Thread t : walkers) {
                        t.join();
                    }
                    n += members * perStep;
                }
                long g1 = threads.getThreadCpuTime(gathering.getId()), p1 = os.getProcessCpuTime();
                lane.close();
                if (r >= rounds / 2) {
                    int i = old ? 0 : 1;
                    gatherer[i] += g1 - g0;
                    process[i] += p1 - p0;
                    requests[i] += n;
                }
            }
        }
        es.shutdownNow();
        System.out.printf("%d members x %d requests per step, answers after %d us; second half of %d rounds, interleaved%n",
                members, perStep, answerMicros, rounds);
        System.out.printf("gathering thread CPU per request: old %.2f us, new %.2f us%n", gatherer[0] / 1e3 / requests[0],
                gatherer[1] / 1e3 / requests[1]);
        System.out.printf("process CPU per request (incl. the members' fixed compute): old %.2f us, new %.2f us%n",
                process[0] / 1e3 / requests[0], process[1] / 1e3 / requests[1]);
    }

    private static void spin(long micros) {
        long end = System.nanoTime() + micros * 1000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
