package io.ticketflow.parse.mime;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** The decoded content of a part. */
final class PartBytes {

    private PartBytes() {
    }

    static byte[] read(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /**
     * A message/rfc822 part's bytes. RFC 2046 forbids base64 or quoted-printable there, so Jakarta Mail does not decode
     * them; real senders use them anyway, so they are decoded here.
     */
    static byte[] readEmbedded(Part part) throws MessagingException, IOException {
        String encoding = part instanceof MimePart mp ? mp.getEncoding() : null;
        encoding = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
        if (part instanceof MimeBodyPart body && (encoding.equals("base64") || encoding.equals("quoted-printable"))) {
            try (InputStream in = MimeUtility.decode(body.getRawInputStream(), encoding)) {
                return in.readAllBytes();
            }
        }
        if (part instanceof MimeMessage message && (encoding.equals("base64") || encoding.equals("quoted-printable"))) {
            try (InputStream in = MimeUtility.decode(message.getRawInputStream(), encoding)) {
                return in.readAllBytes();
            }
        }
        return read(part);
    }
}
