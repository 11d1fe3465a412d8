package io.ticketflow.ticket;

import java.time.Instant;
import java.util.Map;

/**
 * The quality review of a solved ticket: sampled for an agent and ISO week by the follow-up sweep, then scored by a
 * reviewer against the rubric of config/review.yml.
 *
 * @param week   ISO week of the solution ({@code 2026-W49}) the sample counts for
 * @param scores score per rubric criterion
 * @param score  the scores' share of the rubric's maximum (0..1), comparable across rubric changes
 */
public record Review(String agent, String week, Instant sampledAt, Map<String, Integer> scores,
        Double score, String reviewer, Instant reviewedAt, String note) {
    public Review {
        scores = scores == null ? null : Map.copyOf(scores);
    }
}
