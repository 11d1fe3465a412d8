package io.ticketflow.bench;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deterministic support mail, as plain RFC 822 bytes that any helpdesk can import: new requests (plain text,
 * text+HTML, HTML only) and replies to earlier generated mails of the kinds a support mailbox sees (In-Reply-To and
 * References, References only, In-Reply-To only, Outlook with Thread-Index and its own quoting), in English, German,
 * French, Spanish and Dutch, some with a real PDF or DOCX attached. Replies always come from the customer who opened
 * the thread (optionally with a colleague in Cc) and always name an earlier mail, so a correct threader puts each
 * reply on its parent's ticket. The subject tag of a ticket is unknown when the mail is generated, so replies never
 * carry one. The same seed and count give the same bytes.
 */
public final class MailGenerator {

    /** What to generate. Shares are fractions of {@code count}. */
    public record Options(long seed, int count, double replyShare, double attachmentShare, String supportAddress) {

        public static Options of(long seed, int count) {
            return new Options(seed, count, 0.30, 0.05, "support@ticketflow.local");
        }
    }

    /**
     * One generated mail and what a correct pipeline must do with it.
     *
     * @param parentId the Message-ID this mail replies to (null for a new request)
     * @param rootId   the Message-ID of the mail that opened the thread (its own id for a new request)
     * @param kind     new-plain, new-html, new-alternative, reply-full, reply-references, reply-in-reply-to,
     *                 reply-outlook
     */
    public record Mail(int index, String messageId, String parentId, String rootId, String kind, String language,
            String from, String attachment, byte[] bytes) {

        public String fileName() {
            return String.format("%06d.eml", index);
        }

        public boolean isReply() {
            return parentId != null;
        }
    }

    private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /** Replies go to one of the threads opened most recently, as on a real support day. */
    private static final int RECENT_THREADS = 300;
    private static final String OUTLOOK = "X-Mailer: Microsoft Outlook 16.0";

    private final Options options;
    private final Random random;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Customer> customers = new ArrayList<>();
    private final Map<String, Set<String>> subjectsOf = new HashMap<>();

    public MailGenerator(Options options) {
        this.options = options;
        this.random = new Random(options.seed());
    }

    /** Generates {@code count} mails in order; a reply always comes after the mail it answers. */
    public void generate(Consumer<Mail> sink) {
        for (int i = 1; i <= options.count(); i++) {
            boolean reply = !threads.isEmpty() && random.nextDouble() < options.replyShare();
            boolean attach = random.nextDouble() < options.attachmentShare();
            sink.accept(reply ? reply(i, attach) : newRequest(i, attach));
        }
    }

    public static List<Mail> generate(Options options) {
        List<Mail> mails = new ArrayList<>();
        new MailGenerator(options).generate(mails::add);
        return mails;
    }

    // --- new requests -------------------------------------------------------------------------------------------

    private Mail newRequest(int index, boolean attach) {
        Customer customer = customer();
        Language lang = customer.language();
        String subject = String.format(pick(lang.subjects()), 10_000 + random.nextInt(90_000));
        // the same customer writing the same subject again is one request to any helpdesk (the same-subject
        // fallback threads it): a new request from a returning customer gets a subject of its own
        Set<String> used = subjectsOf.computeIfAbsent(customer.address(), a -> new HashSet<>());
        while (!used.add(subject)) {
            subject = String.format(pick(lang.subjects()), 10_000 + random.nextInt(90_000)) + " (" + used.size() + ")";
        }
        String text = body(lang, lang.greeting(), 2 + random.nextInt(3), customer, attach);
        String messageId = messageId(index, customer);
        int style = random.nextInt(100);
        String kind = style < 50 ? "new-plain" : style < 85 ? "new-alternative" : "new-html";
        byte[] threadIndex = new byte[22];
        random.nextBytes(threadIndex);
        Instant date = dateOf(index);
        Message message = new Message(messageId, customer, subject, text, date, List.of(), threadIndex);
        Thread thread = new Thread(customer, subject, new ArrayList<>(List.of(message)));
        threads.add(thread);
        StringBuilder headers = commonHeaders(index, customer, null, subject, date, messageId, customer.client());
        Attachments.Attachment attachment = attach ? attachment(index, lang) : null;
        String mime = switch (kind) {
            case "new-plain" -> plainPart(text);
            case "new-html" -> htmlPart(text, null);
            default -> alternative(index, text, null);
        };
        return mail(index, message, null, messageId, kind, lang, headers, mime, attachment);
    }

