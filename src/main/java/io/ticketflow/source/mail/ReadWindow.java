package io.ticketflow.source.mail;

import java.util.ArrayList;
import java.util.List;

/**
 * Mail read from the server but not yet handed to the intake: a poll hands a window over at once, so that its mails
 * keep, decide and write together (their writes meet in one bulk) instead of one by one as each is read. Full at
 * {@link #MESSAGES} mails or {@link #BYTES} bytes, the size of one IMAP body fetch; a window of mail that was read but
 * not handed over when the poll fails is neither stored nor acknowledged, so the next poll offers it again.
 */
final class ReadWindow<T> {

    static final int MESSAGES = 20;
    static final long BYTES = 4L * 1024 * 1024;

    private final List<T> items = new ArrayList<>();
    private long bytes;

    /** Whether a mail of this size still fits (a window always takes its first mail, however large). */
    boolean fits(long size) {
        return items.isEmpty() || items.size() < MESSAGES && bytes + size <= BYTES;
    }

    void add(T item, long size) {
        items.add(item);
        bytes += Math.max(0, size);
    }

    int size() {
        return items.size();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** The window's mails in the order read; the window is empty afterwards. */
    List<T> take() {
        List<T> taken = List.copyOf(items);
        items.clear();
        bytes = 0;
        return taken;
    }
}
