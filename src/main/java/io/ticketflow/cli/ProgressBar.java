package io.ticketflow.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar for long commands (import, train). On a terminal it redraws in place; in CI logs it prints
 * a line every 10 %.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean interactive;
    private final long started = System.nanoTime();
    private int lastDecile = -1;

    public ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 1);
        this.interactive = System.console() != null;
    }

    public void update(long done) {
        int percent = (int) Math.min(100, done * 100 / total);
        if (interactive) {
            int filled = percent * WIDTH / 100;
            out.printf("\r%s [%s%s] %3d%% %d/%d %s", label, "#".repeat(filled), ".".repeat(WIDTH - filled), percent, done,
                    total, rate(done));
            out.flush();
        }
        else if (percent / 10 != lastDecile) {
            lastDecile = percent / 10;
            out.printf("%s %3d%% %d/%d %s%n", label, percent, done, total, rate(done));
        }
    }

    public void finish(long done) {
        update(done);
        if (interactive) {
            out.println();
        }
    }

    private String rate(long done) {
        double seconds = (System.nanoTime() - started) / 1e9;
        return seconds < 0.5 ? "" : String.format("(%.1f/s)", done / seconds);
    }
}
