package io.ticketflow.parse.mime;

import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.InputStream;

/**
 * A shared input stream over a byte array whose reads take no lock. Jakarta Mail reads header blocks and
 * quoted-printable bodies a byte at a time, and {@link java.io.ByteArrayInputStream}'s reads are synchronized: a lock
 * per byte, for streams that only ever have one reader. The streams it hands out for parts ({@link #newStream}) are
 * of this kind too, so a message's whole MIME tree is read without them. Jakarta Mail keeps a part's content as a
 * view into the array instead of a copy because the stream is shared.
 */
public final class UnsynchronizedBytes extends SharedByteArrayInputStream {

    public UnsynchronizedBytes(byte[] bytes) {
        super(bytes);
    }

    public UnsynchronizedBytes(byte[] bytes, int offset, int length) {
        super(bytes, offset, length);
    }

    @Override
    public int read() {
        return pos < count ? buf[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (pos >= count) {
            return -1;
        }
        int n = Math.min(len, count - pos);
        if (n <= 0) {
            return 0;
        }
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, count - pos));
        pos += (int) k;
        return k;
    }

    @Override
    public int available() {
        return count - pos;
    }

    @Override
    public InputStream newStream(long start, long end) {
        if (start < 0) {
            throw new IllegalArgumentException("start < 0");
        }
        if (end == -1) {
            end = count - this.start;
        }
        return new UnsynchronizedBytes(buf, this.start + (int) start, (int) (end - start));
    }
}
