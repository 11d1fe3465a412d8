package io.ticketflow.respond.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.store.OutboxEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers on Telegram: {@code sendMessage} to the customer's chat, as a reply to the customer's latest message of the
 * thread when the entry names one (if that message is gone, Telegram still sends it, unquoted). Telegram takes at
 * most 4096 characters per message: a longer text is cut there with a note, never split into a burst of messages.
 */
public final class TelegramSender implements ChannelSender {

    static final int MAX_TEXT = 4096;
    /** A Telegram message id as the parser wrote it: {@code <chat>.<message>@telegram.channel.ticketflow.invalid}. */
    private static final Pattern REF = Pattern.compile("^<?(-?\\d+)\\.(\\d+)@telegram\\.channel\\.ticketflow\\.invalid>?$");

    private final TelegramBotApi api;

    public TelegramSender(TelegramBotApi api) {
        this.api = api;
    }

    @Override
    public String channel() {
        return "telegram";
    }

    @Override
    public Delivery send(OutboxEntry entry) {
        String chat = entry.to().substring(entry.to().indexOf(':') + 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", chat);
        body.put("text", limit(entry.body()));
        String replyTo = latestCustomerMessage(entry, chat);
        if (replyTo != null) {
            body.put("reply_parameters", Map.of("message_id", Long.parseLong(replyTo),
                    "allow_sending_without_reply", true));
        }
        try {
            JsonNode sent = api.sendMessage(body);
            return Delivery.sent(sent.path("message_id").asText());
        }
        catch (ChannelApiFailure f) {
            return f.permanent() ? Delivery.refused("Telegram refused the message: " + f.getMessage())
                    : Delivery.failed("Telegram: " + f.getMessage(), f.retryAfter());
        }
    }

    static String limit(String text) {
        String t = text == null ? "" : text;
        return t.length() <= MAX_TEXT ? t : t.substring(0, MAX_TEXT - 40) + "\n[… cut at Telegram's message limit]";
    }

    /** The newest message of this chat the entry's thread names, or null. */
    static String latestCustomerMessage(OutboxEntry entry, String chat) {
        List<String> ids = new ArrayList<>(entry.references() == null ? List.of() : entry.references());
        if (entry.inReplyTo() != null) {
            ids.add(entry.inReplyTo());
        }
        for (int i = ids.size() - 1; i >= 0; i--) {
            Matcher m = REF.matcher(ids.get(i));
            if (m.matches() && m.group(1).equals(chat)) {
                return m.group(2);
            }
        }
        return null;
    }
}
