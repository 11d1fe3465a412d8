package io.ticketflow.respond;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * An SMTP "server" that can be switched off: a TCP relay on a fixed local port to the real (GreenMail) SMTP port.
 * Down means the port refuses connections, exactly like a stopped mail server; held means connections are accepted
 * but the server says nothing until released, like a slow one.
 */
final class SwitchableSmtp implements AutoCloseable {

    private final int target;
    private final int port;
    private volatile ServerSocket server;
    private volatile CountDownLatch hold;
    private final AtomicInteger held = new AtomicInteger();
    private volatile IntConsumer beforeMail;

    SwitchableSmtp(int target) throws IOException {
        this.target = target;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    synchronized void up() throws IOException {
        if (server != null) {
            return;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = s;
        Thread acceptor = new Thread(() -> accept(s), "smtp-relay-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    synchronized void down() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** From now on new conversations wait (the client hears no greeting) until {@link #release()}. */
    void hold() {
        hold = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    /**
     * Called with n (1, 2, ...) when the client starts the n-th mail of a conversation ({@code MAIL FROM}), before the
     * server hears it: by then the client has had the answer to every earlier mail. Null: plain relay.
     */
    void beforeMail(IntConsumer callback) {
        beforeMail = callback;
    }

    /** Conversations waiting for {@link #release()}. */
    int held() {
        return held.get();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                CountDownLatch h = hold;
                Thread t = new Thread(() -> relay(client, h), "smtp-relay-conversation");
                t.setDaemon(true);
                t.start();
            }
            catch (IOException e) {
                // closed: the server is down
            }
        }
    }

    private void relay(Socket client, CountDownLatch h) {
        try {
            if (h != null) {
                held.incrementAndGet();
                try {
                    h.await();
                }
                finally {
                    held.decrementAndGet();
                }
            }
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
            IntConsumer watcher = beforeMail;
            if (watcher == null) {
                pipe(client.getInputStream(), upstream.getOutputStream(), client, upstream);
            }
            else {
                watch(client.getInputStream(), upstream.getOutputStream(), client, upstream, watcher);
            }
            pipe(upstream.getInputStream(), client.getOutputStream(), client, upstream);
        }
        catch (IOException | InterruptedException e) {
            // the client gave up, or the test ended
        }
    }

    private static void pipe(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            try (a; b) {
                in.transferTo(out);
            }
            catch (IOException e) {
                // one side hung up
            }
        }, "smtp-relay-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Like {@link #pipe}, line by line, telling the watcher of each {@code MAIL FROM} before passing it on. */
    private static void watch(InputStream in, OutputStream out, Socket a, Socket b, IntConsumer watcher) {
        Thread t = new Thread(() -> {
            try (a; b) {
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                int mails = 0;
                for (int c = in.read(); c >= 0; c = in.read()) {
                    line.write(c);
                    if (c == '\n') {
                        if (line.toString(java.nio.charset.StandardCharsets.US_ASCII).regionMatches(true, 0, "MAIL FROM", 0, 9)) {
                            watcher.accept(++mails);
                        }
                        line.writeTo(out);
                        out.flush();
                        line.reset();
                    }
                }
            }
            catch (IOException e) {
                // one side hung up
            }
        }, "smtp-relay-watch");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        release();
        down();
    }
}
