package io.ticketflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-JVM TCP proxy that a test can cut and restore, to make a real server (Elasticsearch) unreachable for the
 * application without stopping it: cut closes every open connection and refuses new ones by closing them at once.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean up = true;
    /** Bytes the target may still send before {@link #cutAfter} cuts (MAX_VALUE: no cut planned). */
    private final AtomicLong answerBudget = new AtomicLong(Long.MAX_VALUE);

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Drops every connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        up = false;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /**
     * Cuts (as {@link #cut()}) once the target has sent {@code bytes} more bytes to its clients, in the middle of an
     * answer: a connection lost mid-transfer.
     */
    public void cutAfter(long bytes) {
        answerBudget.set(bytes);
    }

    public void restore() {
        up = true;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!up) {
                    closeQuietly(client);
                    continue;
                }
                Socket target = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(target);
                pump(client, target, false);
                pump(target, client, true);
            }
            catch (IOException e) {
                // closed, or the target refused: the client sees its connection closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean answers) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    long left = answers ? answerBudget.getAndAdd(-n) : Long.MAX_VALUE;
                    if (left <= n) {
                        out.write(buffer, 0, (int) Math.max(0, left));
                        out.flush();
                        answerBudget.set(Long.MAX_VALUE);
                        cut();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
            catch (IOException e) {
                // connection closed
            }
            finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
