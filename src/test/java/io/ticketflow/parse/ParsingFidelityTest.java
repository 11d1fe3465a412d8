package io.ticketflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.ticketflow.parse.extract.TestPdf;
import io.ticketflow.vocabulary.DeliveryReport;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Real-world mail shapes the parser must understand (issue 4): headers, charsets, encodings, parts, reports, limits. */
class ParsingFidelityTest {

    private final MessageParser parser = new MessageParser();

    private static byte[] crlf(String rfc822) {
        return rfc822.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private ParsedMessage parse(String rfc822) {
        return parser.parse(RawMessage.of(crlf(rfc822), "test", "test"));
    }

    private ParsedMessage parse(byte[] bytes) {
        return parser.parse(RawMessage.of(bytes, "test", "test"));
    }

    /** Headers in ASCII, the body in the given bytes. */
    private static byte[] withBody(String headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(crlf(headers + "\n"));
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Test
    void shouldDecodeMalformedAndSplitEncodedWords() {
        ParsedMessage message = parse("""
                From: =?utf-8?Q?J=C3=BCrgen_M=C3=BCller?= <jm@example.com>
                Subject: =?utf-8?B?w6k=?= =?utf-8?B?w6k=?=x=?iso-8859-1?q?caf=E9?= "=?utf-8?Q?quoted_=E2=82=AC?=" =?bogus-cs?Q?keep?= =?utf-8?B?!!!?=
                Message-ID: <1@example.com>

                body
                """);

        assertThat(message.from().name()).isEqualTo("Jürgen Müller");
        assertThat(message.subject()).startsWith("éé").contains("xcafé").contains("quoted €")
                .contains("=?bogus-cs?Q?keep?=");
    }

    @Test
    void shouldSplitAMultiByteCharacterAcrossTwoEncodedWords() {
        // "€" is E2 82 AC: the first word ends in the middle of it
        ParsedMessage message = parse("""
                From: a@example.com
                Subject: =?utf-8?Q?price_=E2=82?= =?utf-8?Q?=AC_10?=
                Message-ID: <1@example.com>

                body
                """);

        assertThat(message.subject()).isEqualTo("price € 10");
    }

    @Test
    void shouldDecodeRfc2231FileNamesAndUnfoldLongDuplicateHeaders() {
        ParsedMessage message = parse("""
                From: a@example.com
                Subject: a very long subject that goes on
                 and is folded over
                \tthree lines
                Subject: a second subject header that must not win
                Received: from one
                Received: from two
                Message-ID: <1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                see files
                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment; filename*=UTF-8''%E2%82%AC%20rates.bin

                AAAA
                --b
                Content-Type: application/octet-stream
                Content-Disposition: attachment;
                 filename*0*=iso-8859-1''Gr%FC%DFe;
                 filename*1=".bin"

                BBBB
                --b--
                """);

        assertThat(message.subject()).isEqualTo("a very long subject that goes on and is folded over three lines");
        assertThat(message.headers().get("received")).containsExactly("from one", "from two");
        assertThat(message.attachments()).extracting(ParsedMessage.Attachment::name)
                .containsExactly("€ rates.bin", "Grüße.bin");
    }

    @Test
    void shouldDetectIso2022JpWithoutDeclaredCharset() {
        byte[] body = "お問い合わせありがとうございます".getBytes(Charset.forName("ISO-2022-JP"));
        ParsedMessage message = parse(withBody("""
                From: a@example.com
                Message-ID: <1@example.com>
                Content-Type: text/plain
                """, body));

        assertThat(message.text()).isEqualTo("お問い合わせありがとうございます");
    }

    @Test
    void shouldDetectGb18030AndKoi8rWithoutDeclaredCharset() {
        String chinese = "您好，我的打印机坏了，无法打印任何文件。请尽快派人来修理，谢谢您的帮助和支持。我们办公室的所有同事都需要使用它。";
        ParsedMessage gb = parse(withBody("""
                From: a@example.com
                Message-ID: <1@example.com>
                """, chinese.getBytes(Charset.forName("GB18030"))));
        String russian = "Здравствуйте, у меня не работает принтер. Пожалуйста, пришлите специалиста как можно скорее, спасибо.";
        ParsedMessage koi = parse(withBody("""
                From: a@example.com
                Message-ID: <2@example.com>
                """, russian.getBytes(Charset.forName("KOI8-R"))));

        assertThat(gb.text()).isEqualTo(chinese);
        assertThat(koi.text()).isEqualTo(russian);
    }

    @Test
    void shouldReadGb2312LabelledMailAsGb18030() {
        String text = "打印机坏了 𠀀"; // the last character exists only in GB18030
        ParsedMessage message = parse(withBody("""
                From: a@example.com
                Message-ID: <1@example.com>
                Content-Type: text/plain; charset=gb2312
                """, text.getBytes(Charset.forName("GB18030"))));

        assertThat(message.text()).isEqualTo(text);
    }

    @Test
    void shouldUnflowFormatFlowedText() {
        ParsedMessage message = parse("""
                From: a@example.com
                Message-ID: <1@example.com>
                Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes

                This is a long para\s
                graph that was wrapped \s
                by the client.
                 >not a quote, stuffed
                >> quoted line that \s
                >> continues

                --\s
                Jane
                """);

        assertThat(message.text()).startsWith("This is a long paragraph that was wrapped by the client.\n>not a quote, stuffed\n>> quoted line that continues");
        assertThat(message.signature()).contains("Jane");
    }

    @Test
    void shouldDecodeUuencodedFilesInsideATextBody() {
        String encoded = "begin 644 hello.txt\n" + uuencode("Hello, support!\n") + "`\nend\n";
        ParsedMessage message = parse("""
                From: a@example.com
                Message-ID: <1@example.com>

                Log attached.

                """ + encoded);

        assertThat(message.text()).contains("Log attached.").contains("[attachment: hello.txt]").doesNotContain("begin 644");
        assertThat(message.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("hello.txt");
            assertThat(a.size()).isEqualTo(16);
            assertThat(a.text()).isEqualTo("Hello, support!\n");
        });
    }

    private static String uuencode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        StringBuilder out = new StringBuilder();
        for (int start = 0; start < bytes.length; start += 45) {
            int n = Math.min(45, bytes.length - start);
            out.append((char) (' ' + n));
            for (int i = 0; i < n; i += 3) {
                int b0 = bytes[start + i] & 0xFF;
                int b1 = i + 1 < n ? bytes[start + i + 1] & 0xFF : 0;
                int b2 = i + 2 < n ? bytes[start + i + 2] & 0xFF : 0;
                int[] s = { b0 >> 2, ((b0 & 3) << 4) | (b1 >> 4), ((b1 & 0xF) << 2) | (b2 >> 6), b2 & 0x3F };
                for (int c : s) {
                    out.append(c == 0 ? '`' : (char) (' ' + c));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Test
    void shouldKeepLinksAndChooseHtmlWhenThePlainAlternativeIsEmpty() {
        ParsedMessage message = parse("""
                From: a@example.com
                Message-ID: <1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary=alt

                --alt
                Content-Type: text/plain

                \s
                --alt
                Content-Type: multipart/related; boundary=rel

                --rel
                Content-Type: text/html; charset=utf-8

                <p>Please <a href="https://portal.example.com/reset">reset my password</a>.</p>
                <ul><li>one</li><li>two</li></ul><img src="cid:logo@x" alt="logo">
                --rel
                Content-Type: image/png
                Content-ID: <logo@x>

                iVBORw0KGgo=
                --rel--
                --alt--
                """);

        assertThat(message.text()).contains("Please reset my password <https://portal.example.com/reset>.")
                .contains("- one\n- two");
        assertThat(message.attachments()).singleElement().satisfies(a -> {
            assertThat(a.contentId()).isEqualTo("logo@x");
            assertThat(a.inline()).isTrue();
            assertThat(a.extraction()).isEqualTo("none");
        });
    }

    @Test
    void shouldKeepAForwardedMessageAsStructure() {
        ParsedMessage message = parse("""
                From: a@example.com
                Message-ID: <1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                See the customer's mail below.
                --b
                Content-Type: message/rfc822

                From: Customer <c@example.org>
                To: a@example.com
                Subject: Broken printer
                Message-ID: <orig@example.org>
                Content-Type: text/plain

                The printer is on fire.
                --b--
                """);

        assertThat(message.text()).isEqualTo("See the customer's mail below.");
        assertThat(message.attachments()).singleElement().satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("message/rfc822");
            assertThat(a.message().from().address()).isEqualTo("c@example.org");
            assertThat(a.message().subject()).isEqualTo("Broken printer");
            assertThat(a.message().messageId()).isEqualTo("orig@example.org");
            assertThat(a.message().text()).isEqualTo("The printer is on fire.");
        });
    }

    @Test
    void shouldParseADeliveryStatusNotificationIntoFields() {
        ParsedMessage message = parse("""
                From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
                To: support@ticketflow.local
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <bounce1@mx.example.com>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary=r

                --r
                Content-Type: text/plain

                I'm sorry to have to inform you that your message could not be delivered.
                --r
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example.com
                Arrival-Date: Mon, 3 Mar 2025 10:00:00 +0000

                Final-Recipient: rfc822; gone@example.org
                Original-Recipient: rfc822;gone@example.org
                Action: failed
                Status: 5.1.1
                Remote-MTA: dns; mx.example.org
                Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>: Recipient address
                    rejected: User unknown

                --r
                Content-Type: text/rfc822-headers

                From: support@ticketflow.local
                To: gone@example.org
                Subject: [TF#100001] We received your request
                Message-ID: <tf.100001.abc@ticketflow.local>
                --r--
                """);

        DeliveryReport report = message.deliveryReport();
        assertThat(report.type()).isEqualTo(DeliveryReport.DSN);
        assertThat(report.reportingMta()).isEqualTo("mx.example.com");
        assertThat(report.originalMessageId()).isEqualTo("tf.100001.abc@ticketflow.local");
        assertThat(report.recipients()).singleElement().satisfies(r -> {
            assertThat(r.finalRecipient()).isEqualTo("gone@example.org");
            assertThat(r.action()).isEqualTo("failed");
            assertThat(r.status()).isEqualTo("5.1.1");
            assertThat(r.diagnosticCode()).contains("User unknown");
            assertThat(r.remoteMta()).isEqualTo("mx.example.org");
        });
        assertThat(report.failedAddresses()).containsExactly("gone@example.org");
    }

    @Test
    void shouldParseAReadReceipt() {
        ParsedMessage message = parse("""
                From: c@example.org
                Message-ID: <mdn1@example.org>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=disposition-notification; boundary=r

                --r
                Content-Type: text/plain

                Your message was displayed.
                --r
                Content-Type: message/disposition-notification

                Reporting-UA: mail.example.org; Webmail
                Final-Recipient: rfc822; c@example.org
                Original-Message-ID: <tf.100002.x@ticketflow.local>
                Disposition: manual-action/MDN-sent-manually; displayed
                --r--
                """);

        assertThat(message.deliveryReport().type()).isEqualTo(DeliveryReport.MDN);
        assertThat(message.deliveryReport().originalMessageId()).isEqualTo("tf.100002.x@ticketflow.local");
        assertThat(message.deliveryReport().disposition()).contains("displayed");
        assertThat(message.deliveryReport().failedAddresses()).isEmpty();
    }

    @Test
    void shouldKeepNewContentQuotedHistoryAndSignatureApart() {
        ParsedMessage message = parse("""
                From: a@example.com
                Message-ID: <1@example.com>
                Content-Type: text/plain; charset=utf-8

                Der Drucker geht wieder, danke!

                Viele Grüße
                --\s
                Anna Schmidt, ACME GmbH

                -----Ursprüngliche Nachricht-----
                Von: Support <support@ticketflow.local>
                Gesendet: Montag, 3. März 2025 10:00
                An: Anna Schmidt <a@example.com>
                Betreff: [TF#100001] Drucker

                Bitte starten Sie den Drucker neu.
                """);

        assertThat(message.newContent()).isEqualTo("Der Drucker geht wieder, danke!\n\nViele Grüße");
        assertThat(message.signature()).contains("Anna Schmidt, ACME GmbH");
        assertThat(message.quotedHistory()).startsWith("-----Ursprüngliche Nachricht-----")
                .contains("Bitte starten Sie den Drucker neu.");
        assertThat(message.text()).contains("Der Drucker geht wieder", "Anna Schmidt", "Bitte starten Sie");
    }

    @Test
    void shouldRecognizeReplyHeadersInSeveralLanguagesAndLayouts() {
        String[] attributions = {
                "On Mon, Mar 3, 2025 at 10:00 AM Support <support@ticketflow.local> wrote:",
                "Am 03.03.2025 um 10:00 schrieb Support <support@ticketflow.local>:",
                "Le lun. 3 mars 2025 à 10:00, Support <support@ticketflow.local> a écrit :",
                "El lun, 3 mar 2025 a las 10:00, Support (<support@ticketflow.local>) escribió:",
                "Op ma 3 mrt. 2025 om 10:00 schreef Support <support@ticketflow.local>:",
                "From: Support <support@ticketflow.local>\nSent: Monday, March 3, 2025 10:00 AM\nTo: Jane\nSubject: RE: printer",
                "________________________________\nVan: Support <support@ticketflow.local>\nVerzonden: maandag 3 maart 2025 10:00\nAan: Jane\nOnderwerp: printer",
                "De : Support <support@ticketflow.local>\nEnvoyé : lundi 3 mars 2025 10:00\nÀ : Jane\nObjet : imprimante",
                "Begin forwarded message:\n\nFrom: Support <support@ticketflow.local>" };
        for (String attribution : attributions) {
            ReplySplitter.Split split = ReplySplitter.split("It works now.\n\n" + attribution + "\n\n> Please restart it.\n");
            assertThat(split.newContent()).as(attribution).isEqualTo("It works now.");
            assertThat(split.quotedHistory()).as(attribution).contains("Please restart it.");
        }
    }

    @Test
    void shouldKeepInlineAnswersAsNewContent() {
        ReplySplitter.Split split = ReplySplitter.split("""
                On Mon, Mar 3, 2025 at 10:00 AM Support <support@ticketflow.local> wrote:
                > Which model is it?
                HP 4050.
                > Which floor?
                Third.
                """);

        assertThat(split.newContent()).contains("HP 4050.").contains("Third.");
    }

    @Test
    void shouldStripAndRecordInboundControlHeaders() {
        ParsedMessage message = parse("""
                From: mallory@example.com
                Message-ID: <1@example.com>
                X-Ticketflow-Ticket-Id: 42
                X-TICKETFLOW-Priority: urgent
                Subject: hi

                body
                """);

        assertThat(message.headers()).doesNotContainKeys("x-ticketflow-ticket-id", "x-ticketflow-priority");
        assertThat(message.header("X-Ticketflow-Priority")).isNull();
        assertThat(message.controlHeaders()).containsKeys("x-ticketflow-ticket-id", "x-ticketflow-priority");
        assertThat(message.warnings()).anySatisfy(w -> assertThat(w).contains("x-ticketflow-priority removed"));
    }

    @Test
    void shouldRecordDepthPartAndHeaderLimitsInsteadOfFailing() {
        StringBuilder deep = new StringBuilder("From: a@example.com\nMessage-ID: <1@example.com>\nMIME-Version: 1.0\n");
        for (int i = 0; i < 40; i++) {
            deep.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append('\n');
        }
        deep.append("Content-Type: text/plain\n\ntoo deep\n");
        ParsedMessage nested = parse(deep.toString());

        StringBuilder wide = new StringBuilder("From: a@example.com\nMessage-ID: <2@example.com>\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=w\n\n");
        for (int i = 0; i < 1100; i++) {
            wide.append("--w\nContent-Type: text/plain\n\npart ").append(i).append('\n');
        }
        wide.append("--w--\n");
        ParsedMessage many = parse(wide.toString());

        StringBuilder headers = new StringBuilder("From: a@example.com\nMessage-ID: <3@example.com>\n");
        for (int i = 0; i < 6000; i++) {
            headers.append("X-Filler-").append(i).append(": ").append("x".repeat(60)).append('\n');
        }
        ParsedMessage longHeaders = parse(headers.append("\nthe body\n").toString());

        assertThat(nested.warnings()).anySatisfy(w -> assertThat(w).contains("MIME nesting deeper than 32"));
        assertThat(many.warnings()).anySatisfy(w -> assertThat(w).contains("more than 1000 MIME parts"));
        assertThat(many.text()).contains("part 998").doesNotContain("part 1005");
        assertThat(longHeaders.warnings()).anySatisfy(w -> assertThat(w).contains("header block larger than"));
        assertThat(longHeaders.text()).isEqualTo("the body");
        assertThat(longHeaders.from().address()).isEqualTo("a@example.com");
    }

    @Test
    void shouldExtractPdfAttachmentTextThroughTheWorkers() throws Exception {
        byte[] pdf = TestPdf.of("Order 998877 arrived damaged");
        ParsedMessage message = parse(withBody("""
                From: a@example.com
                Message-ID: <1@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=b
                """, crlf("""
                --b
                Content-Type: text/plain

                see attachment
                --b
                Content-Type: application/pdf; name=order.pdf
                Content-Disposition: attachment; filename=order.pdf
                Content-Transfer-Encoding: base64

                """ + Base64.getMimeEncoder().encodeToString(pdf) + "\n--b--\n")));

        assertThat(message.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("order.pdf");
            assertThat(a.size()).isEqualTo(pdf.length);
            assertThat(a.extraction()).isEqualTo("extracted");
            assertThat(a.text()).contains("Order 998877 arrived damaged");
        });
    }
}
