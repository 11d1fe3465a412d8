package io.ticketflow.parse.extract;

import io.ticketflow.parse.text.HtmlToText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.hmef.HMEFMessage;
import org.apache.poi.hmef.attribute.MAPIAttribute;
import org.apache.poi.hmef.attribute.MAPIRtfAttribute;
import org.apache.poi.hsmf.MAPIMessage;
import org.apache.poi.hsmf.datatypes.AttachmentChunks;
import org.apache.poi.hsmf.datatypes.MAPIProperty;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Extracts attachment text with Tika (PDF, Office, HTML, XML, archives; images are not OCRed) and unpacks TNEF
 * (winmail.dat) and Outlook .msg containers with POI. Runs inside an {@link ExtractionWorker} process in production,
 * where a hanging or exploding parser only costs the worker. The parser is shared: AutoDetectParser is thread-safe.
 * Tika's defaults are safe against XXE and its SecureContentHandler stops zip bombs; the write limit caps the text.
 */
final class AttachmentExtractor {

    static final String TNEF = "application/vnd.ms-tnef";
    static final String OUTLOOK_MSG = "application/vnd.ms-outlook";
    /** For tests only: a Parser class added to the worker's parsers (e.g. one that never returns). */
    static final String EXTRA_PARSER_PROPERTY = "ticketflow.parse.extra-parser";

    private final AutoDetectParser parser;

    AttachmentExtractor() {
        this.parser = createParser();
    }