    // --- replies -------------------------------------------------------------------------------------------------

    private Mail reply(int index, boolean attach) {
        Thread thread = threads.get(threads.size() - 1 - random.nextInt(Math.min(RECENT_THREADS, threads.size())));
        List<Message> history = thread.messages();
        // mostly the latest message of the thread; sometimes an older one (a branch)
        Message parent = random.nextInt(100) < 80 ? history.get(history.size() - 1)
                : history.get(random.nextInt(history.size()));
        Customer customer = thread.customer();
        Language lang = customer.language();
        int style = random.nextInt(100);
        String kind = style < 45 ? "reply-full" : style < 60 ? "reply-references" : style < 75 ? "reply-in-reply-to"
                : "reply-outlook";
        boolean outlook = kind.equals("reply-outlook");
        String prefix = outlook && !lang.code().equals("en") ? lang.replyPrefix() : outlook ? "RE:" : lang.replyPrefix();
        String subject = parent.subject().startsWith(prefix) ? parent.subject() : prefix + " " + thread.subject();
        String newText = pick(lang.followUps()) + "\n\n" + (random.nextBoolean() ? pick(lang.details()) + "\n\n" : "")
                + (attach ? lang.attachmentNote() + "\n\n" : "") + pick(lang.closings()) + "\n" + customer.name();
        String quoted = outlook ? outlookQuote(lang, parent) : quote(lang, parent);
        String text = newText + "\n\n" + quoted;
        String messageId = messageId(index, customer);
        List<String> references = new ArrayList<>(parent.references());
        references.add(parent.messageId());
        if (references.size() > 10) {
            references = new ArrayList<>(references.subList(references.size() - 10, references.size()));
        }
        byte[] threadIndex = new byte[parent.threadIndex().length + 5];
        System.arraycopy(parent.threadIndex(), 0, threadIndex, 0, parent.threadIndex().length);
        for (int i = parent.threadIndex().length; i < threadIndex.length; i++) {
            threadIndex[i] = (byte) random.nextInt(256);
        }
        Instant date = dateOf(index);
        Message message = new Message(messageId, customer, subject, text, date, references, threadIndex);
        history.add(message);
        Customer colleague = random.nextInt(100) < 15 ? colleagueOf(customer) : null;
        // Thread-Index and this quoting come from Outlook, whatever the customer uses otherwise
        StringBuilder headers = commonHeaders(index, customer, colleague, subject, date, messageId,
                outlook ? OUTLOOK : customer.client());
        if (!kind.equals("reply-references")) {
            headers.append("In-Reply-To: <").append(parent.messageId()).append(">\r\n");
        }
        if (!kind.equals("reply-in-reply-to")) {
            headers.append("References:");
            for (String id : references) {
                headers.append(" <").append(id).append(">\r\n");
            }
            headers.setLength(headers.length() - 2);
            headers.append("\r\n");
        }
        if (outlook) {
            headers.append("Thread-Topic: ").append(Mime.header(thread.subject())).append("\r\n");
            headers.append("Thread-Index: ").append(Base64.getEncoder().encodeToString(threadIndex)).append("\r\n");
        }
        Attachments.Attachment attachment = attach ? attachment(index, lang) : null;
        String mime = outlook ? alternative(index, newText, quoted) : random.nextInt(100) < 60 ? plainPart(text)
                : alternative(index, newText, quoted);
        return mail(index, message, parent.messageId(), history.get(0).messageId(), kind, lang, headers, mime,
                attachment);
    }

