package io.ticketflow.parse;

import io.ticketflow.vocabulary.DeliveryReport;
import io.ticketflow.vocabulary.MailAddress;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import jakarta.annotation.PreDestroy;
import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns raw RFC 822 bytes into a {@link ParsedMessage}: Jakarta Mail for the structure, our own tolerant decoding for
 * headers and charsets, jsoup for HTML bodies and Tika (in worker processes) for attachment text.
 * Bad input never throws: what cannot be understood, and every limit hit, is recorded as a warning. Only a message
 * with no usable sender is rejected, with {@link UnparseableMessageException}, because nobody could be answered.
 * The common path (a text or HTML mail without attachments) stays in this thread and starts no process.
 */
@Component
public class MessageParser implements AutoCloseable {

    /** Inbound headers in this namespace are ours to set, never the sender's: a sender must not steer the pipeline. */
    public static final String CONTROL_HEADER_PREFIX = "x-ticketflow-";
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");
    private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+");
    private static final Pattern META_CHARSET = Pattern.compile("(?i)<meta[^>]{0,200}charset\\s*=\\s*[\"']?([\\w.:-]{1,40})");

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
    private final TextExtraction extraction;
    private final boolean ownsExtraction;

    /** Shipped defaults, sharing one worker pool per JVM (tests, tools). */
    public MessageParser() {
        this(ParseProperties.defaults(), SharedExtraction.get(), false);
    }

    @Autowired
    public MessageParser(ParseProperties limits) {
        this(limits, createExtraction(limits), true);
    }

    MessageParser(ParseProperties limits, TextExtraction extraction, boolean ownsExtraction) {
        Properties props = new Properties();
        props.setProperty("mail.mime.address.strict", "false");
        props.setProperty("mail.mime.decodetext.strict", "false");
        props.setProperty("mail.mime.parameters.strict", "false");
        props.setProperty("mail.mime.decodefilename", "true");
        props.setProperty("mail.mime.decodeparameters", "true");
        props.setProperty("mail.mime.base64.ignoreerrors", "true");
        props.setProperty("mail.mime.uudecode.ignoreerrors", "true");
        props.setProperty("mail.mime.uudecode.ignoremissingbeginend", "true");
        props.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        props.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
        this.session = Session.getInstance(props);
        this.limits = limits;
        this.extraction = extraction;
        this.ownsExtraction = ownsExtraction;
    }

