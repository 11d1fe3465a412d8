package io.ticketflow.intake;

import io.ticketflow.vocabulary.RawMessage;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Turns what admin routes deliver (a file, an HTTP body) into a {@link RawMessage} for {@code direct:intake}. */
@Component("rawMessageFactory")
public class RawMessageFactory {

    /** A file consumed by a Camel file route: the bytes, with the file name as the mailbox coordinate. */
    public RawMessage fromFile(Exchange exchange) {
        byte[] bytes = exchange.getMessage().getBody(byte[].class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        return new RawMessage(bytes, "file", name == null ? "file" : name, null, null, Instant.now());
    }
}
