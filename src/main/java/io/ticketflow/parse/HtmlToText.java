package io.ticketflow.parse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.sax.BodyContentHandler;

/** Renders an HTML body as readable text through Tika: scripts and styles dropped, text kept. */
final class HtmlToText {

    private static final int MAX_CHARS = 1_000_000;

    private HtmlToText() {
    }

    static String render(String html) {
        BodyContentHandler handler = new BodyContentHandler(MAX_CHARS);
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE, "text/html; charset=UTF-8");
        try {
            new JSoupParser().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)), handler, metadata,
                    new ParseContext());
        }
        catch (Exception e) {
            // the write limit or a broken document: keep what was extracted so far
        }
        return handler.toString().replaceAll("[ \\t\\x0B\\f\\r]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }
}
