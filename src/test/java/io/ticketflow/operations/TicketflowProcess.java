package io.ticketflow.operations;

import io.ticketflow.TicketflowApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Ticketflow instance in a JVM of its own (the test's class path), so a test can kill it the hard way (SIGKILL: no
 * shutdown hook, no clean ZooKeeper close). Its output goes to a log file the test reads.
 */
final class TicketflowProcess implements AutoCloseable {

    final String name;
    final Path log;
    private final Process process;

    TicketflowProcess(String name, Path logDir, List<String> args) throws IOException {
        this.name = name;
        this.log = logDir.resolve(name + ".log");
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TicketflowApplication.class.getName());
        command.addAll(args);
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            return "";
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to release anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
