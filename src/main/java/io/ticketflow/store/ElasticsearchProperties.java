package io.ticketflow.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Where the ticket store lives.
 *
 * @param url         base URL of the cluster; empty means "start the embedded node" (see {@code io.ticketflow.embedded})
 * @param indexPrefix prefix of every index, alias and template name, so several installations can share a cluster
 * @param replicas    replicas per index: 0 for a single node, 1+ in production clusters
 * @param batching    how concurrent single-document requests are sent together ({@link CoalescingTransport})
 */
@ConfigurationProperties("ticketflow.elasticsearch")
public record ElasticsearchProperties(String url, String indexPrefix, Integer replicas, Batching batching) {

    @ConstructorBinding
    public ElasticsearchProperties {
        indexPrefix = indexPrefix == null || indexPrefix.isBlank() ? "ticketflow" : indexPrefix;
        replicas = replicas == null ? 0 : replicas;
        batching = batching == null ? new Batching(null, null, null, null, null, null, null, null) : batching;
    }

    /**
     * @param enabled     send the index/create/get requests of concurrent workers as one _bulk/_mget (default true)
     * @param maxItems    requests per batch at most
     * @param maxBytes    bytes per batch at most (a larger single document still goes, alone)
     * @param maxInFlight batches on their way at once per kind (writes, reads); new requests gather meanwhile
     * @param linger      how long a batch that is not full may wait for more requests (default 0: never waits)
     * @param companyWait how long a batch that is not full may wait for more requests while another batch of its
     *                    kind is on its way (default 1 ms, at most {@link #MAX_COMPANY_WAIT}; 0: never); when
     *                    nothing else is in flight a request goes at once, so an idle system pays no latency
     * @param stepWait    how long a batch carrying a request of threads acting in step ({@link RequestWindow}: a
     *                    batch's mails writing one step) waits for the others' requests while one is still busy,
     *                    counted from the last request that came (at most {@link #MAX_STEP_WAIT}; default 0:
     *                    never, as under load the holds cost latency); it goes at once when every member has sent
     * @param stepHold    the longest such a batch is held in all, however steadily the members send (default
     *                    {@link #STEP_HOLD_WAITS} step waits; at most {@link #MAX_STEP_HOLD}): under load members
     *                    compute slowly, so a hold runs to this cap on every round of a mail's path
     */
    public record Batching(Boolean enabled, Integer maxItems, Integer maxBytes, Integer maxInFlight, Duration linger,
            Duration companyWait, Duration stepWait, Duration stepHold) {

        /** Every request under load may wait this long: more would trade latency for little. */
        public static final Duration MAX_COMPANY_WAIT = Duration.ofMillis(20);
        /** A step that sends fewer requests than it has members never holds the others longer than this. */
        public static final Duration MAX_STEP_WAIT = Duration.ofMillis(20);
        /** The default cap of a hold, in step waits (ten cost latency under load: round 7). */
        public static final int STEP_HOLD_WAITS = 3;
        public static final Duration MAX_STEP_HOLD = Duration.ofMillis(200);

        public Batching {
            enabled = enabled == null || enabled;
            maxItems = maxItems == null ? 500 : maxItems;
            maxBytes = maxBytes == null ? 8 * 1024 * 1024 : maxBytes;
            maxInFlight = maxInFlight == null ? 2 : maxInFlight;
            linger = linger == null ? Duration.ZERO : linger;
            companyWait = companyWait == null ? Duration.ofMillis(1) : companyWait;
            stepWait = stepWait == null ? Duration.ZERO : stepWait;
            stepHold = stepHold == null ? stepWait.multipliedBy(STEP_HOLD_WAITS) : stepHold;
            if (maxItems < 1 || maxBytes < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("ticketflow.elasticsearch.batching: max-items, max-bytes and "
                        + "max-in-flight must be positive");
            }
            if (linger.isNegative()) {
                throw new IllegalArgumentException("ticketflow.elasticsearch.batching.linger must not be negative");
            }
            if (companyWait.isNegative() || companyWait.compareTo(MAX_COMPANY_WAIT) > 0) {
                throw new IllegalArgumentException("ticketflow.elasticsearch.batching.company-wait must be between 0 and "
                        + MAX_COMPANY_WAIT.toMillis() + " ms");
            }
            if (stepWait.isNegative() || stepWait.compareTo(MAX_STEP_WAIT) > 0) {
                throw new IllegalArgumentException("ticketflow.elasticsearch.batching.step-wait must be between 0 and "
                        + MAX_STEP_WAIT.toMillis() + " ms");
            }
            if (stepHold.compareTo(stepWait) < 0 || stepHold.compareTo(MAX_STEP_HOLD) > 0) {
                throw new IllegalArgumentException("ticketflow.elasticsearch.batching.step-hold must be between "
                        + "step-wait and " + MAX_STEP_HOLD.toMillis() + " ms");
            }
        }
    }
}
