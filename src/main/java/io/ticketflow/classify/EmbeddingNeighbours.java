package io.ticketflow.classify;

import java.util.List;

/**
 * A k-nearest-neighbour member of LINEAR_SVM_EMBEDDINGS ({@code knn-weight}, {@code knn-k}): the training messages'
 * sentence embeddings, and for a mail the cosine similarity to each of them. The k most similar vote for their labels
 * with their similarity; the votes (divided by k, so each in 0..1) times {@code weight} are added to the embedding
 * model's scores before its softmax. It errs where the linear models do not: a query worded like a few training
 * messages of a rare phrasing. It is not linear, so unlike the discriminant it does not fold into the stored weights:
 * the vectors travel in {@code model.bin} and cost one dot product per training message for each embedded mail.
 * <p>
 * Vectors are stored as bytes (each unit-length component × 127, rounded): 384 bytes per training message; the mail's
 * vector is rounded the same way and the cosine is an integer dot product, which changes it by well under 0.01, far
 * below the gaps between neighbours that matter. Immutable.
 *
 * @param vectors the quantised vectors, one after another ({@code dims} bytes each)
 * @param labels  each vector's label, its position in the model's outcomes
 * @param weight  the votes' weight against the embedding model's scores (times the calibration factor once calibrated)
 */
record EmbeddingNeighbours(byte[] vectors, int[] labels, int dims, int labelCount, int k, double weight) {

    private static final float SCALE = 127f;

    /** From the training embeddings (unit length) and their label positions. */
    static EmbeddingNeighbours of(List<float[]> embeddings, int[] labels, int labelCount, int k, double weight) {
        int dims = embeddings.get(0).length;
        byte[] vectors = new byte[embeddings.size() * dims];
        for (int i = 0; i < embeddings.size(); i++) {
            System.arraycopy(quantised(embeddings.get(i)), 0, vectors, i * dims, dims);
        }
        return new EmbeddingNeighbours(vectors, labels.clone(), dims, labelCount, k, weight);
    }

    /** The same neighbours with the votes' weight multiplied by factor (the calibration's inverse temperature). */
    EmbeddingNeighbours scaled(double factor) {
        return new EmbeddingNeighbours(vectors, labels, dims, labelCount, k, weight * factor);
    }

    /** Each label's vote: the similarities of the k nearest training messages of that label, summed, divided by k. */
    double[] votes(float[] embedding) {
        int n = labels.length;
        int top = Math.min(k, n);
        double[] best = new double[top];
        int[] bestAt = new int[top];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        byte[] query = quantised(embedding);
        for (int i = 0; i < n; i++) {
            int base = i * dims;
            // bytes times bytes summed in an int: exact, and a loop the JIT vectorises (a float sum must keep its
            // order, so it runs one multiply-add at a time: ~6 ms per mail over banking77's 10 000 vectors)
            int dot = 0;
            for (int d = 0; d < dims; d++) {
                dot += query[d] * vectors[base + d];
            }
            double sim = dot / (double) (SCALE * SCALE);
            if (sim > best[top - 1]) {
                int j = top - 1;
                while (j > 0 && best[j - 1] < sim) {
                    best[j] = best[j - 1];
                    bestAt[j] = bestAt[j - 1];
                    j--;
                }
                best[j] = sim;
                bestAt[j] = i;
            }
        }
        double[] votes = new double[labelCount];
        for (int j = 0; j < top; j++) {
            votes[labels[bestAt[j]]] += best[j] / top;
        }
        return votes;
    }

    /** A vector at unit length, each component × 127 and rounded, as the stored ones. */
    private static byte[] quantised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        double s = norm > 0 ? SCALE / Math.sqrt(norm) : 0;
        byte[] out = new byte[v.length];
        for (int d = 0; d < v.length; d++) {
            out[d] = (byte) Math.max(-127, Math.min(127, Math.round(v[d] * s)));
        }
        return out;
    }

    /** The embedding model's distribution with the votes added to its scores: softmax(log p + weight × votes). */
    double[] adjust(double[] p, float[] embedding) {
        double[] votes = votes(embedding);
        double[] out = new double[p.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < p.length; l++) {
            out[l] = Math.log(Math.max(p[l], 1e-300)) + weight * votes[l];
            max = Math.max(max, out[l]);
        }
        double sum = 0;
        for (int l = 0; l < p.length; l++) {
            out[l] = Math.exp(out[l] - max);
            sum += out[l];
        }
        for (int l = 0; l < p.length; l++) {
            out[l] /= sum;
        }
        return out;
    }
}
