package io.ticketflow.lifecycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Customer satisfaction ratings (docs/responding.md).
 *
 * @param baseUrl      where customers reach Ticketflow's rating page: the links in the satisfaction request start here
 * @param linkValidity how long a rating link works after the request was sent
 * @param changeWithin a rating may be changed (the other link, a comment) this long after the first click; then it is
 *                     final for this solution
 * @param reopenOnBad  a bad rating reopens the ticket, so a person reviews it
 */
@ConfigurationProperties("ticketflow.csat")
public record CsatProperties(String baseUrl, Duration linkValidity, Duration changeWithin, boolean reopenOnBad) {

    public CsatProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "http://localhost:8080" : baseUrl.replaceAll("/+$", "");
        linkValidity = linkValidity == null ? Duration.ofDays(30) : linkValidity;
        changeWithin = changeWithin == null ? Duration.ofHours(24) : changeWithin;
    }

    public static CsatProperties defaults() {
        return new CsatProperties(null, null, null, false);
    }
}
