package io.ticketflow.parse;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Parsing limits. Exceeding any of them never fails a message: the message is parsed as far as the limit allows and
 * the limit is recorded as a warning on it.
 *
 * @param maxDepth             MIME nesting depth (multiparts and forwarded messages) followed
 * @param maxParts             MIME parts read per message; the rest are skipped
 * @param maxHeaderBytes       size of a header block; a longer block is cut at this size
 * @param maxBodyChars         characters of body text kept (the raw bytes always stay in the raw store)
 * @param maxExtractionBytes   attachments larger than this are hashed and listed but not text-extracted
 * @param maxExtractedChars    characters of text kept per attachment
 * @param extractionTimeout    time limit per attachment extraction; the worker process is killed when it is exceeded
 * @param extraction           where attachment text is extracted: {@code fork} (child JVMs, the default: a hanging
 *                             or exploding parser only costs a worker), {@code in-process} (no hard time limit;
 *                             for tools and fuzzing) or {@code off}
 * @param extractionWorkers    child JVMs kept for extraction (started on the first attachment)
 * @param workerJvmOptions     JVM options of the extraction workers (heap cap)
 */
@ConfigurationProperties("ticketflow.parse")
public record ParseProperties(
        @DefaultValue("32") int maxDepth,
        @DefaultValue("1000") int maxParts,
        @DefaultValue("262144") int maxHeaderBytes,
        @DefaultValue("2000000") int maxBodyChars,
        @DefaultValue("52428800") long maxExtractionBytes,
        @DefaultValue("200000") int maxExtractedChars,
        @DefaultValue("20s") Duration extractionTimeout,
        @DefaultValue("fork") ExtractionMode extraction,
        @DefaultValue("2") int extractionWorkers,
        @DefaultValue({ "-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-Xss4m" })
        List<String> workerJvmOptions) {

    public enum ExtractionMode {
        FORK, IN_PROCESS, OFF
    }

    public ParseProperties {
        if (maxDepth < 1 || maxParts < 1 || maxHeaderBytes < 1024 || maxBodyChars < 1 || maxExtractedChars < 0) {
            throw new IllegalArgumentException("ticketflow.parse limits must be positive (max-header-bytes at least 1024)");
        }
        extractionTimeout = extractionTimeout == null ? Duration.ofSeconds(20) : extractionTimeout;
        extraction = extraction == null ? ExtractionMode.FORK : extraction;
        extractionWorkers = Math.max(1, extractionWorkers);
        workerJvmOptions = workerJvmOptions == null ? List.of() : List.copyOf(workerJvmOptions);
    }

    /** The shipped defaults, for code that runs without Spring (tests, CLI tools). */
    public static ParseProperties defaults() {
        return new ParseProperties(32, 1000, 262_144, 2_000_000, 50L * 1024 * 1024, 200_000, Duration.ofSeconds(20),
                ExtractionMode.FORK, 2, List.of("-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-Xss4m"));
    }

    public ParseProperties withExtraction(ExtractionMode mode) {
        return new ParseProperties(maxDepth, maxParts, maxHeaderBytes, maxBodyChars, maxExtractionBytes, maxExtractedChars,
                extractionTimeout, mode, extractionWorkers, workerJvmOptions);
    }
}
