package io.ticketflow.intake;

import io.ticketflow.parse.mime.UnsynchronizedBytes;
import io.ticketflow.thread.ThreadIndex;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What two messages of one poll must not be processed side by side for: a reply threads by its parent's Message-ID,
 * a sender's second mail by their first (same subject, the subject tag of our acknowledgement, the body marker), an
 * Outlook reply by its conversation. Two messages sharing any key run in arrival order; all others may run at once.
 * Read from the header block only (cheap, before parsing); a header that cannot be read adds no key, and the raw id
 * is always a key so the same bytes twice never run side by side.
 */
public final class ConversationKeys {

    private static final Pattern ID = Pattern.compile("<([^<>\\s]{1,998})>");

    private ConversationKeys() {
    }

    public static Set<String> of(RawMessage raw) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add("raw:" + raw.id());
        if (!raw.isMail()) {
            // a chat message: its conversation is named by the channel, its payload has no mail headers
            if (raw.conversationKey() != null) {
                keys.add("chat:" + raw.channel() + ":" + raw.conversationKey());
            }
            return keys;
        }
        InternetHeaders headers;
        try {
            headers = new InternetHeaders(new UnsynchronizedBytes(raw.bytes()));
        }
        catch (MessagingException | RuntimeException e) {
            return keys;
        }
        for (String name : new String[] { "Message-ID", "In-Reply-To", "References" }) {
            String value = headers.getHeader(name, " ");
            if (value != null) {
                Matcher m = ID.matcher(value);
                while (m.find()) {
                    keys.add("id:" + m.group(1).toLowerCase(Locale.ROOT));
                }
            }
        }
        String from = headers.getHeader("From", ",");
        if (from != null) {
            try {
                for (InternetAddress address : InternetAddress.parseHeader(from, false)) {
                    if (address.getAddress() != null) {
                        keys.add("from:" + address.getAddress().toLowerCase(Locale.ROOT));
                    }
                }
            }
            catch (AddressException e) {
                keys.add("from:" + from.strip().toLowerCase(Locale.ROOT));
            }
        }
        ThreadIndex.conversation(headers.getHeader("Thread-Index", null)).ifPresent(c -> keys.add("conversation:" + c));
        return keys;
    }
}
