package io.ticketflow.parse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the configured reply-split patterns at start and puts them in use. A file with a problem throws here, so the
 * application does not start with half a set of patterns (new content would then carry the whole quoted history).
 */
@Component
public class ReplyPatternsInstaller {

    private static final Logger log = LoggerFactory.getLogger(ReplyPatternsInstaller.class);

    public ReplyPatternsInstaller(ReplyPatternsProperties properties) {
        ReplyPatterns patterns = ReplyPatterns.load(properties.replyPatternsFile());
        ReplySplitter.use(patterns);
        if (patterns != ReplyPatterns.shipped()) {
            log.info("Reply-split patterns from {}: {} attributions, {} header lines, {} signatures", patterns.source(),
                    patterns.attributions().size(), patterns.headerLines().size(), patterns.signatures().size());
        }
    }
}
