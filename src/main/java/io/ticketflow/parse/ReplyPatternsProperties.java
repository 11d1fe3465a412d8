package io.ticketflow.parse;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the reply-split patterns come from ({@code ticketflow.parse.reply-patterns-file}); the other parse settings are
 * {@link ParseProperties}.
 *
 * @param replyPatternsFile a file that replaces the shipped {@code parsing/reply-patterns.yml}; empty: the shipped one
 */
@ConfigurationProperties("ticketflow.parse")
public record ReplyPatternsProperties(String replyPatternsFile) {
}