    private String quote(Language lang, Message parent) {
        StringBuilder q = new StringBuilder(String.format(lang.quoteHeader(), RFC_1123.format(parent.date()),
                parent.from().name() + " <" + parent.from().address() + ">")).append('\n');
        parent.text().lines().limit(60).forEach(line -> q.append(line.startsWith(">") ? ">" : "> ").append(line).append('\n'));
        return q.toString();
    }

    private static String outlookQuote(Language lang, Message parent) {
        boolean de = lang.code().equals("de");
        return (de ? "-----Ursprüngliche Nachricht-----\n" : "-----Original Message-----\n")
                + (de ? "Von: " : "From: ") + parent.from().name() + " <" + parent.from().address() + ">\n"
                + (de ? "Gesendet: " : "Sent: ") + RFC_1123.format(parent.date()) + "\n"
                + (de ? "An: " : "To: ") + "support@ticketflow.local\n"
                + (de ? "Betreff: " : "Subject: ") + parent.subject() + "\n\n"
                + parent.text().lines().limit(60).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
    }

    // --- MIME ----------------------------------------------------------------------------------------------------

    private StringBuilder commonHeaders(int index, Customer customer, Customer cc, String subject, Instant date,
            String messageId, String client) {
        StringBuilder h = new StringBuilder();
        h.append("Received: from mail.").append(customer.domain()).append(" (mail.").append(customer.domain())
                .append(" [192.0.2.").append(1 + index % 250).append("])\r\n\tby mx.ticketflow.local with ESMTPS id ")
                .append(Long.toHexString(random.nextLong())).append(";\r\n\t").append(RFC_1123.format(date.plusSeconds(2)))
                .append("\r\n");
        h.append("From: ").append(Mime.address(customer.name(), customer.address())).append("\r\n");
        h.append("To: ").append(options.supportAddress()).append("\r\n");
        if (cc != null) {
            h.append("Cc: ").append(Mime.address(cc.name(), cc.address())).append("\r\n");
        }
        h.append("Subject: ").append(Mime.header(subject)).append("\r\n");
        h.append("Date: ").append(RFC_1123.format(date)).append("\r\n");
        h.append("Message-ID: <").append(messageId).append(">\r\n");
        h.append("MIME-Version: 1.0\r\n");
        h.append("Content-Language: ").append(customer.language().code()).append("\r\n");
        h.append(client).append("\r\n");
        return h;
    }

    private static String plainPart(String text) {
        return "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + Mime.quotedPrintable(text) + "\r\n";
    }

    private static String htmlPart(String text, String quoted) {
        StringBuilder html = new StringBuilder("<html><head><meta charset=\"utf-8\"></head><body>\n");
        for (String paragraph : text.split("\n\n")) {
            html.append("<p>").append(Mime.escapeHtml(paragraph).replace("\n", "<br>\n")).append("</p>\n");
        }
        if (quoted != null) {
            html.append("<blockquote style=\"margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex\">\n")
                    .append(Mime.escapeHtml(quoted).replace("\n", "<br>\n")).append("</blockquote>\n");
        }
        html.append("</body></html>\n");
        return "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + Mime.quotedPrintable(html.toString()) + "\r\n";
    }

    private static String alternative(int index, String text, String quoted) {
        String boundary = "=_alt_" + index;
        return "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\n" + plainPart(quoted == null ? text : text + "\n\n" + quoted)
                + "--" + boundary + "\r\n" + htmlPart(text, quoted)
                + "--" + boundary + "--\r\n";
    }

