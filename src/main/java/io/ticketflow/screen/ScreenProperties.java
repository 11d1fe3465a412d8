package io.ticketflow.screen;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Screening settings.
 *
 * @param spamScoreThreshold a spam score header (X-Spam-Score, the stars of X-Spam-Level, score= in X-Spam-Status) at
 *                           or above this marks the message as spam (SpamAssassin's default is 5.0)
 * @param spamConfidenceLevel Exchange's SCL (X-MS-Exchange-Organization-SCL) at or above this marks spam (0–9; 5 is
 *                           Exchange's own junk threshold)
 * @param markersFile        the machine-mail markers file that replaces the shipped one ({@code screening/markers.yml}
 *                           in the jar); empty: the shipped markers
 */
@ConfigurationProperties("ticketflow.screen")
public record ScreenProperties(@DefaultValue("5.0") double spamScoreThreshold, @DefaultValue("5") int spamConfidenceLevel,
        String markersFile) {

    public static ScreenProperties defaults() {
        return new ScreenProperties(5.0, 5, null);
    }
}