    private static AutoDetectParser createParser() {
        String extra = System.getProperty(EXTRA_PARSER_PROPERTY);
        if (extra == null || extra.isBlank()) {
            return new AutoDetectParser();
        }
        try {
            Parser added = (Parser) Class.forName(extra).getDeclaredConstructor().newInstance();
            return new AutoDetectParser(new AutoDetectParser(), added);
        }
        catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + extra, e);
        }
    }

    TextExtraction.Result extract(TextExtraction.Request request) {
        Metadata metadata = new Metadata();
        if (request.name() != null) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, request.name());
        }
        if (request.declaredType() != null) {
            metadata.set(Metadata.CONTENT_TYPE, request.declaredType());
        }
        String detected;
        try (TikaInputStream in = TikaInputStream.get(request.bytes())) {
            detected = parser.getDetector().detect(in, metadata).getBaseType().toString();
        }
        catch (IOException | RuntimeException e) {
            detected = request.declaredType() == null ? MediaType.OCTET_STREAM.toString() : request.declaredType();
        }
        try {
            if (TNEF.equals(detected) || isName(request.name(), "winmail.dat")) {
                return unpackTnef(request, TNEF);
            }
            if (OUTLOOK_MSG.equals(detected)) {
                return unpackMsg(request, detected);
            }
            return parse(request, metadata, detected);
        }
        catch (Exception | StackOverflowError e) {
            return new TextExtraction.Result(detected, "", false, "text not extracted: " + describe(e), List.of());
        }
    }

    private TextExtraction.Result parse(TextExtraction.Request request, Metadata metadata, String detected) throws Exception {
        BodyContentHandler handler = new BodyContentHandler(request.maxChars());
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser); // text of documents inside archives and documents
        boolean truncated = false;
        try (InputStream in = TikaInputStream.get(request.bytes())) {
            parser.parse(in, handler, metadata, context);
        }
        catch (Exception e) {
            if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                String partial = handler.toString().strip();
                return new TextExtraction.Result(detected, partial, false, "text not extracted: " + describe(e), List.of());
            }
            truncated = true;
        }
        return new TextExtraction.Result(detected, handler.toString().strip(), truncated,
                truncated ? "text cut at " + request.maxChars() + " characters" : null, List.of());
    }

    /**
     * winmail.dat: the attachments inside, and the body as body.rtf/body.html (as Outlook would show it). POI's HMEF
     * first; our lenient reader where HMEF gives up or finds fewer attachments.
     */
    private static TextExtraction.Result unpackTnef(TextExtraction.Request request, String type) throws IOException {
        List<TextExtraction.EmbeddedFile> lenient;
        try {
            lenient = TnefReader.read(request.bytes());
        }
        catch (RuntimeException e) {
            lenient = null;
        }
        TextExtraction.Result strict;
        try {
            strict = unpackTnefWithHmef(request, type);
        }
        catch (IOException | RuntimeException e) {
            if (lenient == null || lenient.isEmpty()) {
                throw e;
            }
            return new TextExtraction.Result(type, "", false, null, List.copyOf(lenient));
        }
        if (lenient != null && attachmentsIn(lenient) > attachmentsIn(strict.embedded())) {
            return new TextExtraction.Result(type, "", false, null, List.copyOf(lenient));
        }
        return strict;
    }

    private static long attachmentsIn(List<TextExtraction.EmbeddedFile> files) {
        return files.stream().filter(f -> !"body.rtf".equals(f.name()) && !"body.html".equals(f.name())).count();
    }

    private static TextExtraction.Result unpackTnefWithHmef(TextExtraction.Request request, String type) throws IOException {
        HMEFMessage tnef = new HMEFMessage(new ByteArrayInputStream(request.bytes()));
        List<TextExtraction.EmbeddedFile> files = new ArrayList<>();
        MAPIAttribute body = tnef.getMessageMAPIAttribute(MAPIProperty.RTF_COMPRESSED);
        if (body instanceof MAPIRtfAttribute rtf) {
            files.add(new TextExtraction.EmbeddedFile("body.rtf", "application/rtf", rtf.getData()));
        }
        MAPIAttribute html = tnef.getMessageMAPIAttribute(MAPIProperty.BODY_HTML);
        if (html != null && html.getData() != null) {
            files.add(new TextExtraction.EmbeddedFile("body.html", "text/html", html.getData()));
        }
        for (org.apache.poi.hmef.Attachment a : tnef.getAttachments()) {
            String name = a.getLongFilename() != null ? a.getLongFilename() : a.getFilename();
            files.add(new TextExtraction.EmbeddedFile(name, null, tnefContents(a)));
        }
        return new TextExtraction.Result(type, "", false, null, List.copyOf(files));
    }

    /** The attachment's data: the TNEF data attribute, else the MAPI one (attachments by value or OLE object). */
    private static byte[] tnefContents(org.apache.poi.hmef.Attachment a) {
        try {
            byte[] contents = a.getContents();
            if (contents != null) {
                return contents;
            }
        }
        catch (RuntimeException e) {
            // no attAttachData: the data is a MAPI property instead
        }
        for (MAPIProperty property : new MAPIProperty[] { MAPIProperty.ATTACH_DATA }) {
            MAPIAttribute attribute = a.getMAPIAttribute(property);
            if (attribute != null && attribute.getData() != null) {
                return attribute.getData();
            }
        }
        return new byte[0];
    }

    /** Outlook .msg: its headers and body as text, its attachments unpacked. */
    private static TextExtraction.Result unpackMsg(TextExtraction.Request request, String type) throws Exception {
        try (MAPIMessage msg = new MAPIMessage(new ByteArrayInputStream(request.bytes()))) {
            msg.setReturnNullOnMissingChunk(true);
            StringBuilder text = new StringBuilder();
            appendField(text, "From", msg.getDisplayFrom());
            appendField(text, "To", msg.getDisplayTo());
            appendField(text, "Cc", msg.getDisplayCC());
            appendField(text, "Subject", msg.getSubject());
            text.append('\n');
            String body = msg.getTextBody();
            if (body == null && msg.getHtmlBody() != null) {
                body = HtmlToText.render(msg.getHtmlBody());
            }
            if (body != null) {
                text.append(body);
            }
            List<TextExtraction.EmbeddedFile> files = new ArrayList<>();
            AttachmentChunks[] attachments = msg.getAttachmentFiles();
            for (AttachmentChunks a : attachments == null ? new AttachmentChunks[0] : attachments) {
                String name = a.getAttachLongFileName() != null ? a.getAttachLongFileName().getValue()
                        : a.getAttachFileName() != null ? a.getAttachFileName().getValue() : null;
                String mime = a.getAttachMimeTag() == null ? null : a.getAttachMimeTag().getValue();
                byte[] data = a.getAttachData() == null ? null : a.getAttachData().getValue();
                if (data != null) {
                    files.add(new TextExtraction.EmbeddedFile(name, mime, data));
                }
            }
            boolean truncated = text.length() > request.maxChars();
            String out = truncated ? text.substring(0, request.maxChars()) : text.toString();
            return new TextExtraction.Result(type, out.strip(), truncated,
                    truncated ? "text cut at " + request.maxChars() + " characters" : null, List.copyOf(files));
        }
    }

    private static void appendField(StringBuilder text, String name, String value) {
        if (value != null && !value.isBlank()) {
            text.append(name).append(": ").append(value).append('\n');
        }
    }

    private static boolean isName(String name, String expected) {
        return name != null && name.toLowerCase(Locale.ROOT).endsWith(expected);
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
