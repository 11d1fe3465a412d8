package io.ticketflow.parse;

import io.ticketflow.parse.extract.TextExtraction;
import io.ticketflow.parse.extract.WorkerPoolSettings;
import io.ticketflow.parse.header.HeaderBlockRepair;
import io.ticketflow.parse.header.HeaderFields;
import io.ticketflow.parse.header.MailAuthProperties;
import io.ticketflow.parse.header.MessageIds;
import io.ticketflow.parse.header.SenderAuthenticationReader;
import io.ticketflow.parse.mime.MessageBody;
import io.ticketflow.parse.mime.MimeLimits;
import io.ticketflow.parse.mime.MimeWalk;
import io.ticketflow.parse.mime.TolerantMailSession;
import io.ticketflow.parse.mime.UnsynchronizedBytes;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.annotation.PreDestroy;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns raw RFC 822 bytes into a {@link ParsedMessage}: the header block repaired and read ({@code parse.header}), the
 * MIME tree walked ({@code parse.mime}), HTML and charsets turned into text ({@code parse.text}), attachment text
 * extracted by Tika in worker processes ({@code parse.extract}), the reply split from its quoted history here.
 * Bad input never throws: what cannot be understood, and every limit hit, is recorded as a warning. Only a message
 * with no usable sender is rejected, with {@link UnparseableMessageException}, because nobody could be answered.
 * The common path (a text or HTML mail without attachments) stays in this thread and starts no process.
 */
@Component
public class MessageParser implements AutoCloseable {

    /** Longest subject the pipeline works with; RFC 5322 asks for lines under 998 characters. */
    static final int MAX_SUBJECT_CHARS = 2000;
    /** References kept (the newest); a conversation of a hundred messages still threads by its last ones. */
    static final int MAX_REFERENCES = 100;

    /** Inbound headers in this namespace are ours to set, never the sender's. */
    public static final String CONTROL_HEADER_PREFIX = "x-ticketflow-";

    /** Stands in for the sender of a message parsed with {@link #parseContent} that has none. */
    public static final MailAddress UNKNOWN_SENDER = new MailAddress("unknown-sender@invalid", null);

