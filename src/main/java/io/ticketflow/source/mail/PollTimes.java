package io.ticketflow.source.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a poll's time went, one DEBUG line per poll that read mail (logger {@code io.ticketflow.source.mail.PollTimes}):
 * the epoch milliseconds at which it started, had listed the waiting mail, had read the bodies, had every mail's
 * outcome and had acknowledged them. The latency breakdown in docs/performance.md is computed from these lines.
 */
final class PollTimes {

    private static final Logger log = LoggerFactory.getLogger(PollTimes.class);

    private PollTimes() {
    }

    static void log(String mailbox, int mails, long started, long listed, long read, long written, long acknowledged) {
        if (mails > 0 && log.isDebugEnabled()) {
            log.debug("poll {} mails={} start={} list={} read={} write={} ack={}", mailbox, mails, started,
                    listed - started, read - listed, written - read, acknowledged - written);
        }
    }

    /** One look of a pipelined poll: mails fetched, still in flight after it, and acknowledged by it. */
    static void log(String mailbox, int mails, long started, long listed, long read, int inFlight, int acknowledged,
            long done) {
        if ((mails > 0 || acknowledged > 0) && log.isDebugEnabled()) {
            log.debug("look {} mails={} start={} list={} read={} inFlight={} acked={} ack={}", mailbox, mails, started,
                    listed - started, read - listed, inFlight, acknowledged, done - read);
        }
    }

    /**
     * A POP3 session's pass over its maildrop: milliseconds spent retrieving (RETR/TOP), waiting for room while the
     * most mail allowed was in flight, and waiting for the last outcomes after the last retrieval.
     */
    static void pop3(String mailbox, int mails, long retr, long room, long drain) {
        if (mails > 0 && log.isDebugEnabled()) {
            log.debug("pop3 {} mails={} retr={} room={} drain={}", mailbox, mails, retr, room, drain);
        }
    }
}
