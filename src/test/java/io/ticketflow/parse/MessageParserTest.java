package io.ticketflow.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageParserTest {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final MessageParser parser = new MessageParser();

    private static RawMessage raw(String rfc822, Charset charset) {
        return RawMessage.of(rfc822.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(charset), "test", "test");
    }

    private static RawMessage raw(String rfc822) {
        return raw(rfc822, StandardCharsets.UTF_8);
    }

    private ParsedMessage parse(String rfc822) {
        return parser.parse(raw(rfc822));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void shouldDecodeUtf8Base64EncodedWordSubject() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.subject()).isEqualTo("Grüße aus Köln");
    }

    @Test
    void shouldDecodeUtf8QuotedPrintableEncodedWordSubject() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Subject: =?utf-8?Q?Caf=C3=A9_cr=C3=A8me_br=C3=BBl=C3=A9e?=
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.subject()).isEqualTo("Café crème brûlée");
    }

    @Test
    void shouldDecodeIso88591EncodedWordSubject() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_M=FCnchen?=
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.subject()).isEqualTo("Grüße aus München");
    }

    @Test
    void shouldJoinFoldedAdjacentEncodedWords() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Subject: Re: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=
                 =?UTF-8?Q?_aus_K=C3=B6ln?= again
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.subject()).isEqualTo("Re: Grüße aus Köln again");
    }

    @Test
    void shouldDecodeRawEightBitUtf8Subject() {
        ParsedMessage message = parser.parse(raw("""
                From: jane@example.com
                Subject: Grüße aus Köln – 日本語
                Message-ID: <1@example.com>

                Hello
                """, StandardCharsets.UTF_8));

        assertThat(message.subject()).isEqualTo("Grüße aus Köln – 日本語");
    }

    @Test
    void shouldDecodeRawEightBitWindows1252Subject() {
        ParsedMessage message = parser.parse(raw("""
                From: jane@example.com
                Subject: Réclamation – facture “urgente” 50 €
                Message-ID: <1@example.com>

                Hello
                """, WINDOWS_1252));

        assertThat(message.subject()).isEqualTo("Réclamation – facture “urgente” 50 €");
    }

    @Test
    void shouldGiveEmptySubjectWhenHeaderIsMissing() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.subject()).isEmpty();
    }

    @Test
    void shouldDecodeIso88591EncodedDisplayName() {
        ParsedMessage message = parse("""
                From: =?ISO-8859-1?Q?Ren=E9_M=FCller?= <Rene.Mueller@Example.COM>
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.from().name()).isEqualTo("René Müller");
        assertThat(message.from().address()).isEqualTo("rene.mueller@example.com");
    }

    @Test
    void shouldDecodeUtf8Base64DisplayName() {
        ParsedMessage message = parse("""
                From: =?UTF-8?B?0JjQstCw0L0g0J/QtdGC0YDQvtCy?= <ivan@example.ru>
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.from().name()).isEqualTo("Иван Петров");
        assertThat(message.from().address()).isEqualTo("ivan@example.ru");
    }

    @Test
    void shouldDecodeIso2022JpDisplayNameAndSubject() {
        ParsedMessage message = parse("""
                From: =?ISO-2022-JP?B?GyRCOzNFREJATzobKEI=?= <taro@example.jp>
                Subject: =?ISO-2022-JP?B?GyRCRnxLXDhsJE43b0w+GyhC?=
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.from().name()).isEqualTo("山田太郎");
        assertThat(message.subject()).isEqualTo("日本語の件名");
    }

    @Test
    void shouldDecodeRawEightBitUtf8DisplayName() {
        ParsedMessage message = parse("""
                From: Jörg Weiß <joerg@example.de>
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.from().name()).isEqualTo("Jörg Weiß");
        assertThat(message.from().address()).isEqualTo("joerg@example.de");
    }

    @Test
    void shouldKeepEncodedDisplayNameWithCommaAsOneAddress() {
        // Outlook writes "Last, First" names with non-ASCII letters as one encoded word containing the comma
        ParsedMessage message = parse("""
                From: =?UTF-8?Q?M=C3=BCller=2C_Ren=C3=A9?= <rene@example.com>
                To: =?UTF-8?Q?Support=2C_Team?= <support@ticketflow.local>, other@example.com
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.from().address()).isEqualTo("rene@example.com");
        assertThat(message.from().name()).isEqualTo("Müller, René");
        assertThat(message.to()).extracting(MailAddress::address)
                .containsExactly("support@ticketflow.local", "other@example.com");
    }

    @Test
    void shouldNotLetAnEncodedDisplayNameChangeTheSenderAddress() {
        // the display name decodes to 'Boss <ceo@ticketflow.local>,' - it is a name, not an address
        ParsedMessage message = parse("""
                From: =?UTF-8?B?Qm9zcyA8Y2VvQHRpY2tldGZsb3cubG9jYWw+LA==?= <attacker@evil.example>
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.from().address()).isEqualTo("attacker@evil.example");
    }

    @Test
    void shouldParseToCcAndReplyTo() {
        ParsedMessage message = parse("""
                From: Jane <jane@example.com>
                Reply-To: Jane's Team <team@example.com>
                To: support@ticketflow.local, "Bob" <bob@example.com>
                Cc: carol@example.com
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.to()).extracting(MailAddress::address)
                .containsExactly("support@ticketflow.local", "bob@example.com");
        assertThat(message.cc()).extracting(MailAddress::address).containsExactly("carol@example.com");
        assertThat(message.replyTo().address()).isEqualTo("team@example.com");
        assertThat(message.replyAddress().address()).isEqualTo("team@example.com");
        assertThat(message.from().address()).isEqualTo("jane@example.com");
    }

    @Test
    void shouldUseSenderWhenFromIsMissing() {
        ParsedMessage message = parse("""
                Sender: Jane <jane@example.com>
                Message-ID: <1@example.com>

                Hello
                """);

        assertThat(message.from().address()).isEqualTo("jane@example.com");
    }

    @Test
    void shouldStripAngleBracketsFromMessageId() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <CAF=abc.123@mail.example.com>

                Hello
                """);

        assertThat(message.messageId()).isEqualTo("CAF=abc.123@mail.example.com");
        assertThat(message.messageIdSynthetic()).isFalse();
    }

    @Test
    void shouldGiveSyntheticStableIdToMailWithoutMessageId() {
        String mail = """
                From: jane@example.com
                Subject: no id

                Hello
                """;

        ParsedMessage first = parser.parse(raw(mail));
        ParsedMessage second = parser.parse(raw(mail));

        assertThat(first.messageIdSynthetic()).isTrue();
        assertThat(first.messageId()).isNotBlank().contains("@").doesNotContain("<", ">");
        assertThat(first.warnings()).anySatisfy(w -> assertThat(w).containsIgnoringCase("Message-ID"));
        assertThat(second.messageId()).isEqualTo(first.messageId());
    }

    @Test
    void shouldGiveDifferentSyntheticIdsToDifferentMail() {
        ParsedMessage first = parse("""
                From: jane@example.com

                Hello
                """);
        ParsedMessage second = parse("""
                From: jane@example.com

                Hello again
                """);

        assertThat(first.messageId()).isNotEqualTo(second.messageId());
    }

    @Test
    void shouldParseInReplyToAndReferencesWithoutAngleBrackets() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <4@example.com>
                In-Reply-To: <3@ticketflow.local>
                References: <1@example.com> <2@ticketflow.local>
                 <3@ticketflow.local>

                Hello
                """);

        assertThat(message.inReplyTo()).containsExactly("3@ticketflow.local");
        assertThat(message.references()).containsExactly("1@example.com", "2@ticketflow.local", "3@ticketflow.local");
    }

    @Test
    void shouldOrderReferencedIdsInReplyToFirstThenNewestReference() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <4@example.com>
                In-Reply-To: <3@ticketflow.local>
                References: <1@example.com> <2@ticketflow.local> <3@ticketflow.local>

                Hello
                """);

        assertThat(message.referencedIds())
                .containsExactly("3@ticketflow.local", "2@ticketflow.local", "1@example.com");
    }

    @Test
    void shouldGiveEmptyListsWithoutThreadingHeaders() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <4@example.com>

                Hello
                """);

        assertThat(message.inReplyTo()).isEmpty();
        assertThat(message.references()).isEmpty();
        assertThat(message.referencedIds()).isEmpty();
    }

    @Test
    void shouldReadPlainTextBodyWithUnixLineEnds() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>
                Date: Mon, 3 Mar 2025 10:15:00 +0100
                Content-Type: text/plain; charset=utf-8

                My printer is broken.
                It shows error E42.
                """);

        assertThat(message.text()).isEqualTo("My printer is broken.\nIt shows error E42.");
        assertThat(message.sentAt()).isEqualTo(Instant.parse("2025-03-03T09:15:00Z"));
        assertThat(message.warnings()).isEmpty();
    }

    @Test
    void shouldPreferPlainTextInMultipartAlternative() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="alt"

                --alt
                Content-Type: text/html; charset=utf-8

                <html><body><p>HTML version of the text</p></body></html>
                --alt
                Content-Type: text/plain; charset=utf-8

                Plain version of the text
                --alt--
                """);

        assertThat(message.text()).isEqualTo("Plain version of the text");
    }

    @Test
    void shouldRenderHtmlOnlyMailAsTextWithoutScriptOrStyle() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>
                MIME-Version: 1.0
                Content-Type: text/html; charset=utf-8

                <html><head><title>Ticket</title>
                <style>p { color: red; } .hidden { display: none; }</style>
                <script>alert('head script');</script></head>
                <body><p>Hello <b>support</b>,</p><p>the invoice is wrong &amp; late.</p>
                <script type="text/javascript">var tracking = 'body script';</script></body></html>
                """);

        assertThat(message.text())
                .contains("Hello support")
                .contains("the invoice is wrong & late.")
                .doesNotContain("color", "display", "alert", "tracking", "script", "<p>", "<b>");
    }

    @Test
    void shouldDecodeUsAsciiDeclaredBodyWithWindows1252Bytes() {
        ParsedMessage message = parser.parse(raw("""
                From: jane@example.com
                Message-ID: <1@example.com>
                Content-Type: text/plain; charset=us-ascii

                Café, naïve façade – “quoted” 20 €
                """, WINDOWS_1252));

        assertThat(message.text()).isEqualTo("Café, naïve façade – “quoted” 20 €");
    }

    @Test
    void shouldDecodeIso88591DeclaredBodyWithWindows1252OnlyBytes() {
        // Outlook labels windows-1252 text as iso-8859-1; bytes 0x80-0x9F are C1 controls in ISO-8859-1
        ParsedMessage message = parser.parse(raw("""
                From: jane@example.com
                Message-ID: <1@example.com>
                Content-Type: text/plain; charset=iso-8859-1

                Preis: 20 € – “Angebot”
                """, WINDOWS_1252));

        assertThat(message.text()).isEqualTo("Preis: 20 € – “Angebot”");
    }

    @Test
    void shouldDecodeIso88591BodyAsDeclared() {
        ParsedMessage message = parser.parse(raw("""
                From: jane@example.com
                Message-ID: <1@example.com>
                Content-Type: text/plain; charset=iso-8859-1

                Grüße, Jürgen
                """, StandardCharsets.ISO_8859_1));

        assertThat(message.text()).isEqualTo("Grüße, Jürgen");
    }

    @Test
    void shouldDecodeQuotedPrintableBody() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: quoted-printable

                Caf=C3=A9 au lait, this line is soft=
                -wrapped and =3D signs survive.
                """);

        assertThat(message.text()).isEqualTo("Café au lait, this line is soft-wrapped and = signs survive.");
    }

    @Test
    void shouldDecodeBase64Body() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                SWhyZSBCZXN0ZWxsdW5nIHd1cmRlIHZlcnNhbmR0Lg0KVmllbGVuIERhbmsgZsO8ciBJaHJlbiBFaW5rYXVmIQ0K
                """);

        assertThat(message.text()).isEqualTo("Ihre Bestellung wurde versandt.\nVielen Dank für Ihren Einkauf!");
    }

    @Test
    void shouldWarnAboutEmptyBodyWithoutThrowing() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>
                Subject: (empty)

                """);

        assertThat(message.text()).isEmpty();
        assertThat(message.newContent()).isEmpty();
        assertThat(message.warnings()).anySatisfy(w -> assertThat(w).contains("no text body"));
    }

    @Test
    void shouldSplitNewContentFromQuotedHistoryButKeepFullText() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <2@example.com>
                Content-Type: text/plain; charset=utf-8

                Thanks, the printer works again.

                On Mon, 3 Mar 2025 at 10:00, Support <support@ticketflow.local> wrote:
                > Please restart the printer.
                > Regards, Support
                """);

        assertThat(message.newContent()).isEqualTo("Thanks, the printer works again.");
        assertThat(message.text())
                .contains("Thanks, the printer works again.")
                .contains("wrote:")
                .contains("> Please restart the printer.");
    }

    @Test
    void shouldSplitNewContentFromSignatureButKeepFullText() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <2@example.com>
                Content-Type: text/plain; charset=utf-8

                The VPN drops every ten minutes.

                --\s
                Jane Doe
                ACME Corp, +1 555 0100
                """);

        assertThat(message.newContent()).isEqualTo("The VPN drops every ten minutes.");
        assertThat(message.text()).contains("The VPN drops every ten minutes.").contains("Jane Doe", "ACME Corp");
    }

    @Test
    void shouldListAttachmentWithNameTypeSizeAndSha256() throws Exception {
        byte[] pdf = "%PDF-1.4 fake pdf content\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="mix"

                --mix
                Content-Type: text/plain; charset=utf-8

                Invoice attached.
                --mix
                Content-Type: application/pdf; name="invoice.pdf"
                Content-Disposition: attachment; filename="invoice.pdf"
                Content-Transfer-Encoding: base64

                %s
                --mix--
                """.formatted(Base64.getMimeEncoder().encodeToString(pdf)));

        assertThat(message.text()).isEqualTo("Invoice attached.");
        assertThat(message.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("invoice.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.size()).isEqualTo(pdf.length);
            assertThat(a.sha256()).isEqualTo(sha256(pdf));
            assertThat(a.inline()).isFalse();
        });
    }

    @Test
    void shouldDecodeRfc2231EncodedFilename() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="mix"

                --mix
                Content-Type: text/plain; charset=utf-8

                See attachment.
                --mix
                Content-Type: application/pdf
                Content-Disposition: attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz%20%E2%82%AC.pdf
                Content-Transfer-Encoding: base64

                JVBERi0xLjQK
                --mix--
                """);

        assertThat(message.attachments()).singleElement()
                .satisfies(a -> assertThat(a.name()).isEqualTo("Rechnung März €.pdf"));
    }

    @Test
    void shouldDecodeRfc2231ContinuedFilename() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="mix"

                --mix
                Content-Type: text/plain; charset=utf-8

                See attachment.
                --mix
                Content-Type: application/octet-stream
                Content-Disposition: attachment;
                 filename*0*=ISO-8859-1''%DCbersicht%20;
                 filename*1*=Gr%F6%DFen.xlsx
                Content-Transfer-Encoding: base64

                AAEC
                --mix--
                """);

        assertThat(message.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("Übersicht Größen.xlsx");
            assertThat(a.size()).isEqualTo(3);
        });
    }

    @Test
    void shouldDecodeRfc2047EncodedFilename() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="mix"

                --mix
                Content-Type: text/plain; charset=utf-8

                See attachment.
                --mix
                Content-Type: application/pdf; name="=?UTF-8?Q?Pr=C3=BCfbericht.pdf?="
                Content-Disposition: attachment; filename="=?UTF-8?Q?Pr=C3=BCfbericht.pdf?="
                Content-Transfer-Encoding: base64

                JVBERi0xLjQK
                --mix--
                """);

        assertThat(message.attachments()).singleElement()
                .satisfies(a -> assertThat(a.name()).isEqualTo("Prüfbericht.pdf"));
    }

    @Test
    void shouldListInlineImageWithContentId() {
        ParsedMessage message = parse("""
                From: jane@example.com
                Message-ID: <1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/related; boundary="rel"

                --rel
                Content-Type: text/html; charset=utf-8

                <html><body><p>Screenshot:</p><img src="cid:shot1@example.com"></body></html>
                --rel
                Content-Type: image/png
                Content-Disposition: inline
                Content-ID: <shot1@example.com>
                Content-Transfer-Encoding: base64

                iVBORw0KGgo=
                --rel--
                """);

        assertThat(message.text()).contains("Screenshot:");
        assertThat(message.attachments()).singleElement().satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("image/png");
            assertThat(a.contentId()).isEqualTo("shot1@example.com");
            assertThat(a.inline()).isTrue();
            assertThat(a.size()).isEqualTo(8);
        });
    }

    @Test
    void anAddressLongerThanAnyMailSystemAcceptsIsLeftOutSoTheSenderIsInvalidAndACopyGoesUnindexed() {
        String huge = "a".repeat(400) + "@example.com";
        assertThatThrownBy(() -> parse("From: " + huge + "\nMessage-ID: <1@example.com>\n\nHello\n"))
                .isInstanceOf(UnparseableMessageException.class)
                .hasMessageContaining("no valid sender address");

        ParsedMessage message = parse("From: jane@example.com\nCc: " + huge + ", tom@example.com\n"
                + "Message-ID: <2@example.com>\n\nHello\n");
        assertThat(message.cc()).extracting(MailAddress::address).containsExactly("tom@example.com");
        assertThat(message.warnings()).anySatisfy(w -> assertThat(w).contains("over-long address in cc header"));
    }

    @Test
    void aMessageIdLongerThanALineCountsAsAbsent() {
        ParsedMessage message = parse("From: jane@example.com\nMessage-ID: <" + "x".repeat(2000) + "@example.com>\n"
                + "In-Reply-To: <" + "y".repeat(2000) + "@example.com> <parent@example.com>\n\nHello\n");
        assertThat(message.messageId()).endsWith("@synthetic.ticketflow.invalid");
        assertThat(message.inReplyTo()).containsExactly("parent@example.com");
    }

    @Test
    void shouldRejectRandomBinary() {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);

        assertThatThrownBy(() -> parser.parse(RawMessage.of(garbage, "test", "test")))
                .isInstanceOf(UnparseableMessageException.class)
                .message().isNotBlank();
    }

    @Test
    void shouldRejectTextWithoutHeaderBlockSayingItIsNoMessage() {
        RawMessage notMail = raw("""
                Dear support, my printer is broken again.
                Please call me back tomorrow.
                """);

        assertThatThrownBy(() -> parser.parse(notMail))
                .isInstanceOf(UnparseableMessageException.class)
                .hasMessageContaining("not an RFC 822 message");
    }

    @Test
    void shouldRejectMessageWithoutFrom() {
        RawMessage noFrom = raw("""
                To: support@ticketflow.local
                Subject: who am I
                Message-ID: <1@example.com>

                Hello
                """);

        assertThatThrownBy(() -> parser.parse(noFrom))
                .isInstanceOf(UnparseableMessageException.class)
                .hasMessageContaining("sender");
    }

    @Test
    void shouldRejectMessageWhoseFromHasNoAddress() {
        RawMessage badFrom = raw("""
                From: undisclosed
                Subject: who am I
                Message-ID: <1@example.com>

                Hello
                """);

        assertThatThrownBy(() -> parser.parse(badFrom))
                .isInstanceOf(UnparseableMessageException.class)
                .hasMessageContaining("sender");
    }
}
