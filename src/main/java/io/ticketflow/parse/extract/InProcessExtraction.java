package io.ticketflow.parse.extract;

/**
 * Extraction in this JVM, without a hard time limit: for tools and fuzzing where starting processes is not wanted.
 * Not for production mail: a parser that hangs would hold the thread.
 */
final class InProcessExtraction implements TextExtraction {

    private final AttachmentExtractor extractor = new AttachmentExtractor();

    @Override
    public Result extract(Request request) {
        return extractor.extract(request);
    }
}
