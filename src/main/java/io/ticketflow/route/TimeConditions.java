package io.ticketflow.route;

import io.ticketflow.config.TimeWindow;
import java.time.DayOfWeek;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Condition kinds about when the message arrived, in the time zone of the file's business hours. */
final class TimeConditions {

    private TimeConditions() {
    }

    /** Arrived within (true) or outside (false) the business hours. */
    record InBusinessHours() implements ConditionKind {
        @Override
        public String name() {
            return "businessHours";
        }

        @Override
        public Condition read(Node value, String path, Reader reader) {
            boolean want = reader.yaml().bool(value, path, false);
            return m -> m.businessHours() == want;
        }
    }

    /** Arrived within a window {@code HH:MM-HH:MM}, which may span midnight. */
    record TimeOfDay() implements ConditionKind {
        @Override
        public String name() {
            return "timeOfDay";
        }

        @Override
        public Condition read(Node value, String path, Reader reader) {
            TimeWindow window = reader.hours().window(value, path);
            return window == null ? null : m -> window.contains(m.localTime().toLocalTime());
        }
    }

    /** Arrived on one of the days. */
    record Weekday() implements ConditionKind {
        @Override
        public String name() {
            return "weekday";
        }

        @Override
        public Condition read(Node value, String path, Reader reader) {
            Set<DayOfWeek> days = reader.hours().days(value, path);
            return m -> days.contains(m.localTime().getDayOfWeek());
        }
    }
}
