package io.ticketflow.classify;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The wall time and this thread's CPU time of every call of an action over a list of inputs, as `eval` and
 * `bench/run classify` report classification cost per mail. On a busy machine the wall time includes waiting for a
 * core; the CPU time is what one call costs.
 */
public final class CallCost {

    private final long[] cpu;
    private final long[] wall;

    private CallCost(long[] cpu, long[] wall) {
        this.cpu = cpu;
        this.wall = wall;
    }

    /** Runs the action over the inputs {@code warmups} times unmeasured (JIT, first use), then {@code repeat} times. */
    public static <T> CallCost of(List<T> inputs, int warmups, int repeat, Consumer<T> action) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmups; i++) {
            inputs.forEach(action);
        }
        long[] cpu = new long[inputs.size() * repeat];
        long[] wall = new long[cpu.length];
        int n = 0;
        for (int r = 0; r < repeat; r++) {
            for (T input : inputs) {
                long c = threads.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                action.accept(input);
                wall[n] = System.nanoTime() - s;
                cpu[n++] = threads.getCurrentThreadCpuTime() - c;
            }
        }
        return new CallCost(cpu, wall);
    }

    public int calls() {
        return cpu.length;
    }

    /** Mean and percentiles of the CPU time per call. */
    public String cpu() {
        return stats(cpu);
    }

    /** Mean and percentiles of the wall time per call. */
    public String wall() {
        return stats(wall);
    }

    /** Mean and percentiles of nanosecond timings, in milliseconds. */
    public static String stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "mean=%.3f ms p50=%.3f ms p90=%.3f ms p99=%.3f ms",
                Arrays.stream(s).average().orElse(0) / 1e6, s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6,
                s[(int) (s.length * 0.99)] / 1e6);
    }
}
