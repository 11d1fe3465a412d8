package io.ticketflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time from the first line of /proc/stat (all cores, in clock ticks) and this (the bench)
 * process's own CPU time: with Ticketflow's and the node's, where a burst's cores go, and how much of them stays idle.
 */
record CpuStat(long total, long idle, long iowait, double benchSeconds) {

    static CpuStat read() {
        long total = 0;
        long idle = 0;
        long iowait = 0;
        try {
            // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is inside user)
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).strip().split("\\s+");
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                total += Long.parseLong(f[i]);
            }
            idle = Long.parseLong(f[4]);
            iowait = Long.parseLong(f[5]);
        }
        catch (IOException | RuntimeException e) {
            // not Linux: the machine's share stays unknown (0 of 0)
        }
        return new CpuStat(total, idle, iowait, benchCpuSeconds());
    }

    CpuStat minus(CpuStat o) {
        return new CpuStat(total - o.total, idle - o.idle, iowait - o.iowait, benchSeconds - o.benchSeconds);
    }

    /** Share of all cores' time that was busy (not idle, not waiting for I/O). */
    double busyShare() {
        return total == 0 ? Double.NaN : 1 - (double) (idle + iowait) / total;
    }

    double iowaitShare() {
        return total == 0 ? Double.NaN : (double) iowait / total;
    }

    private static double benchCpuSeconds() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() / 1e9 : Double.NaN;
    }
}
