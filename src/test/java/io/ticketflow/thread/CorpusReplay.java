package io.ticketflow.thread;

import io.ticketflow.TicketflowApplication;
import io.ticketflow.intake.IntakeRoute;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.testing.TestMailServer;
import io.ticketflow.vocabulary.ProcessingOutcome;
import io.ticketflow.vocabulary.RawMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Replays a corpus of mail through a Ticketflow of its own (fresh indices) and counts how many replies land on the
 * ticket of the message they answer. Screening is another stage's business: list and bulk headers are removed so the
 * corpus is treated as customer mail. Message-IDs are suffixed per replay so replays never see each other's ids.
 */
final class CorpusReplay implements AutoCloseable {

    /** Headers the screener reads as machine mail; the replay measures threading, not screening. */
    private static final Pattern SCREENING_HEADERS = Pattern.compile(
            "^(list-[a-z-]+|precedence|return-path|auto-submitted|x-auto[a-z-]*|x-loop|x-ticketflow-loop|mailing-list|"
                    + "x-mailing-list|x-beenthere|x-mailman-version|errors-to|delivered-to)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern REPLY_HEADERS = Pattern.compile("^(in-reply-to|references|thread-index)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ID_HEADERS = Pattern.compile("^(message-id|in-reply-to|references)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ANGLE_ID = Pattern.compile("<([^<>\\s]+)>");
    private static final Pattern ADDRESS_HEADERS = Pattern.compile("^(from|to|cc|reply-to|sender)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern ADDRESS = Pattern.compile("([A-Za-z0-9._%+=-]+)@([A-Za-z0-9.-]+)");

    /** expected parent of a message the ground truth says nothing about: replayed, not counted */
    static final String NOT_EVALUATED = "-";

    private final ConfigurableApplicationContext context;
    private final String tag = UUID.randomUUID().toString().substring(0, 6);

    CorpusReplay() {
        context = new SpringApplicationBuilder(TicketflowApplication.class).web(WebApplicationType.NONE).run(
                "--ticketflow.embedded.enabled=false",
                "--ticketflow.elasticsearch.url=" + ElasticsearchNode.url(),
                "--ticketflow.elasticsearch.index-prefix=replay-" + tag,
                "--ticketflow.smtp.host=127.0.0.1",
                "--ticketflow.smtp.port=" + TestMailServer.smtpPort(),
                "--ticketflow.intake.polling-enabled=false");
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /**
     * One message to replay.
     *
     * @param expectedParent name of the earlier message whose ticket this one must land on; null: it starts a thread
     * @param bytes          the raw message, given the tickets the earlier messages landed on (by name)
     */
    record Mail(String name, String expectedParent, Function<Map<String, String>, byte[]> bytes) {

        static Mail fixed(String name, String expectedParent, byte[] raw) {
            return new Mail(name, expectedParent, t -> raw);
        }
    }

    /** The figures of one replay. */
    record Result(String corpus, int messages, int replies, int right, int refused, int wrong, int startedThreads,
            int wronglyJoined, List<String> misses) {

        double share() {
            return replies == 0 ? 1.0 : (double) right / replies;
        }

        String line() {
            return String.format(Locale.ROOT, "%-60s messages %4d  replies %4d  right %4d (%5.1f %%)  refused-as-stranger %3d"
                    + "  wrong %3d  | thread starts %4d, wrongly joined %3d", corpus, messages, replies, right,
                    100.0 * share(), refused, wrong, startedThreads, wronglyJoined);
        }
    }

    /** Replays the mails in order; with {@code stripReplyHeaders} In-Reply-To, References and Thread-Index go. */
    Result replay(String corpus, List<Mail> mails, boolean stripReplyHeaders) {
        return replay(corpus, mails, stripReplyHeaders, false);
    }

    /**
     * With {@code oneOrganisation} every address is moved to one domain ({@code bob@host.example} becomes
     * {@code bob.host.example@corpus.example}), so everybody on a public mailing list counts as a colleague of
     * everybody else: the figure then measures the evidence alone, without the sender check.
     */
    Result replay(String corpus, List<Mail> mails, boolean stripReplyHeaders, boolean oneOrganisation) {
        ProducerTemplate camel = context.getBean(ProducerTemplate.class);
        String run = corpus.replaceAll("[^A-Za-z0-9]", "") + "." + tag;
        Map<String, String> ticketOf = new HashMap<>();
        int replies = 0;
        int right = 0;
        int refused = 0;
        int wrong = 0;
        int starts = 0;
        int joined = 0;
        int notTickets = 0;
        List<String> misses = new ArrayList<>();
        for (Mail mail : mails) {
            byte[] raw = rewrite(mail.bytes().apply(ticketOf), run, stripReplyHeaders && mail.expectedParent() != null
                    && !NOT_EVALUATED.equals(mail.expectedParent()), oneOrganisation);
            ProcessingOutcome outcome = camel.requestBody(IntakeRoute.URI, RawMessage.of(raw, "replay", corpus),
                    ProcessingOutcome.class);
            if (outcome.ticket() == null) {
                // screened (a bounce in the corpus) or quarantined: not a threading question
                notTickets++;
                continue;
            }
            ticketOf.put(mail.name(), outcome.ticket());
            if (NOT_EVALUATED.equals(mail.expectedParent())) {
                continue;
            }
            boolean appended = outcome.outcome() == ProcessingOutcome.Outcome.APPENDED;
            String expected = mail.expectedParent() == null ? null : ticketOf.get(mail.expectedParent());
            if (expected == null) {
                starts++;
                if (appended && !Boolean.TRUE.equals(outcome.duplicate())) {
                    joined++;
                    misses.add(mail.name() + " joined " + outcome.ticket() + " by " + method(outcome));
                }
                continue;
            }
            replies++;
            if (expected.equals(outcome.ticket())) {
                right++;
            }
            else if (outcome.threading() != null && expected.equals(outcome.threading().relatedTo())) {
                refused++;
            }
            else {
                wrong++;
                misses.add(mail.name() + " expected " + expected + " (like " + mail.expectedParent() + ") got "
                        + outcome.ticket() + " by " + method(outcome));
            }
        }
        return new Result(corpus + (stripReplyHeaders ? ", reply headers stripped" : "")
                + (oneOrganisation ? ", one organisation" : ""), mails.size() - notTickets, replies, right,
                refused, wrong, starts, joined, misses);
    }

    private static String method(ProcessingOutcome outcome) {
        return outcome.threading() == null ? outcome.reason() : outcome.threading().method();
    }

    /** Drops screening headers (and reply headers if asked), suffixes every Message-ID with the run, marks the run. */
    static byte[] rewrite(byte[] raw, String run, boolean stripReplyHeaders, boolean oneOrganisation) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int split = text.indexOf("\r\n\r\n") >= 0 && (text.indexOf("\n\n") < 0 || text.indexOf("\r\n\r\n") < text.indexOf("\n\n"))
                ? text.indexOf("\r\n\r\n") : text.indexOf("\n\n");
        String head = split < 0 ? text : text.substring(0, split);
        String body = split < 0 ? "" : text.substring(split);
        StringBuilder out = new StringBuilder();
        for (String field : head.split("\\r?\\n(?![ \\t])")) {
            int colon = field.indexOf(':');
            String name = colon < 0 ? "" : field.substring(0, colon).strip();
            if (SCREENING_HEADERS.matcher(name).matches() || (stripReplyHeaders && REPLY_HEADERS.matcher(name).matches())) {
                continue;
            }
            if (oneOrganisation && ADDRESS_HEADERS.matcher(name).matches()) {
                field = ADDRESS.matcher(field).replaceAll("$1.$2@corpus.example");
            }
            if (ID_HEADERS.matcher(name).matches()) {
                Matcher m = ANGLE_ID.matcher(field);
                field = m.replaceAll(r -> Matcher.quoteReplacement("<" + suffixed(r.group(1), run) + ">"));
            }
            out.append(field).append("\n");
        }
        out.append("X-Replay: ").append(run);
        return (out + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String suffixed(String id, String run) {
        int at = id.lastIndexOf('@');
        return at < 0 ? id + "." + run : id.substring(0, at) + "." + run + id.substring(at);
    }

    @Override
    public void close() {
        context.close();
    }
}
