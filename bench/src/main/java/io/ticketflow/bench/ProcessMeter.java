package io.ticketflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and memory of another process, read from {@code /proc} (Linux): utime+stime of /proc/PID/stat (all
 * threads, in clock ticks) and VmHWM/VmRSS of /proc/PID/status.
 */
final class ProcessMeter {

    private static final double TICKS_PER_SECOND = ticksPerSecond();

    private final long pid;
    private final String name;

    ProcessMeter(String name, long pid) {
        this.name = name;
        this.pid = pid;
    }

    long pid() {
        return pid;
    }

    String name() {
        return name;
    }

    /** User plus system CPU seconds the process has used so far. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may contain spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        }
        catch (IOException e) {
            throw new IllegalStateException(name + " (pid " + pid + ") is gone", e);
        }
    }

    /** System (kernel) CPU seconds alone: fsyncs, socket and file I/O on the process's behalf. */
    double systemCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[12]) / TICKS_PER_SECOND;
        }
        catch (IOException e) {
            throw new IllegalStateException(name + " (pid " + pid + ") is gone", e);
        }
    }

    /**
     * CPU seconds (user plus system) per thread name with digits taken out, summed over the live threads: the JVM's
     * GC and JIT compiler threads against its Java threads (Linux keeps the first 15 characters of a name). Threads
     * that ended are missing, so compare two readings only for long-lived threads.
     */
    java.util.Map<String, Double> cpuSecondsByThreadName() {
        java.util.Map<String, Double> r = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    r.merge(comm, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND, Double::sum);
                }
                catch (IOException ended) {
                    // the thread ended between the listing and the read
                }
            }
        }
        catch (IOException e) {
            throw new IllegalStateException(name + " (pid " + pid + ") is gone", e);
        }
        return r;
    }

    /** Peak resident set size in MiB (VmHWM). */
    double peakRssMib() {
        return statusKib("VmHWM:") / 1024.0;
    }

    double rssMib() {
        return statusKib("VmRSS:") / 1024.0;
    }

    private long statusKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
            return -1;
        }
        catch (IOException e) {
            return -1;
        }
    }

    private static double ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return Double.parseDouble(out);
        }
        catch (Exception e) {
            return 100; // the Linux default
        }
    }
}
