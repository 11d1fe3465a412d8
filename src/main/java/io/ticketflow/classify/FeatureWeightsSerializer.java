package io.ticketflow.classify;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import opennlp.tools.util.model.ArtifactSerializer;

/**
 * Stores a model's {@link FeatureWeights} inside its {@code model.bin} (an OpenNLP model is a zip of artifacts), so the
 * model and its weighting always change together. Format: a version, the count, then name and idf pairs.
 */
public final class FeatureWeightsSerializer implements ArtifactSerializer<FeatureWeights> {

    private static final int VERSION = 1;

    @Override
    public FeatureWeights create(InputStream in) throws IOException {
        // the zip stream stays open for the next artifact: read through a wrapper that is not closed
        DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in));
        int version = data.readInt();
        if (version != VERSION) {
            throw new IOException("feature weights of version " + version + ", this build reads " + VERSION);
        }
        int n = data.readInt();
        String[] names = new String[n];
        float[] idf = new float[n];
        for (int i = 0; i < n; i++) {
            names[i] = data.readUTF();
            idf[i] = data.readFloat();
        }
        return new FeatureWeights(names, idf);
    }

    @Override
    public void serialize(FeatureWeights weights, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out));
        data.writeInt(VERSION);
        data.writeInt(weights.size());
        for (int i = 0; i < weights.size(); i++) {
            data.writeUTF(weights.name(i));
            data.writeFloat(weights.idf(i));
        }
        data.flush();
    }
}
