package io.ticketflow.store;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.util.List;

/**
 * One page of two searches sorted alike (receivedAt, then id), each read with search-after: how much of each may be
 * merged now, and where each goes on. A full page of either may run past the other's last hit, so only hits up to the
 * lower of the two full pages' last positions are taken; the rest comes again with the next page. A stream whose page
 * was short and taken whole has ended.
 *
 * @param first       the first stream's hits to merge now
 * @param second      the second stream's hits to merge now
 * @param firstAfter  where the first stream goes on: null when it ended, empty when nothing of it was taken yet
 * @param secondAfter the same for the second stream
 */
record SortedPages<A, B>(List<Hit<A>> first, List<Hit<B>> second, List<FieldValue> firstAfter,
        List<FieldValue> secondAfter) {

    /**
     * @param a, b          the hits of the two searches of this page (each at most {@code size})
     * @param aFrom, bFrom  where each search started (null: its start)
     */
    static <A, B> SortedPages<A, B> of(List<Hit<A>> a, List<FieldValue> aFrom, List<Hit<B>> b, List<FieldValue> bFrom,
            int size) {
        List<FieldValue> upTo = lower(a.size() < size ? null : last(a), b.size() < size ? null : last(b));
        List<Hit<A>> aNow = a.stream().filter(h -> upTo == null || compare(h.sort(), upTo) <= 0).toList();
        List<Hit<B>> bNow = b.stream().filter(h -> upTo == null || compare(h.sort(), upTo) <= 0).toList();
        boolean aDone = a.size() < size && aNow.size() == a.size();
        boolean bDone = b.size() < size && bNow.size() == b.size();
        return new SortedPages<>(aNow, bNow, aDone ? null : position(aNow, aFrom), bDone ? null : position(bNow, bFrom));
    }

    /** Whether both streams ended with this page. */
    boolean ended() {
        return firstAfter == null && secondAfter == null;
    }

    /** Orders sort positions (receivedAt in epoch ms, then id) as the searches do. */
    static int compare(List<FieldValue> a, List<FieldValue> b) {
        int byTime = Long.compare(a.get(0).longValue(), b.get(0).longValue());
        return byTime != 0 ? byTime : a.get(1).stringValue().compareTo(b.get(1).stringValue());
    }

    /** The last hit taken, or where the stream stood; empty: nothing of it consumed yet (it goes on from its start). */
    private static <T> List<FieldValue> position(List<Hit<T>> taken, List<FieldValue> from) {
        List<FieldValue> after = taken.isEmpty() ? from : last(taken);
        return after == null ? List.of() : after;
    }

    private static <T> List<FieldValue> last(List<Hit<T>> hits) {
        return hits.get(hits.size() - 1).sort();
    }

    /** The lower of two sort positions; null stands for "no bound" (a stream that ended within the page). */
    private static List<FieldValue> lower(List<FieldValue> a, List<FieldValue> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return compare(a, b) <= 0 ? a : b;
    }
}
