package io.ticketflow.thread;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * 300 generated mails shaped like the Request Tracker measurement in issue 5: 210 new requests and 90 replies, a
 * third keeping the subject tag, a third carrying only In-Reply-To, a third with neither header nor tag.
 */
final class GeneratedMail {

    private GeneratedMail() {
    }

    static List<CorpusReplay.Mail> threeHundred() {
        Random random = new Random(5);
        List<CorpusReplay.Mail> originals = new ArrayList<>();
        List<CorpusReplay.Mail> replies = new ArrayList<>();
        for (int i = 0; i < 210; i++) {
            String customer = "customer" + (i % 70) + "@company" + (i % 70) + ".example";
            String subject = "Request " + i + ": " + List.of("printer offline", "cannot log in", "invoice wrong",
                    "VPN drops", "mailbox full", "new laptop").get(i % 6);
            String id = "orig-" + i + "@company" + (i % 70) + ".example";
            String name = "o" + i;
            originals.add(CorpusReplay.Mail.fixed(name, null, mail(customer, subject, id, "", "Please help with " + subject)));
            if (i < 90) {
                int n = i;
                int kind = i % 3;
                replies.add(new CorpusReplay.Mail("r" + i, name, tickets -> switch (kind) {
                    case 0 -> mail(customer, "Re: [TF#" + tickets.get(name) + "] " + subject, "reply-" + n + "@x.example", "",
                            "Any news?");
                    case 1 -> mail(customer, "Re: " + subject, "reply-" + n + "@x.example", "In-Reply-To: <" + id + ">\n",
                            "Any news?");
                    default -> mail(customer, "AW: " + subject, "reply-" + n + "@x.example", "", "Any news?");
                }));
            }
        }
        // replies come after their request, interleaved with the later requests
        List<CorpusReplay.Mail> all = new ArrayList<>(originals);
        Collections.shuffle(replies, random);
        for (CorpusReplay.Mail reply : replies) {
            int parentAt = all.indexOf(all.stream().filter(m -> m.name().equals(reply.expectedParent())).findFirst().orElseThrow());
            all.add(parentAt + 1 + random.nextInt(all.size() - parentAt), reply);
        }
        return all;
    }

    private static byte[] mail(String from, String subject, String id, String headers, String body) {
        return ("From: " + from + "\nTo: support@ticketflow.local\nSubject: " + subject + "\nMessage-ID: <" + id + ">\n"
                + headers + "Content-Type: text/plain; charset=UTF-8\n\n" + body + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
