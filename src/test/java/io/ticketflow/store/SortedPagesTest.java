package io.ticketflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two searches sorted alike, paged with search-after and merged: every hit comes exactly once and in order, whatever
 * the page size, however the two streams interleave (the replay of kept messages with and without a record).
 */
class SortedPagesTest {

    @Test
    void everyHitOfBothStreamsIsMergedOnceInOrderAtEveryPageSize() {
        List<Hit<String>> a = hits("a", 1, 2, 3, 10, 11, 12, 13, 30);
        List<Hit<String>> b = hits("b", 4, 5, 14, 15, 16, 17, 18, 19, 20, 31, 32);
        for (int size = 1; size <= 12; size++) {
            List<String> merged = new ArrayList<>();
            List<FieldValue> aFrom = null;
            List<FieldValue> bFrom = null;
            for (int pages = 0; pages < 100; pages++) {
                SortedPages<String, String> page = SortedPages.of(after(a, aFrom, pages, size), aFrom, after(b, bFrom, pages, size),
                        bFrom, size);
                Stream.concat(page.first().stream(), page.second().stream())
                        .sorted((x, y) -> SortedPages.compare(x.sort(), y.sort())).forEach(h -> merged.add(h.id()));
                if (page.ended()) {
                    break;
                }
                aFrom = page.firstAfter();
                bFrom = page.secondAfter();
            }
            assertThat(merged).as("page size " + size).containsExactlyElementsOf(
                    Stream.concat(a.stream(), b.stream()).sorted((x, y) -> SortedPages.compare(x.sort(), y.sort()))
                            .map(Hit::id).toList());
        }
    }

    @Test
    void anEmptyStreamEndsAndTheOtherGoesOn() {
        SortedPages<String, String> page = SortedPages.of(hits("a", 1, 2), null, List.of(), null, 2);
        assertThat(page.first()).hasSize(2);
        assertThat(page.secondAfter()).as("the second stream ended").isNull();
        assertThat(page.firstAfter()).as("a full page: the first goes on after its last hit")
                .isEqualTo(page.first().get(1).sort());
        assertThat(page.ended()).isFalse();
    }

    /** The search-after page of a stream: a null position after the first page means the stream ended. */
    private static List<Hit<String>> after(List<Hit<String>> all, List<FieldValue> from, int page, int size) {
        if (from == null && page > 0) {
            return List.of();
        }
        if (from != null && from.isEmpty()) {
            return all.stream().limit(size).toList();
        }
        return all.stream().filter(h -> from == null || SortedPages.compare(h.sort(), from) > 0).limit(size).toList();
    }

    private static List<Hit<String>> hits(String stream, long... times) {
        List<Hit<String>> hits = new ArrayList<>();
        for (long t : times) {
            String id = stream + t;
            hits.add(Hit.of(h -> h.index(stream).id(id).source(id).sort(List.of(FieldValue.of(t), FieldValue.of(id)))));
        }
        return hits;
    }
}
