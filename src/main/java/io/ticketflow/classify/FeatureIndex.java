package io.ticketflow.classify;

import java.util.Collection;

/**
 * Feature names → their index (0, 1, ... in the order given), looked up by chars in a buffer: a mail's features are
 * found without building a string for each (a third of a mail's features are char n-grams that no model knows).
 * Open addressing over {@link String#hashCode}'s hash of the chars. Immutable once built, so safe to share.
 */
final class FeatureIndex {

    /** The names in order (what tests and the A/B programs read). */
    private final String[] names;
    /** All names' chars one after the other: name i is pool[starts[i]] to pool[starts[i + 1] - 1]. */
    private final char[] pool;
    private final int[] starts;
    /**
     * Per slot: the name's hash in the high 32 bits and its index + 1 in the low ones, or 0 when empty: a probe reads
     * one long (no second array for the hash, no String and its byte array for the chars until the hashes agree).
     */
    private final long[] slots;
    private final int mask;

    FeatureIndex(Collection<String> inOrder) {
        names = inOrder.toArray(String[]::new);
        starts = new int[names.length + 1];
        for (int id = 0; id < names.length; id++) {
            starts[id + 1] = starts[id] + names[id].length();
        }
        pool = new char[starts[names.length]];
        int capacity = Integer.highestOneBit(Math.max(4, names.length * 2) - 1) << 1;
        slots = new long[capacity];
        mask = capacity - 1;
        for (int id = 0; id < names.length; id++) {
            names[id].getChars(0, names[id].length(), pool, starts[id]);
            int h = names[id].hashCode();
            int slot = spread(h) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = (long) h << 32 | (id + 1);
        }
    }

    int size() {
        return names.length;
    }

    /** The index of the name made of these chars, or -1. */
    int indexOf(char[] chars, int length) {
        return indexOf(chars, 0, length);
    }

    /** The index of the name made of chars[from] to chars[to - 1], or -1. */
    int indexOf(char[] chars, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + chars[i];
        }
        int slot = spread(h) & mask;
        for (long s; (s = slots[slot]) != 0; slot = (slot + 1) & mask) {
            if ((int) (s >>> 32) == h) {
                int id = (int) s - 1;
                if (equal(id, chars, from, to)) {
                    return id;
                }
            }
        }
        return -1;
    }

    /** The index of the name, or -1. */
    int indexOf(String name) {
        char[] chars = name.toCharArray();
        return indexOf(chars, chars.length);
    }

    private boolean equal(int id, char[] chars, int from, int to) {
        int start = starts[id];
        if (starts[id + 1] - start != to - from) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (pool[start + i - from] != chars[i]) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
