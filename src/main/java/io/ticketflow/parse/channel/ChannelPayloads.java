package io.ticketflow.parse.channel;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The chat channel parsers, by the content type of the payload their source stores. */
@Component
public class ChannelPayloads {

    private final Map<String, ChannelPayloadParser> byType;

    public ChannelPayloads() {
        this(List.of(new TelegramPayloadParser(), new WhatsAppPayloadParser(),
                new MastodonPayloadParser(), new AlertmanagerPayloadParser()));
    }

    ChannelPayloads(List<ChannelPayloadParser> parsers) {
        this.byType = parsers.stream().collect(Collectors.toUnmodifiableMap(ChannelPayloadParser::contentType,
                Function.identity()));
    }

    /** The parser for a content type, or null when no channel stores that kind of payload. */
    public ChannelPayloadParser forType(String contentType) {
        return contentType == null ? null : byType.get(contentType);
    }
}
