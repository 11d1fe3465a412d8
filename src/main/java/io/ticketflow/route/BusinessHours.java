package io.ticketflow.route;

import io.ticketflow.config.TimeWindow;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/** When the support desk is staffed, in its own time zone. The end time is exclusive; a window may span midnight. */
public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    public static final BusinessHours DEFAULT = new BusinessHours(ZoneId.of("UTC"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0));

    public ZonedDateTime local(Instant at) {
        return at.atZone(zone);
    }

    public boolean contains(ZonedDateTime local) {
        return days.contains(local.getDayOfWeek()) && TimeWindow.contains(from, to, local.toLocalTime());
    }
}
