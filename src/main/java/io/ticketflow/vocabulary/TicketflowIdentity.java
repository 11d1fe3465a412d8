package io.ticketflow.vocabulary;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who Ticketflow is on the wire: the addresses it receives on and sends from, the domain of the Message-IDs it mints
 * and the tag it puts in subjects. Screening, threading and responding all need to recognise our own mail.
 *
 * @param supportAddresses every address customers write to (our own addresses are never answered automatically)
 * @param fromAddress      sender of acknowledgements and follow-ups
 * @param messageIdDomain  right-hand side of the Message-IDs we mint
 * @param tagPrefix        subject tag prefix: {@code [TF#123456]}
 * @param instanceName     value of our loop header, so mail we sent that comes back is recognised
 * @param secret           HMAC key for the tokens in our Message-IDs (threading issue); set it in production
 */
@Validated
@ConfigurationProperties("ticketflow.identity")
public record TicketflowIdentity(
        List<String> supportAddresses,
        @NotBlank String fromAddress,
        String fromName,
        @NotBlank String messageIdDomain,
        @NotBlank String tagPrefix,
        @NotBlank String instanceName,
        String secret) {

    public static final String LOOP_HEADER = "X-Ticketflow-Loop";

    public TicketflowIdentity {
        supportAddresses = supportAddresses == null ? List.of()
                : supportAddresses.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).toList();
        fromName = fromName == null ? "Support" : fromName;
        secret = secret == null ? "" : secret;
    }

    public boolean isOwnAddress(String address) {
        if (address == null) {
            return false;
        }
        String a = address.toLowerCase(Locale.ROOT);
        return a.equals(fromAddress.toLowerCase(Locale.ROOT)) || supportAddresses.contains(a);
    }

    public boolean isOwnMessageId(String messageId) {
        return messageId != null && messageId.toLowerCase(Locale.ROOT).endsWith("@" + messageIdDomain.toLowerCase(Locale.ROOT));
    }
}
