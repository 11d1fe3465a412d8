package io.ticketflow.parse;

import io.ticketflow.ingest.RawMessage;
import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Turns raw RFC 822 bytes into a {@link ParsedMessage} with Jakarta Mail (structure) and Tika (HTML to text).
 * Bad input never throws: what cannot be understood is recorded as a warning. Only a message with no usable sender
 * is rejected, with {@link UnparseableMessageException}, because nobody could be answered.
 */
@Component
public class MessageParser {

    static final int MAX_DEPTH = 32;
    static final int MAX_PARTS = 1000;
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");
    private static final Pattern FIELD_NAME = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+");

    private final Session session;

    public MessageParser() {
        Properties props = new Properties();
        props.setProperty("mail.mime.address.strict", "false");
        props.setProperty("mail.mime.decodetext.strict", "false");
        props.setProperty("mail.mime.parameters.strict", "false");
        props.setProperty("mail.mime.decodefilename", "true");
        props.setProperty("mail.mime.decodeparameters", "true");
        this.session = Session.getInstance(props);
    }

    public ParsedMessage parse(RawMessage raw) {
        List<String> warnings = new ArrayList<>();
        MimeMessage mime;
        try {
            mime = new MimeMessage(session, new ByteArrayInputStream(raw.bytes()));
        }
        catch (MessagingException e) {
            throw new UnparseableMessageException("not an RFC 822 message: " + e.getMessage(), e);
        }
        // addresses are split from the undecoded value: an encoded display name must not be able to inject an address
        Map<String, List<String>> rawHeaders = rawHeaders(mime);
        Map<String, List<String>> headers = decoded(rawHeaders);
        MailAddress from = firstAddress(rawHeaders, "from", warnings);
        if (from == null) {
            from = firstAddress(rawHeaders, "sender", warnings);
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
        Body body = new Body();
        try {
            walk(mime, body, 0, warnings);
        }
        catch (MessagingException | IOException | RuntimeException e) {
            warnings.add("body could not be read completely: " + e.getMessage());
        }
        String text = body.text();
        if (text.isBlank()) {
            warnings.add("message has no text body");
        }
        return new ParsedMessage(messageId, synthetic, ids(first(headers, "in-reply-to")), ids(first(headers, "references")),
                from, firstAddress(rawHeaders, "reply-to", warnings), addresses(rawHeaders, "to", warnings),
                addresses(rawHeaders, "cc", warnings), first(headers, "subject") == null ? "" : first(headers, "subject"),
                sentAt(mime, warnings), headers, text, ReplySplitter.newContent(text), List.copyOf(body.attachments),
                List.copyOf(warnings));
    }

    /** Header values as written (8-bit bytes recovered, not yet RFC 2047 decoded), by lower-case name. */
    private static Map<String, List<String>> rawHeaders(MimeMessage mime) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        try {
            Enumeration<Header> all = mime.getAllHeaders();
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
                    out.add(new MailAddress(ia.getAddress(), ia.getPersonal()));
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
        catch (MessagingException e) {
            warnings.add("unreadable Date header");
            return null;
        }
    }

    private void walk(Part part, Body body, int depth, List<String> warnings) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            warnings.add("MIME nesting deeper than " + MAX_DEPTH + " levels: deeper parts skipped");
            return;
        }
        if (++body.parts > MAX_PARTS) {
            if (body.parts == MAX_PARTS + 1) {
                warnings.add("more than " + MAX_PARTS + " MIME parts: the rest skipped");
            }
            return;
        }
        String type = contentType(part);
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(safeDisposition(part)) || part.getFileName() != null;
        if (type.startsWith("multipart/")) {
            Object content = part.getContent();
            if (content instanceof Multipart multipart) {
                walkMultipart(multipart, type, body, depth, warnings);
            }
            return;
        }
        if (!attachment && (type.equals("text/plain") || type.equals("text/html"))) {
            String text = readText(part);
            body.add(type, text);
            return;
        }
        body.attachments.add(attachment(part, type));
    }

    private void walkMultipart(Multipart multipart, String type, Body body, int depth, List<String> warnings)
            throws MessagingException, IOException {
        if (type.equals("multipart/alternative")) {
            // prefer the plain-text alternative; otherwise the last one, which RFC 2046 makes the richest
            Part chosen = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                chosen = multipart.getBodyPart(i);
                if (contentType(chosen).equals("text/plain")) {
                    break;
                }
            }
            if (chosen != null) {
                walk(chosen, body, depth + 1, warnings);
            }
            return;
        }
        for (int i = 0; i < multipart.getCount(); i++) {
            walk(multipart.getBodyPart(i), body, depth + 1, warnings);
        }
    }

    private static String contentType(Part part) {
        try {
            String raw = part.getContentType();
            return raw == null ? "text/plain" : new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
        }
        catch (Exception e) {
            return "application/octet-stream";
        }
    }

    private static String safeDisposition(Part part) {
        try {
            return part.getDisposition();
        }
        catch (MessagingException e) {
            return null;
        }
    }

    private static String readText(Part part) throws MessagingException, IOException {
        String charset = null;
        try {
            charset = new ContentType(part.getContentType()).getParameter("charset");
        }
        catch (Exception e) {
            // unreadable content type: detect below
        }
        try (InputStream in = part.getInputStream()) {
            return HeaderText.decodeBytes(in.readAllBytes(), charset);
        }
    }

    private static ParsedMessage.Attachment attachment(Part part, String type) throws MessagingException, IOException {
        byte[] bytes;
        try (InputStream in = part.getInputStream()) {
            bytes = in.readAllBytes();
        }
        String contentId = part instanceof jakarta.mail.internet.MimePart mp ? firstId(mp.getContentID()) : null;
        String name;
        try {
            name = part.getFileName();
        }
        catch (MessagingException e) {
            name = null;
        }
        return new ParsedMessage.Attachment(name == null ? null : HeaderText.decode(name), type, bytes.length,
                RawMessage.sha256Hex(bytes), contentId, Part.INLINE.equalsIgnoreCase(safeDisposition(part)));
    }

    /** Collects the readable text of a message while its parts are walked. */
    private static final class Body {
        private final StringBuilder plain = new StringBuilder();
        private final List<ParsedMessage.Attachment> attachments = new ArrayList<>();
        private int parts;

        void add(String type, String text) {
            String readable = type.equals("text/html") ? HtmlToText.render(text) : text;
            if (!readable.isBlank()) {
                if (plain.length() > 0) {
                    plain.append("\n\n");
                }
                plain.append(readable.strip());
            }
        }

        String text() {
            return plain.toString().replace("\r\n", "\n");
        }
    }
}
