package io.ticketflow.vocabulary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cause chain of a failure, walked once in one place: bounded in depth and safe against a chain that loops back on
 * itself (a library that sets a cause to an earlier exception), so no caller can spin on a pathological exception.
 */
public final class CauseChain {

    private static final int MAX_DEPTH = 64;

    private CauseChain() {
    }

    /** The failure and its causes, outermost first, each once, at most {@value #MAX_DEPTH}. */
    public static List<Throwable> of(Throwable error) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && chain.size() < MAX_DEPTH && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** True if the failure or any of its causes passes the test. */
    public static boolean anyMatch(Throwable error, Predicate<Throwable> test) {
        return of(error).stream().anyMatch(test);
    }

    /** True if the failure or any of its causes is of the type. */
    public static boolean contains(Throwable error, Class<? extends Throwable> type) {
        return anyMatch(error, type::isInstance);
    }
}
