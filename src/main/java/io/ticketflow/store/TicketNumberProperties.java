package io.ticketflow.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * How ticket numbers are reserved ({@link TicketStore#allocateNumber}).
 *
 * @param block numbers an instance reserves with one write of the shared counter and hands out itself (default 32);
 *              what is left of a block when the instance stops is a gap in the numbers, so a larger block saves counter
 *              writes (one per block) at the price of larger gaps and of numbers further out of arrival order across
 *              instances; 1 reserves every number on its own
 */
@ConfigurationProperties("ticketflow.ticket-numbers")
public record TicketNumberProperties(Integer block) {

    @ConstructorBinding
    public TicketNumberProperties {
        block = block == null ? 32 : block;
        if (block < 1 || block > 10_000) {
            throw new IllegalArgumentException("ticketflow.ticket-numbers.block must be between 1 and 10000");
        }
    }

    /** The defaults (plain-Java construction in tests and tools). */
    public static TicketNumberProperties defaults() {
        return new TicketNumberProperties(null);
    }
}