    static TextExtraction createExtraction(ParseProperties limits) {
        return switch (limits.extraction()) {
            case FORK -> new ForkedExtraction(limits);
            case IN_PROCESS -> new InProcessExtraction();
            case OFF -> request -> TextExtraction.Result.failed("skipped: extraction is off");
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

    /** Stands in for the sender of a message parsed with {@link #parseContent} that has none. */
    public static final MailAddress UNKNOWN_SENDER = new MailAddress("unknown-sender@invalid", null);

    private ParsedMessage parse(RawMessage raw, boolean requireSender) {
        List<String> warnings = new ArrayList<>();
        MimeMessage mime;
        try {
            byte[] bytes = bodyAfterInvalidHeaderLine(limitHeaderBlock(raw.bytes(), warnings), warnings);
            mime = new MimeMessage(session, new ByteArrayInputStream(bytes));
        }
        catch (MessagingException | RuntimeException e) {
            throw new UnparseableMessageException("not an RFC 822 message: " + e.getMessage(), e);
        }
        // addresses are split from the undecoded value: an encoded display name must not be able to inject an address
        Map<String, List<String>> rawHeaders = rawHeaders(mime);
        Map<String, List<String>> control = stripControlHeaders(rawHeaders, warnings);
        Map<String, List<String>> headers = decoded(rawHeaders);
        MailAddress from = firstAddress(rawHeaders, "from", warnings);
        if (from == null) {
            from = firstAddress(rawHeaders, "sender", warnings);
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
        String messageId = firstId(first(headers, "message-id"));
        boolean synthetic = messageId == null;
        if (synthetic) {
            messageId = raw.id().substring(0, 32) + "@synthetic.ticketflow.invalid";
            warnings.add("message has no Message-ID; using a synthetic id derived from its bytes");
        }
        Walk walk = new Walk(warnings);
        Body body = walk.body(mime, 0);
        String text = body.text();
        if (text.isBlank()) {
            warnings.add("message has no text body");
        }
        ReplySplitter.Split split = ReplySplitter.split(text);
        return new ParsedMessage(messageId, synthetic, ids(first(headers, "in-reply-to")), ids(first(headers, "references")),
                from, firstAddress(rawHeaders, "reply-to", warnings), addresses(rawHeaders, "to", warnings),
                addresses(rawHeaders, "cc", warnings), first(headers, "subject") == null ? "" : first(headers, "subject"),
                sentAt(mime, warnings), headers, text, split.newContent(), List.copyOf(body.attachments),
                List.copyOf(warnings), split.quotedHistory(), split.signature(), body.report(), control);
    }

    @Override
    @PreDestroy
    public void close() {
        if (ownsExtraction) {
            extraction.close();
        }
    }

    /**
     * Cuts a header block longer than the limit at the last line that fits (Jakarta Mail would otherwise read it all
     * into memory, and a deep header block can be megabytes).
     */
    private byte[] limitHeaderBlock(byte[] bytes, List<String> warnings) {
        int end = headerEnd(bytes, limits.maxHeaderBytes() + 4);
        if (end >= 0) {
            return bytes;
        }
        int cut = limits.maxHeaderBytes();
        while (cut > 0 && bytes[cut - 1] != '\n') {
            cut--;
        }
        int bodyStart = headerEnd(bytes, bytes.length);
        warnings.add("header block larger than " + limits.maxHeaderBytes() + " bytes: the rest of the headers skipped");
        byte[] out;
        byte[] separator = "\r\n".getBytes(StandardCharsets.US_ASCII);
        int bodyLength = bodyStart < 0 ? 0 : bytes.length - bodyStart;
        out = new byte[cut + separator.length + bodyLength];
        System.arraycopy(bytes, 0, out, 0, cut);
        System.arraycopy(separator, 0, out, cut, separator.length);
        if (bodyLength > 0) {
            System.arraycopy(bytes, bodyStart, out, cut + separator.length, bodyLength);
        }
        return out;
    }

    /**
     * A header block ends at the first line that is neither a field ("Name: value") nor a continuation, as in mime4j
     * and most clients: broken senders forget the blank line, and the text after it is body, not headers. A blank line
     * is inserted there so Jakarta Mail sees the same split.
     */
    private static byte[] bodyAfterInvalidHeaderLine(byte[] bytes, List<String> warnings) {
        int end = headerEnd(bytes, bytes.length);
        int lineStart = 0;
        while (lineStart < bytes.length && lineStart < end) {
            int lineEnd = lineStart;
            while (lineEnd < bytes.length && bytes[lineEnd] != '\n') {
                lineEnd++;
            }
            int contentEnd = lineEnd > lineStart && bytes[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (contentEnd == lineStart) {
                return bytes; // the blank line: the header block ended properly
            }
            boolean continuation = bytes[lineStart] == ' ' || bytes[lineStart] == '\t';
            boolean field = false;
            for (int i = lineStart; i < contentEnd; i++) {
                byte b = bytes[i];
                if (b == ':') {
                    field = i > lineStart;
                    break;
                }
                if (b <= 32 || b >= 127) {
                    break;
                }
            }
            boolean mboxFrom = lineStart == 0 && contentEnd - lineStart > 5
                    && new String(bytes, 0, 5, StandardCharsets.US_ASCII).equals("From ");
            if (!field && !(continuation && lineStart > 0) && !mboxFrom) {
                if (lineStart > 0) {
                    warnings.add("header block ended without a blank line: the rest read as body");
                }
                byte[] out = new byte[bytes.length + 2];
                System.arraycopy(bytes, 0, out, 0, lineStart);
                out[lineStart] = '\r';
                out[lineStart + 1] = '\n';
                System.arraycopy(bytes, lineStart, out, lineStart + 2, bytes.length - lineStart);
                return out;
            }
            lineStart = lineEnd + 1;
        }
        return bytes;
    }

    /** Offset just after the blank line ending the header block within the first {@code max} bytes, or -1. */
    private static int headerEnd(byte[] bytes, int max) {
        int limit = Math.min(bytes.length, max);
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == '\n') {
                if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < bytes.length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return limit == bytes.length ? bytes.length : -1;
    }

    /** Header values as written (8-bit bytes recovered, not yet RFC 2047 decoded), by lower-case name. */
    private static Map<String, List<String>> rawHeaders(Part part) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        try {
            @SuppressWarnings("unchecked")
            Enumeration<Header> all = part.getAllHeaders();
            while (all.hasMoreElements()) {
                Header h = all.nextElement();
                // Jakarta Mail turns a line without a colon into a "header" named after the whole line: not a header
                if (FIELD_NAME.matcher(h.getName()).matches()) {
                    headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(h.getValue() == null ? "" : HeaderText.recoverEightBit(h.getValue()));
                }
            }
        }
        catch (MessagingException e) {
            // no readable header block: treated as no headers
        }
        return headers;
    }

    /** Removes X-Ticketflow-* headers from what the pipeline reads, recording each (only we may set them). */
    private static Map<String, List<String>> stripControlHeaders(Map<String, List<String>> headers, List<String> warnings) {
        Map<String, List<String>> removed = new LinkedHashMap<>();
        headers.entrySet().removeIf(e -> {
            if (!e.getKey().startsWith(CONTROL_HEADER_PREFIX)) {
                return false;
            }
            removed.put(e.getKey(), e.getValue().stream().map(HeaderText::decode).toList());
            warnings.add("inbound control header " + e.getKey() + " removed (only Ticketflow may set it)");
            return true;
        });
        return removed;
    }

    private static Map<String, List<String>> decoded(Map<String, List<String>> raw) {
        Map<String, List<String>> decoded = new LinkedHashMap<>();
        raw.forEach((name, values) -> decoded.put(name, values.stream().map(HeaderText::decode).toList()));
        return decoded;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static MailAddress firstAddress(Map<String, List<String>> headers, String name, List<String> warnings) {
        List<MailAddress> all = addresses(headers, name, warnings);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<MailAddress> addresses(Map<String, List<String>> headers, String name, List<String> warnings) {
        String value = first(headers, name);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        try {
            List<MailAddress> out = new ArrayList<>();
            for (Address a : InternetAddress.parseHeader(MimeUtility.unfold(value), false)) {
                if (a instanceof InternetAddress ia && ia.getAddress() != null && !ia.getAddress().isBlank()) {
                    String personal = ia.getPersonal();
                    out.add(new MailAddress(ia.getAddress(), personal == null ? null : HeaderText.decodeEncodedWords(personal)));
                }
            }
            return out;
        }
        catch (Exception e) {
            warnings.add("unreadable " + name + " header: " + HeaderText.decode(value));
            return List.of();
        }
    }

    private static String firstId(String value) {
        List<String> ids = ids(value);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** Message ids from In-Reply-To/References/Message-ID, without angle brackets; tolerant of missing brackets. */
    static List<String> ids(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        Matcher m = MESSAGE_ID.matcher(value);
        while (m.find()) {
            ids.add(m.group(1));
        }
        if (ids.isEmpty() && value.strip().matches("[^\\s<>]+@[^\\s<>]+")) {
            ids.add(value.strip());
        }
        return Collections.unmodifiableList(ids);
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

    static String contentType(Part part) {
        try {
            String raw = part.getContentType();
            return raw == null ? "text/plain" : new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
        }
        catch (Exception e) {
            return "application/octet-stream";
        }
    }

    private static String parameter(Part part, String name) {
        try {
            return new ContentType(part.getContentType()).getParameter(name);
        }
        catch (Exception e) {
            return null;
        }
    }

    private static String safeDisposition(Part part) {
        try {
            return part.getDisposition();
        }
        catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String safeFileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? null : HeaderText.decode(name);
        }
        catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] readBytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /**
     * A message/rfc822 part's bytes. RFC 2046 forbids base64 or quoted-printable there, so Jakarta Mail does not decode
     * them; real senders use them anyway, so they are decoded here.
     */
    private static byte[] readEmbeddedBytes(Part part) throws MessagingException, IOException {
        String encoding = part instanceof MimePart mp ? mp.getEncoding() : null;
        encoding = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
        if (part instanceof jakarta.mail.internet.MimeBodyPart body
                && (encoding.equals("base64") || encoding.equals("quoted-printable"))) {
            try (InputStream in = MimeUtility.decode(body.getRawInputStream(), encoding)) {
                return in.readAllBytes();
            }
        }
        if (part instanceof MimeMessage message && (encoding.equals("base64") || encoding.equals("quoted-printable"))) {
            try (InputStream in = MimeUtility.decode(message.getRawInputStream(), encoding)) {
                return in.readAllBytes();
            }
        }
        return readBytes(part);
    }

    /** The text of what one message (top level or forwarded) holds, collected while its parts are walked. */
    private final class Body {
        private final StringBuilder plain = new StringBuilder();
        private final List<ParsedMessage.Attachment> attachments = new ArrayList<>();
        private final Set<String> referencedCids = new HashSet<>();
        private DeliveryReport report;
        private String returnedMessageId;
        private boolean truncated;

        void add(String readable, List<String> warnings) {
            if (readable.isBlank()) {
                return;
            }
            if (plain.length() > 0) {
                plain.append("\n\n");
            }
            String stripped = readable.strip();
            int room = limits.maxBodyChars() - plain.length();
            if (stripped.length() > room) {
                stripped = stripped.substring(0, Math.max(0, room));
                if (!truncated) {
                    warnings.add("body text longer than " + limits.maxBodyChars() + " characters: cut");
                }
                truncated = true;
            }
            plain.append(stripped);
        }

        String text() {
            return plain.toString().replace("\r\n", "\n");
        }

        DeliveryReport report() {
            if (report != null && report.originalMessageId() == null && returnedMessageId != null) {
                return report.withOriginalMessageId(returnedMessageId);
            }
            return report;
        }

        /** Inline images the HTML refers to by cid: are marked inline. */
        void markReferencedInline() {
            if (referencedCids.isEmpty()) {
                return;
            }
            attachments.replaceAll(a -> a.contentId() != null && !a.inline() && referencedCids.contains(a.contentId())
                    ? a.asInline() : a);
        }
    }

    /** One walk over a message's MIME tree, with the part counter shared by forwarded messages inside it. */
    private final class Walk {
        private final List<String> warnings;
        private int parts;
        private boolean depthWarned;

        Walk(List<String> warnings) {
            this.warnings = warnings;
        }

        Body body(Part message, int depth) {
            Body body = new Body();
            try {
                walk(message, body, depth, true);
            }
            catch (MessagingException | IOException | RuntimeException e) {
                warnings.add("body could not be read completely: " + e.getMessage());
            }
            body.markReferencedInline();
            return body;
        }

        private void walk(Part part, Body body, int depth, boolean textWanted) throws MessagingException, IOException {
            if (depth > limits.maxDepth()) {
                if (!depthWarned) {
                    warnings.add("MIME nesting deeper than " + limits.maxDepth() + " levels: deeper parts skipped");
                    depthWarned = true;
                }
                return;
            }
            if (++parts > limits.maxParts()) {
                if (parts == limits.maxParts() + 1) {
                    warnings.add("more than " + limits.maxParts() + " MIME parts: the rest skipped");
                }
                return;
            }
            String type = contentType(part);
            String disposition = safeDisposition(part);
            String fileName = safeFileName(part);
            boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition) || fileName != null;
            if (type.startsWith("multipart/")) {
                Multipart multipart = multipart(part);
                if (multipart != null) {
                    walkMultipart(multipart, type, body, depth, textWanted);
                }
                return;
            }
            switch (type) {
                case "message/rfc822", "message/global" -> {
                    embedded(part, body, depth, fileName);
                    return;
                }
                case "text/rfc822-headers", "message/rfc822-headers" -> {
                    returnedHeaders(part, body, fileName);
                    return;
                }
                case "message/delivery-status", "message/global-delivery-status" -> {
                    body.report = DeliveryReportParser.parse(DeliveryReport.DSN, HeaderText.decodeBytes(readBytes(part), "utf-8"));
                    return;
                }
                case "message/disposition-notification", "message/global-disposition-notification" -> {
                    body.report = DeliveryReportParser.parse(DeliveryReport.MDN, HeaderText.decodeBytes(readBytes(part), "utf-8"));
                    return;
                }
                default -> {
                }
            }
            if (!attachment && (type.equals("text/plain") || type.equals("text/html"))) {
                if (textWanted) {
                    bodyText(part, type, body);
                }
                return; // the text of an alternative not chosen is the same text again
            }
            byte[] bytes = readBytes(part);
            String contentId = part instanceof MimePart mp ? firstId(safeContentId(mp)) : null;
            body.attachments.addAll(attachmentsOf(fileName, type, bytes, contentId, Part.INLINE.equalsIgnoreCase(disposition),
                    null, depth));
        }

        /** The part's multipart, repaired first where Jakarta Mail would split it wrongly ({@link MultipartRepair}). */
        private Multipart multipart(Part part) throws MessagingException, IOException {
            String boundary = parameter(part, "boundary");
            InputStream raw = part instanceof jakarta.mail.internet.MimeBodyPart p ? p.getRawInputStream()
                    : part instanceof MimeMessage m ? m.getRawInputStream() : null;
            if (raw != null && boundary != null) {
                byte[] bytes;
                try (InputStream in = raw) {
                    bytes = in.readAllBytes();
                }
                MultipartRepair.Repaired repaired = MultipartRepair.repair(bytes, boundary);
                if (repaired != null) {
                    ContentType type = new ContentType(part.getContentType());
                    type.setParameter("boundary", repaired.boundary());
                    warnings.add("multipart delimiters repaired (junk after a delimiter or a boundary ending in spaces)");
                    return new jakarta.mail.internet.MimeMultipart(
                            new jakarta.mail.util.ByteArrayDataSource(repaired.body(), type.toString()));
                }
            }
            Object content = part.getContent();
            return content instanceof Multipart multipart ? multipart : null;
        }

        private void walkMultipart(Multipart multipart, String type, Body body, int depth, boolean textWanted)
                throws MessagingException, IOException {
            int count = multipart.getCount();
            if (type.equals("multipart/alternative") && count > 0) {
                int chosen = chooseAlternative(multipart);
                for (int i = 0; i < count; i++) {
                    // the other alternatives still carry their inline images and files, never their text
                    walk(multipart.getBodyPart(i), body, depth + 1, textWanted && i == chosen);
                }
                return;
            }
            for (int i = 0; i < count; i++) {
                walk(multipart.getBodyPart(i), body, depth + 1, textWanted);
            }
        }

        /**
         * The plain-text alternative when it has text (what the sender's client wrote as text), else the richest
         * (last) one that has text: an HTML-only mail with an empty or placeholder text part is read from its HTML.
         */
        private int chooseAlternative(Multipart multipart) throws MessagingException {
            int count = multipart.getCount();
            int last = count - 1;
            for (int i = 0; i < count; i++) {
                Part p = multipart.getBodyPart(i);
                if (contentType(p).equals("text/plain")) {
                    try {
                        if (!HeaderText.decodeBytes(readBytes(p), parameter(p, "charset")).isBlank()) {
                            return i;
                        }
                    }
                    catch (IOException | RuntimeException e) {
                        // unreadable text part: take another alternative
                    }
                }
            }
            for (int i = last; i >= 0; i--) {
                String t = contentType(multipart.getBodyPart(i));
                if (t.equals("text/html") || t.startsWith("multipart/")) {
                    return i;
                }
            }
            return last;
        }

        private void bodyText(Part part, String type, Body body) throws MessagingException, IOException {
            byte[] bytes = readBytes(part);
            String charset = parameter(part, "charset");
            if (type.equals("text/html")) {
                if (charset == null) {
                    Matcher meta = META_CHARSET.matcher(new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1));
                    charset = meta.find() ? meta.group(1) : null;
                }
                body.add(HtmlToText.render(HeaderText.decodeBytes(bytes, charset), body.referencedCids, limits.maxBodyChars()),
                        warnings);
                return;
            }
            String text = HeaderText.decodeBytes(bytes, charset);
            if ("flowed".equalsIgnoreCase(parameter(part, "format"))) {
                text = FlowedText.unflow(text, "yes".equalsIgnoreCase(parameter(part, "delsp")));
            }
            Uuencode.Result uu = Uuencode.extract(text);
            for (Uuencode.File f : uu.files()) {
                body.attachments.addAll(attachmentsOf(f.name(), guessType(f.name()), f.bytes(), null, false, null, 0));
            }
            body.add(uu.text(), warnings);
        }

        private void embedded(Part part, Body body, int depth, String fileName) throws MessagingException, IOException {
            byte[] bytes = readEmbeddedBytes(part);
            ParsedMessage.EmbeddedMessage message = null;
            if (depth + 1 > limits.maxDepth()) {
                if (!depthWarned) {
                    warnings.add("MIME nesting deeper than " + limits.maxDepth() + " levels: deeper parts skipped");
                    depthWarned = true;
                }
            }
            else {
                MimeMessage nested = new MimeMessage(session, new ByteArrayInputStream(bytes));
                Map<String, List<String>> raw = rawHeaders(nested);
                Map<String, List<String>> headers = decoded(raw);
                Body inner = body(nested, depth + 1);
                Instant sent = null;
                try {
                    sent = nested.getSentDate() == null ? null : nested.getSentDate().toInstant();
                }
                catch (MessagingException | RuntimeException e) {
                    // no date on the forwarded message
                }
                message = new ParsedMessage.EmbeddedMessage(firstId(first(headers, "message-id")),
                        firstAddress(raw, "from", warnings), addresses(raw, "to", warnings), first(headers, "subject"),
                        sent, inner.text(), List.copyOf(inner.attachments));
                if (body.returnedMessageId == null) {
                    body.returnedMessageId = message.messageId();
                }
            }
            String name = fileName != null ? fileName : message != null && message.subject() != null
                    ? message.subject() + ".eml" : "message.eml";
            body.attachments.add(new ParsedMessage.Attachment(name, "message/rfc822", bytes.length,
                    RawMessage.sha256Hex(bytes), null, false, message == null ? "" : message.text(),
                    message == null ? "skipped: nesting limit" : "extracted", null, message));
        }

        /** text/rfc822-headers in a bounce: the headers of the mail that bounced, kept as a header-only message. */
        private void returnedHeaders(Part part, Body body, String fileName) throws MessagingException, IOException {
            byte[] bytes = readBytes(part);
            InternetHeaders parsed = new InternetHeaders(new ByteArrayInputStream(bytes), true);
            String id = firstId(parsed.getHeader("Message-ID", null) == null ? null
                    : HeaderText.decode(parsed.getHeader("Message-ID", null)));
            String subject = parsed.getHeader("Subject", null) == null ? null : HeaderText.decode(parsed.getHeader("Subject", null));
            if (body.returnedMessageId == null) {
                body.returnedMessageId = id;
            }
            ParsedMessage.EmbeddedMessage headersOnly = new ParsedMessage.EmbeddedMessage(id, null, List.of(), subject,
                    null, "", List.of());
            body.attachments.add(new ParsedMessage.Attachment(fileName != null ? fileName : "returned-headers.txt",
                    "text/rfc822-headers", bytes.length, RawMessage.sha256Hex(bytes), null, false,
                    HeaderText.decodeBytes(bytes, null), "extracted", null, headersOnly));
        }

        /**
         * The attachment with its text, plus what it unpacks to (TNEF, .msg): text types are decoded here, media has no
         * text, everything else goes to the extraction workers under the time limit.
         */
        private List<ParsedMessage.Attachment> attachmentsOf(String name, String type, byte[] bytes, String contentId,
                boolean inline, String container, int depth) {
            List<ParsedMessage.Attachment> out = new ArrayList<>();
            String sha = RawMessage.sha256Hex(bytes);
            String label = name != null ? name : type;
            String text = "";
            String extraction;
            List<TextExtraction.EmbeddedFile> unpacked = List.of();
            if (type.startsWith("image/") || type.startsWith("audio/") || type.startsWith("video/") || type.startsWith("font/")
                    || bytes.length == 0) {
                extraction = "none";
            }
            else if (bytes.length > limits.maxExtractionBytes()) {
                extraction = "skipped: larger than " + limits.maxExtractionBytes() + " bytes";
                warnings.add("attachment " + label + ": " + extraction);
            }
            else if (type.equals("text/plain") || type.equals("text/csv") || type.equals("text/calendar")
                    || type.equals("text/html") || type.equals("text/x-vcard") || type.equals("text/vcard")) {
                String decoded = HeaderText.decodeBytes(bytes, null);
                text = type.equals("text/html") ? HtmlToText.render(decoded, null, limits.maxExtractedChars()) : decoded;
                extraction = "extracted";
                if (text.length() > limits.maxExtractedChars()) {
                    text = text.substring(0, limits.maxExtractedChars());
                    extraction = "truncated";
                    warnings.add("attachment " + label + ": text cut at " + limits.maxExtractedChars() + " characters");
                }
            }
            else {
                TextExtraction.Result result = MessageParser.this.extraction.extract(
                        new TextExtraction.Request(name, type, bytes, limits.maxExtractedChars()));
                text = result.text() == null ? "" : result.text();
                extraction = result.truncated() ? "truncated" : result.problem() == null ? "extracted"
                        : result.problem().startsWith("skipped") ? result.problem() : "failed: " + result.problem();
                if (result.problem() != null) {
                    warnings.add("attachment " + label + ": " + result.problem());
                }
                unpacked = result.embedded();
            }
            out.add(new ParsedMessage.Attachment(name, type, bytes.length, sha, contentId, inline, text, extraction,
                    container, null));
            for (TextExtraction.EmbeddedFile file : unpacked) {
                if (depth + 1 > limits.maxDepth() || ++parts > limits.maxParts()) {
                    warnings.add("attachment " + label + ": unpacking stopped at the depth/part limit");
                    break;
                }
                String fileType = file.contentType() != null ? file.contentType().toLowerCase(Locale.ROOT) : guessType(file.name());
                out.addAll(attachmentsOf(file.name(), fileType, file.bytes(), null, false, label, depth + 1));
            }
            return out;
        }
    }

    private static String safeContentId(MimePart part) {
        try {
            return part.getContentID();
        }
        catch (MessagingException e) {
            return null;
        }
    }

    /** A content type from a file name, for files that come without one (uuencode, TNEF). */
    private static String guessType(String name) {
        if (name == null) {
            return "application/octet-stream";
        }
        String type = java.net.URLConnection.guessContentTypeFromName(name.toLowerCase(Locale.ROOT));
        if (type != null) {
            return type;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".pdf")) {
            return "application/pdf";
        }
        if (lower.endsWith(".rtf")) {
            return "application/rtf";
        }
        if (lower.endsWith(".doc") || lower.endsWith(".docx") || lower.endsWith(".xls") || lower.endsWith(".xlsx")) {
            return "application/octet-stream";
        }
        return "application/octet-stream";
    }

    /** One worker pool per JVM for parsers created without Spring (tests, tools), closed when the JVM exits. */
    private static final class SharedExtraction {
        private static TextExtraction instance;

        static synchronized TextExtraction get() {
            if (instance == null) {
                instance = createExtraction(ParseProperties.defaults());
                TextExtraction created = instance;
                Runtime.getRuntime().addShutdownHook(new Thread(created::close, "extraction-shutdown"));
            }
            return instance;
        }
    }
}
