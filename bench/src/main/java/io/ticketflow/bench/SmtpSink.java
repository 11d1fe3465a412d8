package io.ticketflow.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SMTP server Ticketflow sends its acknowledgements to in the end-to-end benchmark: it speaks the commands
 * GreenMail's SMTP service answers (same greeting, EHLO extensions and replies) and accepts every message, but only
 * counts it. GreenMail parsed each acknowledgement into a MimeMessage, copied it again and filed it in an
 * auto-created mailbox per customer that nothing ever read: a quarter of the harness's CPU in the burst.
 */
final class SmtpSink implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final LongAdder messages = new LongAdder();
    private final LongAdder recipients = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    private SmtpSink(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::accept, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static SmtpSink start() throws IOException {
        return new SmtpSink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    int port() {
        return server.getLocalPort();
    }

    /** Messages accepted (DATA ended with 250). */
    long messages() {
        return messages.sum();
    }

    long recipients() {
        return recipients.sum();
    }

    long bytes() {
        return bytes.sum();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread t = new Thread(() -> serve(socket), "smtp-sink-conn");
                t.setDaemon(true);
                t.start();
            }
            catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            reply(out, "220 127.0.0.1 GreenMail SMTP Service ready");
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            boolean from = false;
            int to = 0;
            while (readLine(in, line) >= 0) {
                String command = line.toString(StandardCharsets.ISO_8859_1);
                String verb = command.length() < 4 ? command : command.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-127.0.0.1\r\n250-AUTH PLAIN LOGIN\r\n250 SMTPUTF8");
                    case "HELO" -> reply(out, "250 127.0.0.1");
                    case "MAIL" -> {
                        from = true;
                        to = 0;
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        if (from) {
                            to++;
                        }
                        reply(out, from ? "250 OK" : "503 MAIL command required");
                    }
                    case "DATA" -> {
                        if (!from || to == 0) {
                            reply(out, from ? "503 RCPT command(s) required" : "503 MAIL command required");
                            continue;
                        }
                        reply(out, "354 Start mail input; end with <CRLF>.<CRLF>");
                        long size = readData(in, line);
                        if (size < 0) {
                            return;
                        }
                        messages.increment();
                        recipients.add(to);
                        bytes.add(size);
                        from = false;
                        to = 0;
                        reply(out, "250 OK");
                    }
                    case "RSET" -> {
                        from = false;
                        to = 0;
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "AUTH" -> reply(out, "235 2.7.0 Authentication successful");
                    case "QUIT" -> {
                        reply(out, "221 127.0.0.1 Service closing transmission channel");
                        return;
                    }
                    default -> reply(out, "500 Command not recognized");
                }
            }
        }
        catch (IOException gone) {
            // the client closed the connection
        }
        finally {
            open.remove(socket);
        }
    }

    /** The message up to the line holding a single dot: its size in bytes, or -1 if the connection ended. */
    private static long readData(InputStream in, ByteArrayOutputStream line) throws IOException {
        long size = 0;
        int n;
        while ((n = readLine(in, line)) >= 0) {
            if (n == 1 && line.toString(StandardCharsets.ISO_8859_1).equals(".")) {
                return size;
            }
            size += n + 2;
        }
        return -1;
    }

    /** One line without its CRLF into {@code line}: its length, or -1 at the end of the stream. */
    private static int readLine(InputStream in, ByteArrayOutputStream line) throws IOException {
        line.reset();
        int previous = -1;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.size();
            }
            if (previous == '\r') {
                line.write('\r');
            }
            if (b != '\r') {
                line.write(b);
            }
            previous = b;
        }
        return line.size() > 0 ? line.size() : -1;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
