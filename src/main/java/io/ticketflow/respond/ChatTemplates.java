package io.ticketflow.respond;

import java.util.Locale;

/**
 * Chat customers get short plain-text variants of the templates: {@code NAME-<channel>} (e.g.
 * {@code acknowledgement-telegram}) if it exists, else {@code NAME-chat}, else the mail template itself. A chat
 * customer's address is its channel identity ({@code telegram:<id>}), which never contains an {@code @}.
 */
final class ChatTemplates {

    private ChatTemplates() {
    }

    static boolean isChatAddress(String address) {
        return io.ticketflow.respond.channel.ChannelSenders.isChat(address);
    }

    /** The channel of a chat address ({@code telegram}), or null for an e-mail address. */
    static String channelOf(String address) {
        return isChatAddress(address) ? address.substring(0, address.indexOf(':')).toLowerCase(Locale.ROOT) : null;
    }

    static String variant(TemplateRenderer templates, String name, String recipient) {
        String channel = channelOf(recipient);
        if (channel == null) {
            return name;
        }
        if (templates.exists(name + "-" + channel)) {
            return name + "-" + channel;
        }
        return templates.exists(name + "-chat") ? name + "-chat" : name;
    }
}
