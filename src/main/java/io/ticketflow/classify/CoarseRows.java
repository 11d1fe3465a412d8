package io.ticketflow.classify;

/**
 * The language model's dense rows ({@link LanguageScorer}) in 16 bits, one scale for all of them, with a bound on
 * what that costs: per context, the largest gap between a parameter and its 16-bit value. Summing these rows reads a
 * quarter of the memory the exact double rows take (in the burst the rows are not in the cache, so that is the cost
 * that counts: ~300 rows per mail), with integer adds that are exact. A text's sums then are within a known distance
 * of {@link LanguageScorer#best}'s sums, and for almost every text that settles the one thing the caller asks: is
 * the best language {@code minLead} times likelier than the runner-up. Immutable.
 */
final class CoarseRows {

    private static final int LIMIT = Short.MAX_VALUE;
    /** Unit roundoff of a double. */
    private static final double U = 0x1p-53;

    private final int width;
    private final int[] rowOf;
    private final short[] rows;
    private final double scale;
    /** Per context: an upper bound of |parameter - value * scale| over its row (0 for a sparse context). */
    private final double[] error;
    /** Per context: its largest parameter by absolute value. */
    private final double[] magnitude;

    /** The dense rows (at {@code rowOf[context]} in {@code dense}, -1: sparse) of contexts with these parameters. */
    CoarseRows(int[] rowOf, double[] dense, double[][] parameters, int width) {
        this.width = width;
        this.rowOf = rowOf;
        double largest = 0;
        for (double p : dense) {
            largest = Math.max(largest, Math.abs(p));
        }
        this.scale = largest > 0 ? largest / LIMIT : 1;
        this.rows = new short[dense.length];
        this.error = new double[rowOf.length];
        this.magnitude = new double[rowOf.length];
        for (int k = 0; k < rowOf.length; k++) {
            for (double p : parameters[k]) {
                magnitude[k] = Math.max(magnitude[k], Math.abs(p));
            }
            if (rowOf[k] < 0) {
                continue;
            }
            double worst = 0;
            for (int l = 0; l < width; l++) {
                double p = dense[rowOf[k] + l];
                long q = Math.max(-LIMIT, Math.min(LIMIT, Math.round(p / scale)));
                rows[rowOf[k] + l] = (short) q;
                worst = Math.max(worst, Math.abs(p - q * scale));
            }
            // q * scale and the difference were rounded once each: 2 units of roundoff more, generously
            error[k] = worst * (1 + 1e-9) + 8 * U * (magnitude[k] + worst);
        }
    }

    /**
     * The sums of these contexts (each once) from {@code prior}: dense rows from the 16-bit values, sparse contexts
     * from the model's parameters.
     */
    Sums sums(int[] contexts, double prior, int[][] outcomes, double[][] parameters) {
        int[] units = new int[width]; // at most 8011 rows of 32767: no overflow
        double[] sparse = new double[width];
        double quantized = 0;
        double size = Math.abs(prior);
        for (int c : contexts) {
            size += magnitude[c];
            int row = rowOf[c];
            if (row >= 0) {
                quantized += error[c];
                for (int l = 0; l < width; l++) {
                    units[l] += rows[row + l];
                }
            }
            else {
                int[] outcome = outcomes[c];
                double[] parameter = parameters[c];
                for (int j = 0; j < outcome.length; j++) {
                    sparse[outcome[j]] += parameter[j];
                }
            }
        }
        double[] sums = new double[width];
        for (int l = 0; l < width; l++) {
            sums[l] = prior + units[l] * scale + sparse[l];
        }
        // both ways of summing round at most once per term (n + 3 here, n + 1 there), each by at most U times the
        // largest partial sum, which is at most the sum of the terms' magnitudes
        double rounding = 2 * (contexts.length + 4) * U * (size + quantized);
        return new Sums(sums, (quantized + rounding) * (1 + 1e-9));
    }

    /**
     * Sums within {@code bound} of {@link LanguageScorer#best}'s sums of the same text, language by language (before
     * {@code exp} and the normalisation).
     */
    record Sums(double[] sums, double bound) {

        /** Margin for the rounding of {@code exp}, the normalisation and the comparison in best's callers. */
        private static final double SLACK = 1e-6;
        /** {@code exp} of sums inside this range is a normal double, and so is the normalised best. */
        private static final double RANGE = 600;

        /**
         * The best language when it leads the runner-up by more than {@code logLead} in every sums the bound allows,
         * "" when it leads by less in every one, null when the bound leaves it open (best decides then).
         */
        String decide(String[] languages, double logLead) {
            int top = 0;
            for (int l = 1; l < sums.length; l++) {
                if (sums[l] > sums[top]) {
                    top = l;
                }
            }
            double second = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < sums.length; l++) {
                if (l != top) {
                    second = Math.max(second, sums[l]);
                }
            }
            if (!(Math.abs(sums[top]) < RANGE) || !(bound < 1) || Double.isNaN(second)) {
                return null;
            }
            // the best and the runner-up's sums each move by at most the bound, their gap by twice that
            double gap = sums[top] - second;
            double margin = 2 * bound + SLACK;
            if (gap - margin > Math.max(logLead, 0)) {
                return languages[top];
            }
            return gap + margin < logLead ? "" : null;
        }
    }
}
