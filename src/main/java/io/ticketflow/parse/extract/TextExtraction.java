package io.ticketflow.parse.extract;

import java.util.List;

/** Extracts the text of one attachment: in a worker process (hard time limit) or in this JVM. */
public interface TextExtraction extends AutoCloseable {

    /** What to extract. */
    record Request(String name, String declaredType, byte[] bytes, int maxChars) {
    }

    /** A file found inside a container (TNEF winmail.dat, Outlook .msg): unpacked and listed like an attachment. */
    record EmbeddedFile(String name, String contentType, byte[] bytes) {
    }

    /**
     * The outcome. {@code problem} is null on success, else why no (or only partial) text came out; it is recorded as
     * a warning on the message, never thrown.
     */
    record Result(String detectedType, String text, boolean truncated, String problem, List<EmbeddedFile> embedded) {

        static Result failed(String problem) {
            return new Result(null, "", false, problem, List.of());
        }
    }

    Result extract(Request request);

    /** A pool of worker processes, each extraction under the pool's time limit (production). */
    static TextExtraction forked(WorkerPoolSettings settings) {
        return new ForkedExtraction(settings);
    }

    /** In this JVM, without a hard time limit: for tools and fuzzing. */
    static TextExtraction inProcess() {
        return new InProcessExtraction();
    }

    /** No extraction: every attachment is listed with this reason instead of its text. */
    static TextExtraction skipping(String reason) {
        return request -> Result.failed(reason);
    }

    @Override
    default void close() {
    }
}
