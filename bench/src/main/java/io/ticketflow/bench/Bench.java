package io.ticketflow.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of {@code bench/run}: {@code generate} writes a corpus, {@code e2e} runs the end-to-end benchmark
 * (see docs/performance.md).
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        String command = argv.length == 0 ? "help" : argv[0];
        String[] rest = java.util.Arrays.copyOfRange(argv, Math.min(1, argv.length), argv.length);
        switch (command) {
            case "generate" -> generate(new Args(rest, List.of("count", "seed", "out", "mbox", "reply-share",
                    "attachment-share")));
            case "e2e" -> EndToEndBenchmark.main(rest);
            case "classify" -> ClassifyBenchmark.run(new Args(rest, List.of("count", "repeat", "seed", "classifiers", "corpora", "embed-below", "pieces")));
            case "sources" -> SourcesBenchmark.run(new Args(rest, SourcesBenchmark.OPTIONS));
            case "knowledge" -> KnowledgeBenchmark.run(new Args(rest, List.of("count", "seed", "rounds", "per-round")));
            default -> {
                System.out.println("""
                        usage: bench/run generate --count N [--seed 42] [--out DIR] [--mbox FILE]
                               bench/run e2e [--count 2000] [--corpus DIR|MBOX] [--rate 50] [--latency-seconds 30]
                                             [--profile] [--profile-sampling max] [--profile-es] [--profile-bench] [--poll-delay-ms 1000] [--heap 512m] [--label NAME]
                                             [--jvm-defaults shipped|none] ...
                               bench/run classify [--count 500] [--repeat 5] [--classifiers DIR] [--corpora DIR] [--embed-below 0,0.5,1]
                               bench/run sources [--count 3000] [--seed 7] [--skip-import] [--skip-replay] [--label NAME]
                               bench/run knowledge [--count 500] [--rounds 6] [--per-round 5000]
                               bench/run jmh [JMH options]
                        see docs/performance.md""");
                System.exit(command.equals("help") ? 0 : 2);
            }
        }
    }

    private static void generate(Args args) throws Exception {
        int count = args.getInt("count", 1000);
        long seed = args.getLong("seed", 42);
        Path out = Path.of(args.get("out", "target/bench/corpus-" + count + "-" + seed));
        MailGenerator.Options defaults = MailGenerator.Options.of(seed, count);
        MailGenerator.Options options = new MailGenerator.Options(seed, count,
                args.getDouble("reply-share", defaults.replyShare()),
                args.getDouble("attachment-share", defaults.attachmentShare()), defaults.supportAddress());
        List<MailGenerator.Mail> mails = MailGenerator.generate(options);
        String mbox = args.get("mbox", null);
        Corpus.write(mails, out, mbox == null ? null : Path.of(mbox));
        long replies = mails.stream().filter(MailGenerator.Mail::isReply).count();
        long attachments = mails.stream().filter(m -> m.attachment() != null).count();
        System.out.printf("wrote %d mails (%d replies, %d with attachments) to %s%s%n", mails.size(), replies,
                attachments, out, mbox == null ? "" : " and " + mbox);
    }
}
