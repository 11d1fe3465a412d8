package io.ticketflow.lifecycle;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The quality review ({@code config/review.yml}): how many solved tickets per agent and week are sampled, and the
 * rubric a reviewer scores them against.
 *
 * @param perAgentPerWeek how many solved tickets of each agent and ISO week go to the review queue (null with a rate)
 * @param rate            or: the share of each agent's solved tickets (0..1) that goes there (null with a number)
 * @param zone            where a week begins (Monday 00:00)
 * @param lookbackWeeks   how many completed weeks the sweep still samples (a pass missed while no instance ran)
 * @param rubric          the criteria, in file order
 */
public record ReviewConfig(boolean enabled, Integer perAgentPerWeek, Double rate, ZoneId zone, int lookbackWeeks,
        Map<String, Criterion> rubric) {

    public ReviewConfig {
        rubric = Map.copyOf(rubric);
    }

    /** One criterion: scores are whole numbers from min to max. */
    public record Criterion(String id, String description, int min, int max) {
    }

    public List<String> criteria() {
        return rubric.keySet().stream().sorted().toList();
    }

    /** The most the rubric gives, for the share a review reaches. */
    public int maximum() {
        return rubric.values().stream().mapToInt(Criterion::max).sum();
    }

    public int minimum() {
        return rubric.values().stream().mapToInt(Criterion::min).sum();
    }
}