    private static Mail mail(int index, Message message, String parentId, String rootId, String kind, Language lang,
            StringBuilder headers, String body, Attachments.Attachment attachment) {
        StringBuilder mime = new StringBuilder(headers);
        if (attachment == null) {
            mime.append(body);
        }
        else {
            String boundary = "=_mixed_" + index;
            mime.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n")
                    .append("This is a multi-part message in MIME format.\r\n")
                    .append("--").append(boundary).append("\r\n").append(body)
                    .append("--").append(boundary).append("\r\n")
                    .append("Content-Type: ").append(attachment.contentType()).append("; name=\"")
                    .append(attachment.name()).append("\"\r\n")
                    .append("Content-Disposition: attachment; filename=\"").append(attachment.name()).append("\"\r\n")
                    .append("Content-Transfer-Encoding: base64\r\n\r\n")
                    .append(Mime.base64(attachment.bytes())).append("\r\n")
                    .append("--").append(boundary).append("--\r\n");
        }
        return new Mail(index, message.messageId(), parentId, rootId, kind, lang.code(), message.from().address(),
                attachment == null ? null : attachment.name(), mime.toString().getBytes(StandardCharsets.UTF_8));
    }

    // --- content -------------------------------------------------------------------------------------------------

    private String body(Language lang, String greeting, int details, Customer customer, boolean attach) {
        StringBuilder text = new StringBuilder(greeting).append("\n\n").append(capitalize(pick(lang.openings())))
                .append("\n\n");
        for (int i = 0; i < details; i++) {
            text.append(pick(lang.details())).append(i % 2 == 1 || i == details - 1 ? "\n\n" : " ");
        }
        if (attach) {
            text.append(lang.attachmentNote()).append("\n\n");
        }
        text.append(pick(lang.closings())).append('\n').append(customer.name()).append('\n');
        if (random.nextInt(100) < 40) {
            text.append("-- \n").append(customer.name()).append('\n').append(customer.company()).append('\n')
                    .append("+31 20 555 ").append(String.format("%04d", random.nextInt(10_000))).append('\n');
        }
        return text.toString();
    }

    private Attachments.Attachment attachment(int index, Language lang) {
        List<String> lines = List.of("Ticketflow benchmark document " + index, pick(lang.details()),
                pick(lang.details()), pick(lang.details()), "Reference " + Long.toHexString(random.nextLong()));
        return random.nextBoolean() ? Attachments.pdf("document-" + index + ".pdf", lines)
                : Attachments.docx("notes-" + index + ".docx", lines);
    }

    private Customer customer() {
        // a customer writes several times over a day: 35 % of new requests come from a known customer
        if (!customers.isEmpty() && random.nextInt(100) < 35) {
            return customers.get(random.nextInt(customers.size()));
        }
        Language lang = Language.ALL.get(random.nextInt(Language.ALL.size()));
        String first = pick(lang.firstNames());
        String last = pick(lang.lastNames());
        String local = ascii(first + "." + last).replace(' ', '-') + customers.size();
        Customer customer = new Customer(first + " " + last, local + "@" + lang.domain(), lang,
                pick(List.of("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark")) + " " + last,
                pick(List.of("User-Agent: Mozilla Thunderbird 128.5.0", "X-Mailer: Microsoft Outlook 16.0",
                        "X-Mailer: Apple Mail (2.3826.300.87)", "User-Agent: Roundcube Webmail/1.6.9")));
        customers.add(customer);
        return customer;
    }

    private Customer colleagueOf(Customer customer) {
        String first = pick(customer.language().firstNames());
        return new Customer(first + " " + pick(customer.language().lastNames()),
                ascii(first).toLowerCase(Locale.ROOT) + ".colleague@" + customer.domain(), customer.language(),
                customer.company(), customer.client());
    }

    private String messageId(int index, Customer customer) {
        return options.seed() + "." + index + "." + HexFormat.of().toHexDigits(random.nextInt()) + "@mail."
                + customer.domain();
    }

    private Instant dateOf(int index) {
        return START.plusSeconds(index * 29L + random.nextInt(20));
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String ascii(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
    }

    private record Customer(String name, String address, Language language, String company, String client) {
        String domain() {
            return address.substring(address.indexOf('@') + 1);
        }
    }

    private record Message(String messageId, Customer from, String subject, String text, Instant date,
            List<String> references, byte[] threadIndex) {
    }

    private record Thread(Customer customer, String subject, List<Message> messages) {
    }
}
