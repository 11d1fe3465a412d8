package io.ticketflow.respond;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The encoding decided from the String is the one Jakarta Mail decides by writing the part into its counting stream,
 * and a text part set as SmtpSender sets it (bytes and that encoding) is written byte for byte as Jakarta Mail writes
 * the String it was given.
 */
class TransferEncodingTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    static List<String> texts() {
        List<String> texts = new ArrayList<>(List.of(
                "",
                "Thank you, we received your message.\n\n[TF#1234]\n",
                "Tab\tand CRLF\r\nlines\r\n",
                "Grüße aus München, Ihr Support-Team\n",
                "Здравствуйте! Мы получили ваше сообщение.\n",
                "您好，我们已收到您的邮件。\n",
                "Emoji 😀 and ascii words around it to keep most bytes ascii\n",
                "😀😀😀",
                "bell \u0007 and DEL \u007f are control characters",
                "NUL \u0000 in text",
                "CR only\rline\r",
                "x".repeat(998) + "\n",
                "x".repeat(999) + "\n",
                "x".repeat(2000),
                "x".repeat(996) + "ü\n",
                "x".repeat(997) + "ü\n",
                "x".repeat(995) + "€\n",
                "x".repeat(996) + "€\n",
                "x".repeat(994) + "😀\n",
                "x".repeat(995) + "😀\n",
                "short\n" + "y".repeat(1500) + "\nü",
                "äb", "äbc", "ä", "ab€", "abc€", "abcd€"));
        Random random = new Random(12);
        char[] alphabet = ("abc XYZ 019.,\n\r\t\u0001\u007fäöüß€Жя中😀").toCharArray();
        for (int n = 0; n < 400; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(n < 300 ? 80 : 3000);
            for (int i = 0; i < length; i++) {
                char c = alphabet[random.nextInt(alphabet.length)];
                if (Character.isSurrogate(c)) {
                    s.append("😀"); // a whole pair: lone surrogates are left to Jakarta Mail
                }
                else {
                    s.append(c);
                }
            }
            if (n % 5 == 0) {
                s.append("z".repeat(990 + random.nextInt(20)));
            }
            texts.add(s.toString());
        }
        return texts;
    }

    @Test
    void decidesWhatJakartaMailDecidesForTextAndHtml() throws Exception {
        for (String text : texts()) {
            for (String subtype : List.of("plain", "html")) {
                MimeBodyPart part = new MimeBodyPart();
                part.setText(text, "UTF-8", subtype);
                assertThat(TransferEncoding.ofUtf8(text)).as("encoding of %s", quoted(text))
                        .isEqualTo(MimeUtility.getEncoding(part.getDataHandler()));
            }
        }
    }

    @Test
    void aMessageAsSmtpSenderSetsItsTextIsWrittenByteForByteAsJakartaMailWritesIt() throws Exception {
        for (String text : texts()) {
            MimeMessage byJakarta = message();
            byJakarta.setText(text, "UTF-8");
            MimeMessage bySender = message();
            SmtpSender.setText(bySender, text, "plain");
            assertThat(written(bySender)).as("message of %s", quoted(text)).isEqualTo(written(byJakarta));
        }
    }

    @Test
    void bothPartsOfAnAlternativeAreWrittenByteForByteAsJakartaMailWritesThem() throws Exception {
        for (String text : texts()) {
            String html = "<p>" + text + "</p>";
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text, "UTF-8", "plain");
            MimeBodyPart rich = new MimeBodyPart();
            rich.setText(html, "UTF-8", "html");
            MimeMessage byJakarta = message();
            byJakarta.setContent(new MimeMultipart("alternative", plain, rich));
            MimeBodyPart senderPlain = new MimeBodyPart();
            SmtpSender.setText(senderPlain, text, "plain");
            MimeBodyPart senderRich = new MimeBodyPart();
            SmtpSender.setText(senderRich, html, "html");
            MimeMessage bySender = message();
            bySender.setContent(new MimeMultipart("alternative", senderPlain, senderRich));
            assertThat(withoutBoundaries(written(bySender))).as("message of %s", quoted(text))
                    .isEqualTo(withoutBoundaries(written(byJakarta)));
        }
    }

    @Test
    void nonAsciiAndLongLinesAreNeverSentAs7bit() {
        assertThat(TransferEncoding.ofUtf8("plain ascii\n")).isEqualTo("7bit");
        assertThat(TransferEncoding.ofUtf8("Grüße aus München\n")).isEqualTo("quoted-printable");
        assertThat(TransferEncoding.ofUtf8("Grüße\n")).as("as many non-ASCII bytes as ASCII").isEqualTo("base64");
        assertThat(TransferEncoding.ofUtf8("x".repeat(999))).as("over RFC 5322's 998").isEqualTo("quoted-printable");
        assertThat(TransferEncoding.ofUtf8("Здравствуйте")).isEqualTo("base64");
        assertThat(TransferEncoding.ofUtf8("lone \ud800 surrogate")).as("left to Jakarta Mail").isNull();
    }

    private static MimeMessage message() throws Exception {
        MimeMessage message = new MimeMessage(SESSION) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", "<fixed@ticketflow.local>");
            }
        };
        message.setSubject("same");
        message.setSentDate(new java.util.Date(1_800_000_000_000L));
        return message;
    }

    private static String written(MimeMessage message) throws Exception {
        message.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** MIME boundaries are unique per multipart. */
    private static String withoutBoundaries(String mail) {
        return mail.replaceAll("----=_Part_[0-9_.]+", "BOUNDARY");
    }

    private static String quoted(String text) {
        return text.length() > 60 ? "\"" + text.substring(0, 60) + "...\" (" + text.length() + " chars)" : "\"" + text + "\"";
    }
}
