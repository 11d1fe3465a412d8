package io.ticketflow.parse.channel;

import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parts every chat channel's message has in common, turned into a {@link ParsedMessage}: the sender as a channel
 * identity ({@code telegram:<user id>}; no {@code @}, so it can never be mistaken for, or collide with, an e-mail
 * address), the text, a subject made from its first line (tickets need one), and headers only this parser sets.
 * <p>
 * Headers set here: {@code channel}, {@code channel-conversation}; {@code auto-submitted} for a message from a bot or
 * from the support account itself (so screening keeps it and nothing ever answers it); {@code channel-edit-of} with
 * the external id of the message an edit replaces.
 */
public final class ChannelMessages {

    /** Suffix of the message ids given to chat messages: not a domain anyone can receive mail for. */
    public static final String ID_DOMAIN = "channel.ticketflow.invalid";
    public static final String EDIT_OF = "channel-edit-of";
    private static final int SUBJECT_CHARS = 80;

    private ChannelMessages() {
    }

    /** One chat message, as the channel parsers read it. */
    public record Chat(String channel, String externalId, String nativeRef, String conversation, String senderId,
            String senderName, String text, Instant sentAt, List<ParsedMessage.Attachment> attachments,
            List<String> warnings, String automated, String editOf) {
    }

    /** The channel address of a sender: channel and the channel's own id of the account, lower case. */
    public static MailAddress sender(String channel, String id, String name) {
        return new MailAddress(channel + ":" + id, name == null || name.isBlank() ? null : name.strip());
    }

    /**
     * The message id of a chat message: the channel's reference to it (what an answer names, e.g. a Mastodon status
     * id) before the {@code @}, so the sender of an answer can read it back from In-Reply-To.
     */
    public static String messageId(String channel, String nativeRef) {
        return nativeRef.replaceAll("[^A-Za-z0-9._:=+/-]", "_") + "@" + channel + "." + ID_DOMAIN;
    }

    public static ParsedMessage toParsed(Chat chat) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("channel", List.of(chat.channel()));
        headers.put("channel-conversation", List.of(chat.conversation()));
        if (chat.automated() != null) {
            headers.put("auto-submitted", List.of(chat.automated()));
        }
        if (chat.editOf() != null) {
            headers.put(EDIT_OF, List.of(chat.editOf()));
        }
        List<String> warnings = new ArrayList<>(chat.warnings());
        String text = chat.text() == null ? "" : chat.text().strip();
        if (text.isEmpty() && chat.attachments().isEmpty()) {
            warnings.add("message has no text body");
        }
        return new ParsedMessage(messageId(chat.channel(), chat.nativeRef()), false, List.of(), List.of(),
                sender(chat.channel(), chat.senderId(), chat.senderName()), null, List.of(), List.of(),
                subject(text, chat.attachments()), chat.sentAt(), headers, text, text, List.copyOf(chat.attachments()),
                List.copyOf(warnings), "", "", null, Map.of(), null);
    }

    /** The first line of the text (shortened), or what was sent when there is no text. */
    static String subject(String text, List<ParsedMessage.Attachment> attachments) {
        String first = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        if (first.isEmpty()) {
            return attachments.isEmpty() ? "(empty message)"
                    : "(" + (attachments.get(0).name() != null ? attachments.get(0).name() : "attachment") + ")";
        }
        return first.length() <= SUBJECT_CHARS ? first : first.substring(0, SUBJECT_CHARS - 1).stripTrailing() + "…";
    }

    /** The content type to assume for a file the channel sent without one. */
    static String typeOf(String declared, String name) {
        if (declared != null && !declared.isBlank()) {
            return declared.toLowerCase(Locale.ROOT);
        }
        String guessed = name == null ? null : java.net.URLConnection.guessContentTypeFromName(name);
        return guessed != null ? guessed : "application/octet-stream";
    }
}
