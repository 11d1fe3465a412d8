package io.ticketflow.thread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ticketflow.parse.MessageParser;
import io.ticketflow.testing.ElasticsearchNode;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Share of replies threaded right on real and generated corpora, printed and appended to
 * {@code target/threading-figures.txt}. The Dovecot imaptest mboxes run by default; the SpamAssassin easy-ham-2
 * threads and the generated mail comparable to the Request Tracker baseline are {@code @Tag("slow")}:
 * {@code bench/fetch-spamassassin.sh && ./mvnw verify -Dsurefire.excludedGroups=none -Dgroups=slow -Dtest=ThreadingCorporaTest}.
 */
@ExtendWith(ElasticsearchNode.class)
class ThreadingCorporaTest {

    private static final Path CORPORA = Path.of(System.getProperty("ticketflow.corpora", "../shared/corpora"));
    private static final Path SPAM_ASSASSIN = Path.of(System.getProperty("basedir", "."), "target", "corpora",
            "spam-assassin", "easy-ham-2");

    @Test
    void dovecotImaptestThreads() throws Exception {
        Path dir = CORPORA.resolve("threading/imaptest");
        assumeTrue(Files.isDirectory(dir), "threading corpus absent: " + dir);
        List<CorpusReplay.Result> results = new ArrayList<>();
        try (CorpusReplay replay = new CorpusReplay(); Stream<Path> files = Files.list(dir)) {
            for (Path mbox : files.filter(p -> p.toString().endsWith(".mbox")).sorted().toList()) {
                String name = mbox.getFileName().toString().replace(".mbox", "");
                results.add(replay.replay("imaptest/" + name, imaptest(mbox, dir.resolve(name)), false));
            }
        }
        CorpusReplay.Result total = report("Dovecot imaptest (expected = first THREAD answer)", results);
        // what Ticketflow does differently from IMAP THREAD is explained in docs/threading.md; the rest must hold
        assertThat(total.replies()).isGreaterThanOrEqualTo(15);
        assertThat(total.right()).isGreaterThanOrEqualTo(total.replies() - 3);
    }

    @Test
    @Tag("slow")
    void spamAssassinEasyHam2ReplyThreads() throws Exception {
        assumeTrue(Files.isDirectory(SPAM_ASSASSIN), "SpamAssassin corpus absent: run bench/fetch-spamassassin.sh");
        List<CorpusReplay.Result> results = new ArrayList<>();
        for (boolean oneOrganisation : new boolean[] { false, true }) {
            for (boolean strip : new boolean[] { false, true }) {
                try (CorpusReplay replay = new CorpusReplay()) {
                    List<CorpusReplay.Mail> mails = spamAssassin(replay.bean(MessageParser.class));
                    results.add(replay.replay("spam-assassin/easy-ham-2", mails, strip, oneOrganisation));
                }
            }
        }
        report("SpamAssassin easy-ham-2 (expected = ticket of the In-Reply-To/References parent in the corpus)", results);
        CorpusReplay.Result evidenceOnly = results.get(2);
        assertThat(evidenceOnly.right()).isGreaterThan(evidenceOnly.replies() * 8 / 10);
    }

    @Test
    @Tag("slow")
    void generatedRepliesComparedWithRequestTracker() throws Exception {
        List<CorpusReplay.Result> results = new ArrayList<>();
        try (CorpusReplay replay = new CorpusReplay()) {
            results.add(replay.replay("generated (300 mails, 90 replies)", GeneratedMail.threeHundred(), false));
        }
        CorpusReplay.Result r = report("Generated mail like the Request Tracker baseline (RT: 30 of 90 replies)", results);
        assertThat(r.right()).isEqualTo(90);
    }

