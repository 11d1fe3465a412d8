package io.ticketflow.classify;

import java.util.Collection;

/** As of round 11 (de0e72c), for bench/ab/run index. 
 * Feature names → their index (0, 1, ... in the order given), looked up by chars in a buffer: a mail's features are
 * found without building a string for each (a third of a mail's features are char n-grams that no model knows).
 * Open addressing over {@link String#hashCode}'s hash of the chars. Immutable once built, so safe to share.
 */
final class FeatureIndexR11 {

    private final String[] names;
    private final int[] hashes;
    /** Per slot: the name's index + 1, or 0 when empty. */
    private final int[] slots;
    private final int mask;

    FeatureIndexR11(Collection<String> inOrder) {
        names = inOrder.toArray(String[]::new);
        hashes = new int[names.length];
        int capacity = Integer.highestOneBit(Math.max(4, names.length * 2) - 1) << 1;
        slots = new int[capacity];
        mask = capacity - 1;
        for (int id = 0; id < names.length; id++) {
            int h = names[id].hashCode();
            hashes[id] = h;
            int slot = spread(h) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }
    }

    int size() {
        return names.length;
    }

    /** The index of the name made of these chars, or -1. */
    int indexOf(char[] chars, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + chars[i];
        }
        int slot = spread(h) & mask;
        for (int s; (s = slots[slot]) != 0; slot = (slot + 1) & mask) {
            int id = s - 1;
            if (hashes[id] == h && equal(names[id], chars, length)) {
                return id;
            }
        }
        return -1;
    }

    /** The index of the name, or -1. */
    int indexOf(String name) {
        char[] chars = name.toCharArray();
        return indexOf(chars, chars.length);
    }

    private static boolean equal(String name, char[] chars, int length) {
        if (name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (name.charAt(i) != chars[i]) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
