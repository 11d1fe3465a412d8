package io.ticketflow.parse.extract;

import java.io.InputStream;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.xml.sax.ContentHandler;

/**
 * A parser that never returns and ignores interrupts, like a parser stuck in an endless loop on a crafted file.
 * Loaded into extraction workers only by tests (JVM option -Dticketflow.parse.extra-parser=...).
 */
public class SpinningParser implements Parser {

    static volatile long sink;

    @Override
    public Set<MediaType> getSupportedTypes(ParseContext context) {
        return Set.of(MediaType.application("pdf"));
    }

    @Override
    public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context) {
        long x = 0;
        while (true) {
            x++;
            if (x % 1_000_000_000L == 0) {
                sink = x; // keep the loop from being optimised away; Thread.interrupted() is deliberately not checked
            }
        }
    }
}
