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
}
