package io.ticketflow.parse.mime;

import io.ticketflow.parse.extract.TextExtraction;
import io.ticketflow.parse.header.MessageIds;
import io.ticketflow.parse.text.BytesToText;
import io.ticketflow.parse.text.HtmlToText;
import io.ticketflow.vocabulary.DeliveryReport;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimePart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One walk over a message's MIME tree: the body text from the chosen alternatives, every other part as an attachment
 * with its text, forwarded messages as structures and delivery reports read. The depth and part limits are shared by
 * the forwarded messages inside it. Nothing thrown escapes: what cannot be read is a warning.
 */
public final class MimeWalk {

    private static final Pattern META_CHARSET = Pattern.compile("(?i)<meta[^>]{0,200}charset\\s*=\\s*[\"']?([\\w.:-]{1,40})");

    private final MimeLimits limits;
    private final List<String> warnings;
    private final PartBudget budget;
    private final AttachmentTexts attachments;
    private final ForwardedMessages forwarded;
    /** The text/plain alternative that {@link #chooseAlternative} decoded and chose, and its text: read once. */
    private Part chosenPlain;
    private String chosenPlainText;

    public MimeWalk(Session session, MimeLimits limits, TextExtraction extraction, List<String> warnings) {
        this.limits = limits;
        this.warnings = warnings;
        this.budget = new PartBudget(limits, warnings);
        this.attachments = new AttachmentTexts(limits, extraction, budget, warnings);
        this.forwarded = new ForwardedMessages(session, budget, warnings, this);
    }

    public MessageBody body(Part message, int depth) {
        MessageBody body = new MessageBody(limits.maxBodyChars());
        try {
            walk(message, body, depth, true);
        }
        catch (MessagingException | IOException | RuntimeException e) {
            warnings.add("body could not be read completely: " + e.getMessage());
        }
        body.markReferencedInline();
        return body;
    }

    private void walk(Part part, MessageBody body, int depth, boolean textWanted) throws MessagingException, IOException {
        if (budget.tooDeep(depth) || budget.overPartLimit()) {
            return;
        }
        String type = PartFields.contentType(part);
        String disposition = PartFields.disposition(part);
        String fileName = PartFields.fileName(part);
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
                forwarded.embedded(part, body, depth, fileName);
                return;
            }
            case "text/rfc822-headers", "message/rfc822-headers" -> {
                forwarded.returnedHeaders(part, body, fileName);
                return;
            }
            case "message/delivery-status", "message/global-delivery-status" -> {
                body.report = DeliveryReportParser.parse(DeliveryReport.DSN, BytesToText.decode(PartBytes.read(part), "utf-8"));
                return;
            }
            case "message/disposition-notification", "message/global-disposition-notification" -> {
                body.report = DeliveryReportParser.parse(DeliveryReport.MDN, BytesToText.decode(PartBytes.read(part), "utf-8"));
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
        byte[] bytes = PartBytes.read(part);
        String contentId = part instanceof MimePart mp ? MessageIds.first(PartFields.contentId(mp)) : null;
        body.attachments.addAll(attachments.of(fileName, type, bytes, contentId, Part.INLINE.equalsIgnoreCase(disposition),
                null, depth));
    }

    /** The part's multipart, repaired first where Jakarta Mail would split it wrongly ({@link MultipartRepair}). */
    private Multipart multipart(Part part) throws MessagingException, IOException {
        return MultipartRepair.open(part,
                () -> warnings.add("multipart delimiters repaired (junk after a delimiter or a boundary ending in spaces)"));
    }

    private void walkMultipart(Multipart multipart, String type, MessageBody body, int depth, boolean textWanted)
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
            if (PartFields.contentType(p).equals("text/plain")) {
                try {
                    String text = BytesToText.decode(PartBytes.read(p), PartFields.parameter(p, "charset"));
                    if (!text.isBlank()) {
                        chosenPlain = p;
                        chosenPlainText = text;
                        return i;
                    }
                }
                catch (IOException | RuntimeException e) {
                    // unreadable text part: take another alternative
                }
            }
        }
        for (int i = last; i >= 0; i--) {
            String t = PartFields.contentType(multipart.getBodyPart(i));
            if (t.equals("text/html") || t.startsWith("multipart/")) {
                return i;
            }
        }
        return last;
    }

    private void bodyText(Part part, String type, MessageBody body) throws MessagingException, IOException {
        if (part == chosenPlain) {
            String text = chosenPlainText;
            chosenPlain = null;
            chosenPlainText = null;
            plainText(part, text, body);
            return;
        }
        byte[] bytes = PartBytes.read(part);
        String charset = PartFields.parameter(part, "charset");
        if (type.equals("text/html")) {
            if (charset == null) {
                Matcher meta = META_CHARSET.matcher(new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1));
                charset = meta.find() ? meta.group(1) : null;
            }
            body.add(HtmlToText.render(BytesToText.decode(bytes, charset), body.referencedCids, limits.maxBodyChars()),
                    warnings);
            return;
        }
        plainText(part, BytesToText.decode(bytes, charset), body);
    }

    private void plainText(Part part, String text, MessageBody body) throws MessagingException {
        if ("flowed".equalsIgnoreCase(PartFields.parameter(part, "format"))) {
            text = FlowedText.unflow(text, "yes".equalsIgnoreCase(PartFields.parameter(part, "delsp")));
        }
        Uuencode.Result uu = Uuencode.extract(text);
        for (Uuencode.File f : uu.files()) {
            body.attachments.addAll(attachments.of(f.name(), FileTypes.guess(f.name()), f.bytes(), null, false, null, 0));
        }
        body.add(uu.text(), warnings);
    }
}
