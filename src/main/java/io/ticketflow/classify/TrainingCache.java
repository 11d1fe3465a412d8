package io.ticketflow.classify;

import java.lang.ref.SoftReference;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The SVM weights of the last few trainings, by their exact inputs (training texts and labels, and the settings that
 * change that SVM). Training is deterministic, so a hit is the same weights computed again: a sweep whose variants
 * differ only in what is added on top (the ensemble weight, the discriminant) trains each fold's SVMs once instead of
 * once per variant. Values are soft references, so the cache never costs a training its memory.
 */
final class TrainingCache {

    /** What one SVM was trained from: the data and the settings it depends on. */
    record Key(String kind, List<String> texts, List<String> labels, List<Object> settings) {
    }

    private static final int ENTRIES = 16;

    private static final Map<Key, SoftReference<float[][]>> CACHE = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, SoftReference<float[][]>> eldest) {
            return size() > ENTRIES;
        }
    };

    private TrainingCache() {
    }

    /** The weights for key, trained by train if not cached. Callers must not change the returned arrays. */
    static float[][] get(Key key, Supplier<float[][]> train) {
        synchronized (CACHE) {
            SoftReference<float[][]> ref = CACHE.get(key);
            float[][] w = ref == null ? null : ref.get();
            if (w != null) {
                return w;
            }
        }
        float[][] w = train.get();
        synchronized (CACHE) {
            CACHE.put(key, new SoftReference<>(w));
        }
        return w;
    }
}
