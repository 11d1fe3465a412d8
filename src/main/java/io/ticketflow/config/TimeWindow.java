package io.ticketflow.config;

import java.time.LocalTime;

/**
 * A time-of-day window from {@code from} (inclusive) to {@code to} (exclusive); {@link LocalTime#MAX} stands for 24:00.
 * A window whose end is before its start spans midnight (22:00-06:00).
 */
public record TimeWindow(LocalTime from, LocalTime to) {

    public static final TimeWindow WHOLE_DAY = new TimeWindow(LocalTime.MIDNIGHT, LocalTime.MAX);

    public boolean contains(LocalTime t) {
        return contains(from, to, t);
    }

    public boolean spansMidnight() {
        return !from.isBefore(to);
    }

    public static boolean contains(LocalTime from, LocalTime to, LocalTime t) {
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }
}
