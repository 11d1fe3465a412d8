package io.ticketflow.vocabulary;

/**
 * One classifier's answer.
 *
 * @param confidence     probability of the label according to the model (0..1)
 * @param belowThreshold the confidence is under the classifier's threshold: a person should check the label
 */
public record Prediction(String label, double confidence, boolean belowThreshold) {
}