    /** Messages of an mbox; each message's expected parent is the first message of its top-level THREAD group. */
    private static List<CorpusReplay.Mail> imaptest(Path mbox, Path expectations) throws IOException {
        List<String> messages = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(mbox, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("From ")) {
                if (current != null) {
                    messages.add(current.toString());
                }
                current = new StringBuilder();
            }
            else if (current != null) {
                current.append(line).append("\n");
            }
        }
        if (current != null) {
            messages.add(current.toString());
        }
        String answer = Files.readAllLines(expectations).stream().filter(l -> l.toLowerCase().startsWith("* thread"))
                .findFirst().orElseThrow();
        Map<Integer, Integer> rootOf = groups(answer.substring("* thread".length()));
        String sender = "user@" + mbox.getFileName().toString().replace(".mbox", "") + ".imaptest.example";
        List<CorpusReplay.Mail> mails = new ArrayList<>();
        for (int i = 1; i <= messages.size(); i++) {
            Integer root = rootOf.get(i);
            // messages the first answer does not cover (appended later in the imaptest script) are not counted
            String parent = root == null ? CorpusReplay.NOT_EVALUATED : root == i ? null : "m" + root;
            byte[] raw = ("From: " + sender + "\nTo: support@ticketflow.local\n" + messages.get(i - 1))
                    .getBytes(StandardCharsets.ISO_8859_1);
            mails.add(CorpusReplay.Mail.fixed("m" + i, parent, raw));
        }
        return mails;
    }

    /** Message number → lowest message number of its top-level group in an IMAP THREAD answer. */
    static Map<Integer, Integer> groups(String answer) {
        Map<Integer, Integer> rootOf = new HashMap<>();
        int depth = 0;
        List<Integer> group = new ArrayList<>();
        StringBuilder number = new StringBuilder();
        for (char c : (answer + " ").toCharArray()) {
            if (Character.isDigit(c)) {
                number.append(c);
                continue;
            }
            if (number.length() > 0) {
                group.add(Integer.parseInt(number.toString()));
                number.setLength(0);
            }
            if (c == '(') {
                depth++;
            }
            else if (c == ')' && --depth == 0) {
                int root = group.stream().min(Integer::compare).orElseThrow();
                group.forEach(m -> rootOf.put(m, root));
                group.clear();
            }
        }
        return rootOf;
    }

    /** easy-ham-2 in date order; a reply's expected parent is the newest message it references that came before. */
    private static List<CorpusReplay.Mail> spamAssassin(MessageParser parser) throws IOException {
        record Parsed(String name, byte[] raw, ParsedMessage message) {
        }
        List<Parsed> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(SPAM_ASSASSIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                byte[] raw = Files.readAllBytes(f);
                all.add(new Parsed(f.getFileName().toString(), raw, parser.parse(RawMessage.of(raw, "replay", "sa"))));
            }
        }
        all.sort(Comparator.comparing((Parsed p) -> p.message().sentAt() == null ? Instant.MAX : p.message().sentAt())
                .thenComparing(Parsed::name));
        Map<String, String> nameById = new LinkedHashMap<>();
        List<CorpusReplay.Mail> mails = new ArrayList<>();
        for (Parsed p : all) {
            String parent = p.message().referencedIds().stream().map(nameById::get).filter(n -> n != null)
                    .findFirst().orElse(null);
            nameById.putIfAbsent(p.message().messageId(), p.name());
            mails.add(CorpusReplay.Mail.fixed(p.name(), parent, p.raw()));
        }
        return mails;
    }

    private static CorpusReplay.Result report(String title, List<CorpusReplay.Result> results) throws IOException {
        CorpusReplay.Result total = new CorpusReplay.Result("total", sum(results, CorpusReplay.Result::messages),
                sum(results, CorpusReplay.Result::replies), sum(results, CorpusReplay.Result::right),
                sum(results, CorpusReplay.Result::refused), sum(results, CorpusReplay.Result::wrong),
                sum(results, CorpusReplay.Result::startedThreads), sum(results, CorpusReplay.Result::wronglyJoined),
                results.stream().flatMap(r -> r.misses().stream().map(m -> r.corpus() + ": " + m)).toList());
        StringBuilder out = new StringBuilder("\n== " + title + " ==\n");
        results.forEach(r -> out.append(r.line()).append("\n"));
        if (results.size() > 1) {
            out.append(total.line()).append("\n");
        }
        total.misses().stream().limit(40).forEach(m -> out.append("  miss: ").append(m).append("\n"));
        System.out.print(out);
        Path figures = Path.of(System.getProperty("basedir", "."), "target", "threading-figures.txt");
        Files.createDirectories(figures.getParent());
        Files.writeString(figures, out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return results.size() == 1 ? results.get(0) : total;
    }

    private static int sum(List<CorpusReplay.Result> results, java.util.function.ToIntFunction<CorpusReplay.Result> f) {
        return results.stream().mapToInt(f).sum();
    }
}
