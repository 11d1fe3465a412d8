package io.ticketflow.sla;

import io.ticketflow.config.TimeWindow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Business hours of one team in its time zone, with holidays. SLA targets and follow-up delays count business time
 * only: a ticket that arrives on Friday evening with a 4-hour target is due on Monday morning.
 *
 * @param hours per day of week, the working intervals (empty list: closed that day); an interval ending at
 *              {@link LocalTime#MAX} runs to midnight
 */
public record BusinessCalendar(String name, ZoneId zone, Map<DayOfWeek, List<TimeWindow>> hours, Set<LocalDate> holidays) {

    /** Years we look ahead at most: a calendar with no business time must not loop forever. */
    private static final int MAX_DAYS = 3 * 366;

    public BusinessCalendar {
        Map<DayOfWeek, List<TimeWindow>> copy = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            copy.put(d, List.copyOf(hours.getOrDefault(d, List.of())));
        }
        hours = Map.copyOf(copy);
        holidays = Set.copyOf(holidays);
    }

    /** Round the clock, every day. */
    public static BusinessCalendar always(String name, ZoneId zone) {
        Map<DayOfWeek, List<TimeWindow>> all = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            all.put(d, List.of(TimeWindow.WHOLE_DAY));
        }
        return new BusinessCalendar(name, zone, all, Set.of());
    }

    public boolean isBusinessDay(LocalDate day) {
        return !holidays.contains(day) && !hours.get(day.getDayOfWeek()).isEmpty();
    }

    /** The instant when {@code amount} of business time has passed after {@code start}. */
    public Instant plusBusinessTime(Instant start, Duration amount) {
        ZonedDateTime cursor = start.atZone(zone);
        long left = amount.toSeconds();
        for (int i = 0; i < MAX_DAYS; i++) {
            LocalDate day = cursor.toLocalDate();
            if (isBusinessDay(day)) {
                for (TimeWindow interval : hours.get(day.getDayOfWeek())) {
                    ZonedDateTime from = day.atTime(interval.from()).atZone(zone);
                    ZonedDateTime to = interval.to().equals(LocalTime.MAX) ? day.plusDays(1).atStartOfDay(zone)
                            : day.atTime(interval.to()).atZone(zone);
                    if (!to.isAfter(cursor)) {
                        continue;
                    }
                    ZonedDateTime begin = from.isAfter(cursor) ? from : cursor;
                    long available = Duration.between(begin, to).toSeconds();
                    if (left <= available) {
                        return begin.plusSeconds(left).toInstant();
                    }
                    left -= available;
                    cursor = to;
                }
            }
            cursor = day.plusDays(1).atStartOfDay(zone);
        }
        throw new IllegalStateException("calendar " + name + " has no business time in the next " + MAX_DAYS + " days");
    }

    /**
     * Business time between two instants (zero if {@code to} is not after {@code from}): how long a paused SLA clock
     * stood still, how much of a target is left.
     */
    public Duration businessTimeBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        ZonedDateTime cursor = from.atZone(zone);
        long seconds = 0;
        for (int i = 0; i < MAX_DAYS && cursor.toInstant().isBefore(to); i++) {
            LocalDate day = cursor.toLocalDate();
            if (isBusinessDay(day)) {
                for (TimeWindow interval : hours.get(day.getDayOfWeek())) {
                    ZonedDateTime start = day.atTime(interval.from()).atZone(zone);
                    ZonedDateTime end = interval.to().equals(LocalTime.MAX) ? day.plusDays(1).atStartOfDay(zone)
                            : day.atTime(interval.to()).atZone(zone);
                    Instant begin = start.isAfter(cursor) ? start.toInstant() : cursor.toInstant();
                    Instant stop = end.toInstant().isBefore(to) ? end.toInstant() : to;
                    if (stop.isAfter(begin)) {
                        seconds += Duration.between(begin, stop).toSeconds();
                    }
                }
            }
            cursor = day.plusDays(1).atStartOfDay(zone);
        }
        return Duration.ofSeconds(seconds);
    }

    /** The same local time {@code days} business days after {@code start} (days that are not business days skipped). */
    public Instant plusBusinessDays(Instant start, int days) {
        ZonedDateTime cursor = start.atZone(zone);
        int left = days;
        for (int i = 0; left > 0 && i < MAX_DAYS; i++) {
            cursor = cursor.plusDays(1);
            if (isBusinessDay(cursor.toLocalDate())) {
                left--;
            }
        }
        return cursor.toInstant();
    }

    public BusinessCalendar withHolidays(Set<LocalDate> days) {
        return new BusinessCalendar(name, zone, hours, days);
    }
}
