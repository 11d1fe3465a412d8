package io.ticketflow.screen.monitoring;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * One recognised notification format: its subject (and optionally body) pattern with named groups, and the pattern
 * on the state that means recovered.
 *
 * @param line where it is defined, for messages that name it
 */
record MonitoringFormat(String id, Pattern subject, Pattern body, Pattern recovery, int line) {

    /** The notice this mail is in this format, or null. */
    MonitoringNotice read(String subjectText, String bodyText) {
        Matcher s = subject.matcher(subjectText == null ? "" : subjectText.strip());
        if (!s.find()) {
            return null;
        }
        String host = group(s, "host");
        String service = group(s, "service");
        String severity = group(s, "severity");
        if (body != null) {
            Matcher b = body.matcher(bodyText == null ? "" : bodyText);
            if (!b.find()) {
                return null;
            }
            host = host != null ? host : group(b, "host");
            service = service != null ? service : group(b, "service");
            severity = severity != null ? severity : group(b, "severity");
        }
        String state = group(s, "state");
        if (host == null || state == null) {
            return null;
        }
        boolean recovered = recovery.matcher(state.strip()).find();
        return new MonitoringNotice(id, host.strip(), service == null ? null : service.strip(), state.strip(),
                severity == null ? state.strip() : severity, recovered);
    }

    private static String group(Matcher m, String name) {
        try {
            return m.group(name);
        }
        catch (IllegalArgumentException e) {
            return null; // the pattern has no such group
        }
    }
}
