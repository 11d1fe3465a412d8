package io.ticketflow.store;

/** A document with the sequence number and primary term it was read at, for optimistic concurrency. */
public record Versioned<T>(T value, long seqNo, long primaryTerm) {
}
