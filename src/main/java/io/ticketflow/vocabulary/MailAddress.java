package io.ticketflow.vocabulary;

import java.util.List;
import java.util.Locale;

/** One mailbox address as parsed from a header: lower-cased address and the decoded display name. */
public record MailAddress(String address, String name) {

    public MailAddress {
        address = address == null ? null : address.trim().toLowerCase(Locale.ROOT);
    }

    public String domain() {
        int at = address == null ? -1 : address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1);
    }

    /** "Name &lt;address&gt;" for display, the bare address without a name. */
    public String display() {
        return name == null || name.isBlank() ? address : name + " <" + address + ">";
    }

    /** The bare addresses of a list, in order. */
    public static List<String> addressesOf(List<MailAddress> list) {
        return list.stream().map(MailAddress::address).toList();
    }
}
