package io.ticketflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Peak heap use from a {@code -Xlog:gc} file: the largest "used before" of any collection. */
final class GcLog {

    private static final Pattern BEFORE_AFTER = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private GcLog() {
    }

    static double peakHeapMib(Path log) throws IOException {
        if (!Files.exists(log)) {
            return Double.NaN;
        }
        double peak = 0;
        for (String line : Files.readAllLines(log)) {
            Matcher m = BEFORE_AFTER.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, mib(m.group(1), m.group(2)));
            }
        }
        return peak;
    }

    private static double mib(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }
}