    static {
        // Jakarta Mail 2.1 finds its StreamProvider by a ServiceLoader scan of the whole class path for every header
        // block, multipart and decoded word (jakartaee/mail-api#699, #861): 13 % of our CPU per mail in the
        // benchmark. Naming the provider (the API's own system property) turns the scan into a class lookup.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final Session session;
    private final ParseProperties limits;
    private final MimeLimits mimeLimits;
    private final TextExtraction extraction;
    private final boolean ownsExtraction;
    private MailAuthProperties mailAuth = MailAuthProperties.unconfigured(); // set once, by the constructor

    /** Shipped defaults, sharing one worker pool per JVM (tests, tools). */
    public MessageParser() {
        this(ParseProperties.defaults(), SharedExtraction.get(), false);
    }

    public MessageParser(ParseProperties limits) {
        this(limits, createExtraction(limits), true);
    }

    /** Also reads the sender's SPF/DKIM/DMARC results from our own mail server's Authentication-Results. */
    @Autowired
    public MessageParser(ParseProperties limits, MailAuthProperties mailAuth) {
        this(limits, createExtraction(limits), true);
        this.mailAuth = mailAuth;
    }

    MessageParser(ParseProperties limits, TextExtraction extraction, boolean ownsExtraction) {
        this.session = TolerantMailSession.create();
        this.limits = limits;
        this.mimeLimits = new MimeLimits(limits.maxDepth(), limits.maxParts(), limits.maxBodyChars(),
                limits.maxExtractionBytes(), limits.maxExtractedChars());
        this.extraction = extraction;
        this.ownsExtraction = ownsExtraction;
    }

    static TextExtraction createExtraction(ParseProperties limits) {
        return switch (limits.extraction()) {
            case FORK -> TextExtraction.forked(new WorkerPoolSettings(limits.extractionWorkers(),
                    limits.extractionTimeout(), limits.workerJvmOptions()));
            case IN_PROCESS -> TextExtraction.inProcess();
            case OFF -> TextExtraction.skipping("skipped: extraction is off");
        };
    }

    public ParseProperties limits() {
        return limits;
    }

    public ParsedMessage parse(RawMessage raw) {
        return parse(raw, true);
    }

    /**
     * Parses a message even without a usable sender (the sender becomes {@link #UNKNOWN_SENDER}, with a warning):
     * for measuring and inspecting content, never for the pipeline, which quarantines such mail because nobody
     * could be answered.
     */
    public ParsedMessage parseContent(RawMessage raw) {
        return parse(raw, false);
    }

    private ParsedMessage parse(RawMessage raw, boolean requireSender) {
        List<String> warnings = new ArrayList<>();
        MimeMessage mime;
        try {
            byte[] bytes = HeaderBlockRepair.repair(raw.bytes(), limits.maxHeaderBytes(), warnings);
            mime = new MimeMessage(session, new UnsynchronizedBytes(bytes));
        }
        catch (MessagingException | RuntimeException e) {
            throw new UnparseableMessageException("not an RFC 822 message: " + e.getMessage(), e);
        }
        HeaderFields fields = HeaderFields.of(mime);
        Map<String, List<String>> control = fields.removeControlHeaders(CONTROL_HEADER_PREFIX, warnings);
        Map<String, List<String>> headers = fields.decoded();
        MailAddress from = fields.firstAddress("from", warnings);
        if (from == null) {
            from = fields.firstAddress("sender", warnings);
        }
        if ((from == null || from.address() == null || !from.address().contains("@")) && !requireSender) {
            warnings.add("no valid sender address (From/Sender) in the message");
            from = UNKNOWN_SENDER;
        }
        if (from == null || from.address() == null || !from.address().contains("@")) {
            throw new UnparseableMessageException(headers.isEmpty()
                    ? "no header block found: the input is not an RFC 822 message"
                    : "no valid sender address (From/Sender) in the message");
        }
        String messageId = MessageIds.first(HeaderFields.first(headers, "message-id"));
        boolean synthetic = messageId == null;
        if (synthetic) {
            messageId = raw.id().substring(0, 32) + "@synthetic.ticketflow.invalid";
            warnings.add("message has no Message-ID; using a synthetic id derived from its bytes");
        }
        MessageBody body = new MimeWalk(session, mimeLimits, extraction, warnings).body(mime, 0);
        String text = body.text();
        if (text.isBlank()) {
            warnings.add("message has no text body");
        }
        ReplySplitter.Split split = ReplySplitter.split(text);
        String subject = capped(HeaderFields.first(headers, "subject"), warnings);
        return new ParsedMessage(messageId, synthetic, MessageIds.all(HeaderFields.first(headers, "in-reply-to")),
                newest(MessageIds.all(HeaderFields.first(headers, "references")), warnings), from,
                fields.firstAddress("reply-to", warnings), fields.addresses("to", warnings),
                fields.addresses("cc", warnings), subject,
                sentAt(mime, warnings), headers, text, split.newContent(), body.attachments(), List.copyOf(warnings),
                split.quotedHistory(), split.signature(), body.report(), control,
                SenderAuthenticationReader.read(mime, mailAuth, from));
    }

    /**
     * A subject longer than any person writes is cut (the raw record keeps it whole): every later step reads the
     * subject, and none should pay for 20 KB of "Re: Re: ...".
     */
    private static String capped(String subject, List<String> warnings) {
        if (subject == null) {
            return "";
        }
        if (subject.length() <= MAX_SUBJECT_CHARS) {
            return subject;
        }
        warnings.add("subject of " + subject.length() + " characters cut to " + MAX_SUBJECT_CHARS);
        return subject.substring(0, MAX_SUBJECT_CHARS);
    }

    /** The newest References only: threading needs the last few, and a crafted header could list thousands. */
    private static List<String> newest(List<String> references, List<String> warnings) {
        if (references.size() <= MAX_REFERENCES) {
            return references;
        }
        warnings.add(references.size() + " References cut to the newest " + MAX_REFERENCES);
        return List.copyOf(references.subList(references.size() - MAX_REFERENCES, references.size()));
    }

    private static Instant sentAt(MimeMessage mime, List<String> warnings) {
        try {
            var date = mime.getSentDate();
            return date == null ? null : date.toInstant();
        }
        catch (MessagingException | RuntimeException e) {
            warnings.add("unreadable Date header");
            return null;
        }
    }

    @Override
    @PreDestroy
    public void close() {
        if (ownsExtraction) {
            extraction.close();
        }
    }
}
