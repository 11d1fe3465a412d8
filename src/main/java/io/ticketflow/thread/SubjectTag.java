package io.ticketflow.thread;

import io.ticketflow.vocabulary.TicketflowIdentity;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** The ticket tag in subjects, {@code [TF#123456]}: how it is written and how it is found again. */
@Component
public class SubjectTag {

    private final String prefix;
    private final Pattern pattern;

    public SubjectTag(TicketflowIdentity identity) {
        this.prefix = identity.tagPrefix();
        this.pattern = Pattern.compile("\\[" + Pattern.quote(prefix) + "#(\\d{1,12})\\]", Pattern.CASE_INSENSITIVE);
    }

    public String of(String ticketNumber) {
        return "[" + prefix + "#" + ticketNumber + "]";
    }

    public Optional<String> find(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(subject);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The subject with our tag in front, added only once. */
    public String tag(String ticketNumber, String subject) {
        String s = subject == null || subject.isBlank() ? "(no subject)" : subject;
        return find(s).filter(ticketNumber::equals).isPresent() ? s : of(ticketNumber) + " " + s;
    }
}
