package io.ticketflow.lifecycle;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param file the quality review file (rubric and sampling); absent: no sampling, and PATCH review answers 409 */
@ConfigurationProperties("ticketflow.review")
public record ReviewProperties(String file) {

    public ReviewProperties {
        file = file == null || file.isBlank() ? "config/review.yml" : file;
    }
}
