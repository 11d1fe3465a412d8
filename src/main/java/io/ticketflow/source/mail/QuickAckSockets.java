package io.ticketflow.source.mail;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import jdk.net.ExtendedSocketOptions;

/**
 * Plain sockets for a POP3 session (and for the connection under its STARTTLS) that acknowledge what they receive at
 * once (Linux {@code TCP_QUICKACK}, armed again before every read: the kernel drops back to delayed ACKs on its own).
 * A server that writes one {@code RETR} answer in pieces ({@code +OK}, the mail, the final dot, each flushed) and
 * leaves Nagle's algorithm on holds every piece after the first until the client acknowledges it; the client, which
 * has nothing to send while it waits for the rest, delays that ACK by 40 ms. Every mail then cost ~45 ms of waiting on
 * an idle machine (GreenMail does this; 20 mails/s was the whole POP3 rate). Where the option is not supported the
 * sockets are plain ones.
 */
final class QuickAckSockets extends SocketFactory {

    static final QuickAckSockets FACTORY = new QuickAckSockets();

    /** Whether this JVM and OS can set the option (Linux); elsewhere the session keeps Angus Mail's own sockets. */
    static boolean supported() {
        try (Socket probe = new Socket()) {
            return probe.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        }
        catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private QuickAckSockets() {
    }

    @Override
    public Socket createSocket() {
        return new QuickAckSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private static Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = new QuickAckSocket();
        try {
            if (local != null) {
                socket.bind(local);
            }
            socket.connect(remote);
            return socket;
        }
        catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** A socket whose input stream arms {@code TCP_QUICKACK} before each read. */
    private static final class QuickAckSocket extends Socket {

        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {

                    @Override
                    public int read() throws IOException {
                        quickAck();
                        return super.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        quickAck();
                        return super.read(b, off, len);
                    }
                };
            }
            return in;
        }

        private void quickAck() {
            try {
                setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            }
            catch (IOException | UnsupportedOperationException e) {
                // closed, or not Linux: a read that waits on a delayed ACK is slower, never wrong
            }
        }
    }
}
