package io.ticketflow.parse.mime;

import io.ticketflow.vocabulary.DeliveryReport;
import io.ticketflow.vocabulary.ParsedMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The text of what one message (top level or forwarded) holds, collected while its parts are walked. */
public final class MessageBody {

    private final int maxBodyChars;
    private final StringBuilder plain = new StringBuilder();
    final List<ParsedMessage.Attachment> attachments = new ArrayList<>();
    final Set<String> referencedCids = new HashSet<>();
    DeliveryReport report;
    String returnedMessageId;
    private boolean truncated;

    MessageBody(int maxBodyChars) {
        this.maxBodyChars = maxBodyChars;
    }

    void add(String readable, List<String> warnings) {
        if (readable.isBlank()) {
            return;
        }
        if (plain.length() > 0) {
            plain.append("\n\n");
        }
        String stripped = readable.strip();
        int room = maxBodyChars - plain.length();
        if (stripped.length() > room) {
            stripped = stripped.substring(0, Math.max(0, room));
            if (!truncated) {
                warnings.add("body text longer than " + maxBodyChars + " characters: cut");
            }
            truncated = true;
        }
        plain.append(stripped);
    }

    public String text() {
        return plain.toString().replace("\r\n", "\n");
    }

    public List<ParsedMessage.Attachment> attachments() {
        return List.copyOf(attachments);
    }

    /** The delivery or read report the message carries, pointed at the returned message when it names none itself. */
    public DeliveryReport report() {
        if (report != null && report.originalMessageId() == null && returnedMessageId != null) {
            return report.withOriginalMessageId(returnedMessageId);
        }
        return report;
    }

    /** Inline images the HTML refers to by cid: are marked inline. */
    void markReferencedInline() {
        if (referencedCids.isEmpty()) {
            return;
        }
        attachments.replaceAll(a -> a.contentId() != null && !a.inline() && referencedCids.contains(a.contentId())
                ? a.asInline() : a);
    }
}
