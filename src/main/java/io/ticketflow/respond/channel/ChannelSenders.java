package io.ticketflow.respond.channel;

import io.ticketflow.store.OutboxEntry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The configured channel senders, chosen by the recipient: an entry to {@code telegram:<id>} goes to the Telegram
 * sender. An entry for a channel that is not configured fails like an unreachable mail server (retried, the error on
 * the ticket), so configuring the channel later sends it.
 */
@Component
public class ChannelSenders {

    private final Map<String, ChannelSender> byChannel;

    public ChannelSenders(List<ChannelSender> senders) {
        this.byChannel = senders.stream().collect(Collectors.toUnmodifiableMap(ChannelSender::channel,
                Function.identity()));
    }

    /** A chat recipient is a channel identity ({@code channel:id}); it never contains an {@code @}. */
    public static boolean isChat(String to) {
        return to != null && !to.contains("@") && to.indexOf(':') > 0;
    }

    public Delivery send(OutboxEntry entry) {
        String channel = entry.to().substring(0, entry.to().indexOf(':')).toLowerCase(Locale.ROOT);
        ChannelSender sender = byChannel.get(channel);
        if (sender == null) {
            return Delivery.failed("channel " + channel + " is not configured for sending (ticketflow.channels."
                    + channel + ")", null);
        }
        try {
            return sender.send(entry);
        }
        catch (RuntimeException e) {
            return Delivery.failed(channel + ": " + e, null);
        }
    }
}
