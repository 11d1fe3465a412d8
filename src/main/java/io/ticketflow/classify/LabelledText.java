package io.ticketflow.classify;

/** One training or evaluation example. */
public record LabelledText(String text, String label) {
}
