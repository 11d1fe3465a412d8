package io.ticketflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured on: they mean little without it. */
record Machine(String date, int cpus, String cpuModel, long memoryMib, String loadAverage, String java, String kernel,
        String commit) {

    static Machine describe() {
        return new Machine(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryMib(), currentLoadAverage(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                read("/proc/sys/kernel/osrelease").strip(), gitCommit());
    }

    static String currentLoadAverage() {
        String[] f = read("/proc/loadavg").split(" ");
        return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "?";
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", date);
        m.put("cpus", cpus);
        m.put("cpuModel", cpuModel);
        m.put("memoryMib", memoryMib);
        m.put("loadAverageAtStart", loadAverage);
        m.put("java", java);
        m.put("kernel", kernel);
        m.put("commit", commit);
        return m;
    }

    private static String readCpuModel() {
        return read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
    }

    private static long readMemoryMib() {
        return read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).orElse(-1L);
    }

    private static String gitCommit() {
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? out : "?";
        }
        catch (IOException e) {
            return "?";
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        }
        catch (IOException e) {
            return "";
        }
    }
}
