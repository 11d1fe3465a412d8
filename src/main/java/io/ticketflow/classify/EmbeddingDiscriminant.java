package io.ticketflow.classify;

import java.util.List;
import java.util.stream.IntStream;

/**
 * A linear discriminant over the sentence embedding (Gaussian classes with one shared covariance, shrunk toward its mean
 * variance; shrinkage 1 is the nearest class mean), added to the embedding-only SVM of LINEAR_SVM_EMBEDDINGS
 * ({@code embedding-lda-weight}). It is a generative model: it errs on other messages than the SVM, which is what an
 * ensemble member needs, and it is linear in the embedding, so it folds into the stored weights and costs nothing per
 * mail (docs/classification.md, round 8).
 */
final class EmbeddingDiscriminant {

    private EmbeddingDiscriminant() {
    }

    /**
     * The SVM's weights[label][dims + 1] over u = a × v (a = embedding-weight, v the embedding; last: intercept) plus m
     * times the discriminant's, whose scores are first scaled to the spread of the SVM's on the training messages (so m
     * is a share, whatever the shrinkage).
     */
    static float[][] addTo(float[][] svm, List<float[]> embeddings, int[] y, double a, double m, double shrinkage) {
        int labels = svm.length;
        int dims = svm[0].length - 1;
        int n = embeddings.size();
        double[][] mean = new double[labels][dims];
        int[] count = new int[labels];
        for (int i = 0; i < n; i++) {
            count[y[i]]++;
            float[] v = embeddings.get(i);
            for (int k = 0; k < dims; k++) {
                mean[y[i]][k] += v[k];
            }
        }
        for (int l = 0; l < labels; l++) {
            for (int k = 0; k < dims; k++) {
                mean[l][k] /= Math.max(1, count[l]);
            }
        }
        double[][] centred = new double[n][dims];
        for (int i = 0; i < n; i++) {
            float[] v = embeddings.get(i);
            for (int k = 0; k < dims; k++) {
                centred[i][k] = v[k] - mean[y[i]][k];
            }
        }
        // the within-class covariance, shrunk toward its mean variance (which also keeps it invertible)
        double[][] cov = new double[dims][dims];
        int dof = Math.max(1, n - labels);
        IntStream.range(0, dims).parallel().forEach(j -> {
            for (double[] c : centred) {
                double cj = c[j];
                for (int k = 0; k <= j; k++) {
                    cov[j][k] += cj * c[k];
                }
            }
        });
        double trace = 0;
        for (int j = 0; j < dims; j++) {
            for (int k = 0; k <= j; k++) {
                cov[j][k] /= dof;
                cov[k][j] = cov[j][k];
            }
            trace += cov[j][j];
        }
        for (int j = 0; j < dims; j++) {
            for (int k = 0; k < dims; k++) {
                cov[j][k] = (1 - shrinkage) * cov[j][k] + (j == k ? shrinkage * trace / dims : 0);
            }
        }
        double[][] chol = cholesky(cov);
        double[][] lda = new double[labels][dims + 1];
        for (int l = 0; l < labels; l++) {
            double[] w = solve(chol, mean[l]);
            double quad = 0;
            for (int k = 0; k < dims; k++) {
                quad += w[k] * mean[l][k];
                lda[l][k] = w[k] / a; // over u = a × v, as the stored model sees the embedding
            }
            lda[l][dims] = -0.5 * quad + Math.log(Math.max(1, count[l]) / (double) n);
        }
        double[][] svmWeights = new double[labels][];
        for (int l = 0; l < labels; l++) {
            svmWeights[l] = new double[dims + 1];
            for (int k = 0; k <= dims; k++) {
                svmWeights[l][k] = svm[l][k];
            }
        }
        double factor = spread(svmWeights, embeddings, a) / spread(lda, embeddings, a);
        float[][] out = new float[labels][dims + 1];
        for (int l = 0; l < labels; l++) {
            for (int k = 0; k <= dims; k++) {
                out[l][k] = (float) (svm[l][k] + m * factor * lda[l][k]);
            }
        }
        return out;
    }

    /** Standard deviation of a model's scores about each message's mean score (what a softmax sees), on a sample. */
    private static double spread(double[][] w, List<float[]> embeddings, double a) {
        int labels = w.length;
        int dims = w[0].length - 1;
        int step = Math.max(1, embeddings.size() / 2000);
        double sum = 0;
        long count = 0;
        double[] s = new double[labels];
        for (int i = 0; i < embeddings.size(); i += step) {
            float[] v = embeddings.get(i);
            double rowMean = 0;
            for (int l = 0; l < labels; l++) {
                double dot = w[l][dims];
                for (int k = 0; k < dims; k++) {
                    dot += w[l][k] * a * v[k];
                }
                s[l] = dot;
                rowMean += dot / labels;
            }
            for (int l = 0; l < labels; l++) {
                sum += (s[l] - rowMean) * (s[l] - rowMean);
                count++;
            }
        }
        return Math.sqrt(sum / Math.max(1, count));
    }

    /** Lower-triangular L with L Lᵀ = a (a symmetric positive definite). */
    private static double[][] cholesky(double[][] a) {
        int d = a.length;
        double[][] l = new double[d][d];
        for (int j = 0; j < d; j++) {
            double diag = a[j][j];
            for (int k = 0; k < j; k++) {
                diag -= l[j][k] * l[j][k];
            }
            l[j][j] = Math.sqrt(Math.max(diag, 1e-12));
            for (int i = j + 1; i < d; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = s / l[j][j];
            }
        }
        return l;
    }

    /** x with L Lᵀ x = b. */
    private static double[] solve(double[][] l, double[] b) {
        int d = b.length;
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }
}
