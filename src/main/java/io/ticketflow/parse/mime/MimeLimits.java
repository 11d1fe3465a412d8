package io.ticketflow.parse.mime;

/**
 * How far one message's MIME tree is read; past a limit the rest is skipped with a warning, never failed.
 *
 * @param maxDepth           MIME nesting depth (multiparts and forwarded messages) followed
 * @param maxParts           MIME parts read per message, unpacked container files included
 * @param maxBodyChars       characters of body text kept
 * @param maxExtractionBytes attachments larger than this are hashed and listed but not text-extracted
 * @param maxExtractedChars  characters of text kept per attachment
 */
public record MimeLimits(int maxDepth, int maxParts, int maxBodyChars, long maxExtractionBytes, int maxExtractedChars) {
}
