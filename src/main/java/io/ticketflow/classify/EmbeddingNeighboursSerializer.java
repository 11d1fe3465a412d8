package io.ticketflow.classify;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import opennlp.tools.util.model.ArtifactSerializer;

/**
 * Stores a model's {@link EmbeddingNeighbours} inside its {@code model.bin}. Format: a version, the dimensions, the
 * number of labels, k, the weight, the count, then each vector's label and its bytes.
 */
public final class EmbeddingNeighboursSerializer implements ArtifactSerializer<EmbeddingNeighbours> {

    private static final int VERSION = 1;

    @Override
    public EmbeddingNeighbours create(InputStream in) throws IOException {
        // the zip stream stays open for the next artifact: read through a wrapper that is not closed
        DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in));
        int version = data.readInt();
        if (version != VERSION) {
            throw new IOException("embedding neighbours of version " + version + ", this build reads " + VERSION);
        }
        int dims = data.readInt();
        int labelCount = data.readInt();
        int k = data.readInt();
        double weight = data.readDouble();
        int n = data.readInt();
        int[] labels = new int[n];
        byte[] vectors = new byte[n * dims];
        for (int i = 0; i < n; i++) {
            labels[i] = data.readInt();
            data.readFully(vectors, i * dims, dims);
        }
        return new EmbeddingNeighbours(vectors, labels, dims, labelCount, k, weight);
    }

    @Override
    public void serialize(EmbeddingNeighbours knn, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out));
        data.writeInt(VERSION);
        data.writeInt(knn.dims());
        data.writeInt(knn.labelCount());
        data.writeInt(knn.k());
        data.writeDouble(knn.weight());
        data.writeInt(knn.labels().length);
        for (int i = 0; i < knn.labels().length; i++) {
            data.writeInt(knn.labels()[i]);
            data.write(knn.vectors(), i * knn.dims(), knn.dims());
        }
        data.flush();
    }
}
