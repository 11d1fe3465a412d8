package io.ticketflow.parse;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

/** Scratch: interleaved A/B of the reply split with and without the literal prefilter, thread CPU per text. */
public class ReplyAB {
    public static void main(String[] args) throws Exception {
        List<String> texts = new ArrayList<>();
        try (var files = Files.walk(Path.of(args[0]))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                texts.add(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            }
        }
        ReplyPatterns on = ReplyPatterns.shipped();
        ReplyPatterns off = on.unfiltered();
        var bean = ManagementFactory.getThreadMXBean();
        int rounds = Integer.parseInt(args[1]);
        long a = 0, b = 0, n = 0;
        int sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (String t : texts) {
                long t0 = bean.getCurrentThreadCpuTime();
                sink += ReplySplitter.split(t, on).newContent().length();
                long t1 = bean.getCurrentThreadCpuTime();
                sink += ReplySplitter.split(t, off).newContent().length();
                long t2 = bean.getCurrentThreadCpuTime();
                if (r >= rounds / 2) { a += t1 - t0; b += t2 - t1; n++; }
            }
        }
        long lines = texts.stream().mapToLong(t -> t.lines().count()).sum();
        System.out.printf("texts %d lines %d, second half of %d rounds: prefiltered %.1f us/text, unfiltered %.1f us/text (%d)%n",
                texts.size(), lines, rounds, a / 1e3 / n, b / 1e3 / n, sink);
    }
}
