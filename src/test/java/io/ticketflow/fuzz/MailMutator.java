package io.ticketflow.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Turns seed mails into hostile ones, reproducibly from a seed: byte-level damage (flips, cuts, repeats, splices) and
 * the shapes that broke mail software before (deep multipart nesting, endless "Re: ", huge headers and lines, broken
 * encoded words and boundaries, forged Authentication-Results, NUL bytes, bare CR/LF).
 */
public final class MailMutator {

    private static final List<String> HEADER_SHAPES = List.of(
            "Subject: " + "Re: ".repeat(3000) + "[TF#" + "9".repeat(2000) + "]",
            "Subject: =?utf-8?B?" + "////".repeat(2000) + "?=",
            "Subject: =?x-unknown?Q?=FF=FE=00?= =?utf-8?q?" + "=E2=82".repeat(500) + "?=",
            "References: " + "<a@b> ".repeat(5000),
            "In-Reply-To: <" + "x".repeat(20000) + "@tf.example>",
            "From: " + "\"a\\\"\" <".repeat(500) + "x@y>",
            "From: =?utf-8?q?evil=0D=0ABcc:_x@y?= <a@b.example>",
            "Authentication-Results: mx.ticketflow.test; dmarc=pass (" + "(".repeat(5000),
            "Authentication-Results: " + "x; ".repeat(3000),
            "Content-Type: multipart/mixed; boundary=\"" + "-".repeat(5000) + "\"",
            "Content-Type: text/plain; charset=\"" + "x".repeat(300) + "\"",
            "Content-Transfer-Encoding: base64\r\n\r\n" + "!!!!".repeat(1000),
            "Thread-Index: " + "A".repeat(10000),
            "Date: " + "Mon, 32 Foo 99999 99:99:99 +9999 ".repeat(50),
            "X-Long: " + "y".repeat(200_000),
            "Auto-Submitted: auto-replied; " + ";".repeat(3000));

    private final Random random;

    public MailMutator(long seed) {
        this.random = new Random(seed);
    }

    public byte[] mutate(byte[] seed, byte[] other) {
        byte[] out = seed;
        int rounds = 1 + random.nextInt(4);
        for (int i = 0; i < rounds; i++) {
            out = once(out, other);
        }
        return out;
    }

    private byte[] once(byte[] in, byte[] other) {
        return switch (random.nextInt(10)) {
            case 0 -> flip(in);
            case 1 -> in.length < 2 ? in : java.util.Arrays.copyOf(in, random.nextInt(in.length));
            case 2 -> repeatChunk(in);
            case 3 -> splice(in, other);
            case 4 -> insertHeader(in, HEADER_SHAPES.get(random.nextInt(HEADER_SHAPES.size())));
            case 5 -> nested(1 + random.nextInt(200));
            case 6 -> replaceAll(in, "\r\n", random.nextBoolean() ? "\n" : "\r");
            case 7 -> insertAt(in, new byte[] { 0, 0, (byte) 0xff, (byte) 0xfe, 0x1b, '(', 'J' });
            case 8 -> insertHeader(in, "Content-Type: message/rfc822\r\n\r\n" + new String(in, StandardCharsets.ISO_8859_1));
            default -> insertAt(in, ("\r\n--" + "b".repeat(random.nextInt(80)) + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        };
    }

    private byte[] flip(byte[] in) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        for (int i = 0, n = 1 + random.nextInt(16); i < n; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private byte[] repeatChunk(byte[] in) {
        if (in.length < 2) {
            return in;
        }
        int from = random.nextInt(in.length - 1);
        int len = 1 + random.nextInt(Math.min(200, in.length - from));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, from + len);
        for (int i = 0, n = random.nextInt(500); i < n; i++) {
            out.write(in, from, len);
        }
        out.write(in, from + len, in.length - from - len);
        return out.toByteArray();
    }

    private byte[] splice(byte[] a, byte[] b) {
        int cutA = a.length == 0 ? 0 : random.nextInt(a.length);
        int cutB = b.length == 0 ? 0 : random.nextInt(b.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(a, 0, cutA);
        out.write(b, cutB, b.length - cutB);
        return out.toByteArray();
    }

    private byte[] insertHeader(byte[] in, String header) {
        byte[] h = (header + "\r\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h, 0, h.length);
        out.write(in, 0, in.length);
        return out.toByteArray();
    }

    private byte[] insertAt(byte[] in, byte[] what) {
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(in, 0, at);
        out.write(what, 0, what.length);
        out.write(in, at, in.length - at);
        return out.toByteArray();
    }

    private static byte[] replaceAll(byte[] in, String from, String to) {
        return new String(in, StandardCharsets.ISO_8859_1).replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A message nested {@code depth} multiparts deep. */
    private static byte[] nested(int depth) {
        StringBuilder s = new StringBuilder("From: a@b.example\r\nSubject: nested\r\n");
        for (int i = 0; i < depth; i++) {
            s.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        s.append("Content-Type: text/plain\r\n\r\ndeep\r\n");
        for (int i = depth - 1; i >= 0; i--) {
            s.append("--b").append(i).append("--\r\n");
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Small mails of the common shapes, so the fuzz runs without the shared corpora too. */
    public static List<byte[]> builtInSeeds() {
        return List.of(
                mail("From: Alice <alice@a.example>\r\nTo: support@ticketflow.local\r\nSubject: Printer\r\n"
                        + "Message-ID: <1@a.example>\r\n\r\nThe printer is broken.\r\n\r\n> quoted\r\n-- \r\nAlice\r\n"),
                mail("From: bob@b.example\r\nSubject: Re: [TF#100001] VPN\r\nIn-Reply-To: <tf.100001.x@ticketflow.local>\r\n"
                        + "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=x\r\n\r\n--x\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                        + "Gr=C3=BC=C3=9Fe\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>Hi<br><a href=x>link</a></p>\r\n--x--\r\n"),
                mail("From: MAILER-DAEMON@mx.example\r\nTo: bounces+100001-acknowledgement-0123456789abcdef@ticketflow.local\r\n"
                        + "Subject: Undelivered\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n"
                        + "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx\r\n\r\n"
                        + "Final-Recipient: rfc822; x@y.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--r--\r\n"),
                mail("Authentication-Results: mx.ticketflow.test; spf=pass; dkim=fail (sig) header.d=a.example;"
                        + " dmarc=fail header.from=a.example\r\nReceived: from x by mx.ticketflow.test\r\n"
                        + "From: a@a.example\r\nSubject: =?utf-8?B?w6TDtsO8?=\r\nAuto-Submitted: auto-replied\r\n"
                        + "Content-Type: application/octet-stream; name=x.bin\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n"));
    }

    private static byte[] mail(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
