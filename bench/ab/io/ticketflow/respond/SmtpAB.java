package io.ticketflow.respond;

import io.ticketflow.sla.SlaPolicies;
import io.ticketflow.thread.SubjectTag;
import io.ticketflow.thread.ThreadTokens;
import io.ticketflow.ticket.Ticket;
import io.ticketflow.vocabulary.TicketflowIdentity;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Round 12 respond: thread CPU of sending acknowledgements (rendered from config/templates in English and German,
 * composed as the outbox composes them) over SMTP in batches of 20 on one connection, as an outbox sender does, with
 * SmtpSender as of de0e72c (SmtpSenderOld), as of d7df387 (SmtpSenderStep1) and now, batch by batch in rotation; the
 * SMTP server is a sink thread that answers 250 and keeps each mail's DATA. First proves all three send the same
 * bytes (Date and MIME boundaries aside). Run it from the app jar too (bench/ab/run smtp-jar): Jakarta Mail loads its
 * content handlers through the class loader, which costs differently in Spring Boot's nested jars than on a flat class
 * path. Jakarta Mail's stream provider is named by its system property, as MessageParser names it in the service
 * (else every part written scans the class path for it: the service never pays that, this program would).
 */
public class SmtpAB {
    static final TicketflowIdentity ID = new TicketflowIdentity(List.of("support@ticketflow.local"),
            "support@ticketflow.local", "Ticketflow Support", "ticketflow.local", "TF", "ticketflow", "ab-secret");
    static final Map<String, String> DATA = new ConcurrentHashMap<>();

    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a.length > 0 ? a[0] : "20");
        System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        ServerSocket server = new ServerSocket(0);
        Thread sink = new Thread(() -> serve(server), "smtp-sink");
        sink.setDaemon(true);
        sink.start();
        SmtpProperties props = new SmtpProperties("127.0.0.1", server.getLocalPort(), null, null, false,
                Duration.ofSeconds(10));
        List<String> names = List.of("de0e72c", "d7df387 (encoding set)", "now (bytes + encoding set)");
        SmtpSenderOld old = new SmtpSenderOld(props, ID);
        SmtpSenderStep1 step1 = new SmtpSenderStep1(props, ID);
        SmtpSender now = new SmtpSender(props, ID);
        List<Batch> senders = List.of(batch -> {
            try (SmtpSenderOld.Connection c = old.connect()) {
                for (OutgoingMail m : batch) {
                    c.send(m);
                }
            }
        }, batch -> {
            try (SmtpSenderStep1.Connection c = step1.connect()) {
                for (OutgoingMail m : batch) {
                    c.send(m);
                }
            }
        }, batch -> {
            try (SmtpSender.Connection c = now.connect()) {
                for (OutgoingMail m : batch) {
                    c.send(m);
                }
            }
        });
        List<OutgoingMail> mails = mails(200);

        // same bytes on the wire
        for (OutgoingMail m : mails) {
            String first = null;
            for (int v = 0; v < senders.size(); v++) {
                senders.get(v).send(List.of(m));
                String data = normalized(DATA.remove(m.to()));
                if (first == null) {
                    first = data;
                }
                else if (!data.equals(first)) {
                    throw new AssertionError(names.get(v) + " sends another mail to " + m.to() + ":\n" + data
                            + "\n----\n" + first);
                }
            }
        }
        System.out.printf("%d mails: %s send the same bytes (Date and boundaries aside)%n", mails.size(), names);

        var bean = ManagementFactory.getThreadMXBean();
        int k = senders.size();
        long[] cpu = new long[k];
        long n = 0;
        for (int r = 0; r < rounds; r++) {
            for (int from = 0; from < mails.size(); from += 20) {
                List<OutgoingMail> batch = mails.subList(from, from + 20);
                for (int i = 0; i < k; i++) {
                    int v = (i + r + from / 20) % k; // each variant first, second and third in turn
                    long t0 = bean.getCurrentThreadCpuTime();
                    senders.get(v).send(batch);
                    long t1 = bean.getCurrentThreadCpuTime();
                    if (r >= rounds / 2) {
                        cpu[v] += t1 - t0;
                        n += v == 0 ? batch.size() : 0;
                    }
                }
            }
            DATA.clear();
        }
        System.out.printf("%d mails x %d rounds, second half, batches of 20 on one connection, in rotation:%n",
                mails.size(), rounds);
        for (int v = 0; v < k; v++) {
            System.out.printf("  %-28s %7.1f us CPU per mail%n", names.get(v), cpu[v] / 1e3 / n);
        }
    }

    interface Batch {
        void send(List<OutgoingMail> batch) throws Exception;
    }

    static List<OutgoingMail> mails(int count) throws Exception {
        SubjectTag tag = new SubjectTag(ID);
        MailModels models = new MailModels(new SlaPolicies(new SlaPolicies.Properties("config/sla.yml")), tag, ID);
        TemplateRenderer templates = TemplateRenderer.withoutSpring(models, "file:config/templates/");
        MailComposer composer = new MailComposer(tag, new ThreadTokens(ID, () -> "ab-secret"));
        String[] subjects = { "Printer on fire", "Drucker druckt nicht mehr", "Invoice 2026-114 is wrong",
                "Rückerstattung für Bestellung 8812", "Cannot log in since the update" };
        List<OutgoingMail> mails = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String customer = "customer" + i + "@example.com";
            Ticket t = Ticket.open(Integer.toString(100_000 + i), "imap", customer, "Customer " + i, subjects[i % 5],
                    Instant.parse("2026-03-02T09:00:00Z"));
            Map<String, Object> model = models.sample();
            model.put("subject", subjects[i % 5]);
            TemplateRenderer.Rendered r = templates.render("acknowledgement", i % 2 == 0 ? "eng" : "deu", model);
            OutgoingMail m = composer.compose(t, customer, r, "in" + i + "@client.example",
                    List.of("first" + i + "@client.example"), OutgoingMail.AUTO_REPLIED);
            mails.add(new OutgoingMail(m.to(), m.subject(), m.text(), m.html(), m.messageId(), m.inReplyTo(),
                    m.references(), m.autoSubmitted(), "bounces+" + t.number() + "@ticketflow.local"));
        }
        return mails;
    }

    static String normalized(String data) {
        return data.replaceAll("(?m)^Date: .*\r\n", "").replaceAll("----=_Part_[0-9_.]+", "BOUNDARY");
    }

    /** A minimal SMTP server: 250 to everything, 354 to DATA, keeps the DATA of each mail by recipient. */
    static void serve(ServerSocket server) {
        while (true) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> conversation(s), "smtp-sink-conn");
                t.setDaemon(true);
                t.start();
            }
            catch (Exception e) {
                return;
            }
        }
    }

    static void conversation(Socket s) {
        try (s) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            out.write("220 sink\r\n".getBytes(StandardCharsets.US_ASCII));
            String rcpt = null;
            for (String line; (line = in.readLine()) != null;) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                String reply = "250 ok\r\n";
                if (cmd.equals("RCPT")) {
                    rcpt = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                }
                else if (cmd.equals("DATA")) {
                    out.write("354 go\r\n".getBytes(StandardCharsets.US_ASCII));
                    StringBuilder data = new StringBuilder();
                    for (String l; (l = in.readLine()) != null && !l.equals(".");) {
                        data.append(l).append("\r\n");
                    }
                    DATA.put(rcpt, data.toString());
                }
                else if (cmd.equals("QUIT")) {
                    out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
            }
        }
        catch (Exception e) {
            // the client hung up
        }
    }
}
