package io.ticketflow.intake;

import io.ticketflow.bench.MailGenerator;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Round 12 intake: thread CPU per mail of the steps outside classification that every mail pays (the conversation
 * keys, the delivery key, the raw id, the parse) over the generated mail of the end-to-end benchmark, on the classpath
 * it runs with. Run it on main's build and on this branch's, one after the other (bench/ab/run intake ROUNDS
 * [TREE]): the same mails, the same order. It prints a digest of every result first, so both builds can be checked
 * for the same outcomes.
 */
public final class IntakeAB {

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args.length > 0 ? args[0] : "20");
        List<RawMessage> mails = MailGenerator.generate(MailGenerator.Options.of(42, 2000)).stream()
                .map(m -> new RawMessage(m.bytes(), "imap", "support", 1L, 1L, java.time.Instant.EPOCH)).toList();
        MessageParser parser = new MessageParser();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (RawMessage raw : mails) {
            digest.update(String.valueOf(ConversationKeys.of(raw)).getBytes());
            digest.update(String.valueOf(DeliveryKey.of(raw.bytes())).getBytes());
            digest.update(raw.id().getBytes());
            ParsedMessage p = parser.parse(raw);
            digest.update(p.toString().getBytes());
        }
        System.out.println("outcome digest " + HexFormat.of().formatHex(digest.digest()));
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        String[] names = { "conversationKeys", "deliveryKey", "rawId x8", "parse" };
        long[] total = new long[names.length];
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (RawMessage raw : mails) {
                Set<String> keys = ConversationKeys.of(raw);
                sink += keys.size();
            }
            long t1 = cpu.getCurrentThreadCpuTime();
            for (RawMessage raw : mails) {
                String key = DeliveryKey.of(raw.bytes());
                sink += key == null ? 0 : key.length();
            }
            long t2 = cpu.getCurrentThreadCpuTime();
            for (RawMessage raw : mails) {
                for (int i = 0; i < 8; i++) {
                    sink += raw.id().length();
                }
            }
            long t3 = cpu.getCurrentThreadCpuTime();
            for (RawMessage raw : mails) {
                sink += parser.parse(raw).text().length();
            }
            long t4 = cpu.getCurrentThreadCpuTime();
            if (r >= rounds / 2) { // the second half, warm
                total[0] += t1 - t0;
                total[1] += t2 - t1;
                total[2] += t3 - t2;
                total[3] += t4 - t3;
            }
        }
        int measured = (rounds - rounds / 2) * mails.size();
        for (int i = 0; i < names.length; i++) {
            System.out.printf("%-18s %8.1f us/mail%n", names[i], total[i] / 1000.0 / measured);
        }
        System.out.println("(sink " + sink + ")");
        parser.close();
    }
}
