package io.ticketflow.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints the refusal of {@link ExposureCheck} as Spring Boot's "APPLICATION FAILED TO START" box, without a trace. */
class ExposureFailureAnalyzer extends AbstractFailureAnalyzer<ExposureCheck.UnprotectedExposureException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, ExposureCheck.UnprotectedExposureException cause) {
        return new FailureAnalysis(cause.getMessage(), "Configure authentication or bind to 127.0.0.1 (docs/security.md).",
                cause);
    }
}
