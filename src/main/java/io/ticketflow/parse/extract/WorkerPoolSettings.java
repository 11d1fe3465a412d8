package io.ticketflow.parse.extract;

import java.time.Duration;
import java.util.List;

/**
 * The extraction worker pool: how many child JVMs, how long one attachment may take before its worker is killed, and
 * the workers' JVM options (heap cap).
 */
public record WorkerPoolSettings(int workers, Duration timeout, List<String> jvmOptions) {

    public WorkerPoolSettings {
        workers = Math.max(1, workers);
        jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
    }
}
