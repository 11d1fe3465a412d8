package io.ticketflow.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.ticketflow.vocabulary.RawMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Durable store of every raw message, id = SHA-256 of its bytes. {@link #save} is create-only: the same bytes
 * arriving again (a retried poll, the same mail to two support addresses) find the existing record instead of a copy.
 * <p>
 * A message is two documents with the same id: its bytes in the raw-bytes index, written once and never again, and its
 * record (source coordinates and processing state) in the raw index. The bytes document also carries the record as it
 * was when the message was kept (received, first attempt counted), so keeping a message is one write: the record's own
 * document is written only when the state first changes (its outcome, a failed or a second attempt), as a create. Until
 * then the record is read from the bytes document ({@link #find}); a {@link Versioned} with a negative sequence number
 * stands for "no record document yet", and {@link #replace}/{@link #update} then create it (a conflict: someone else
 * wrote it first, re-read as usual). Kept messages that never got a record document are found by
 * {@link RawMessagePages} (replay). Records stored before the split carry their bytes inline; {@link #bytes} reads
 * either.
 */
@Component
@DependsOn("indexTemplates")
public class RawMessageStore {

    private static final String GZIP_BASE64 = "gzip+base64";
    /** The sequence number of a record that has no document of its own yet. */
    private static final long UNWRITTEN = -2;

    private final ElasticsearchClient client;
    private final Indices indices;

    public RawMessageStore(ElasticsearchClient client, Indices indices) {
        this.client = client;
        this.indices = indices;
    }

    /** Stores the message unless it is already stored; returns the record as it now stands. */
    public Versioned<RawRecord> save(RawMessage raw) {
        return store(raw, 0).record();
    }

    /**
     * Like {@link #save}, for a message about to be processed: a new record is stored with its first attempt already
     * counted, which saves rewriting the whole record (bytes included) a moment later. {@link Stored#created()}
     * tells whether that attempt is this caller's.
     */
    public Stored saveForProcessing(RawMessage raw) {
        return store(raw, 1);
    }

    private Stored store(RawMessage raw, int attempts) {
        RawBytes doc = bytesDocument(raw, attempts);
        RawRecord record = doc.record();
        try {
            client.create(c -> c.index(indices.rawBytes()).id(doc.id()).document(doc).refresh(Refresh.False));
            return new Stored(kept(record), true);
        }
        catch (Exception e) {
            if (!StoreErrors.isConflict(e)) {
                throw StoreErrors.failure("store a raw message", e);
            }
        }
        Versioned<RawRecord> found = find(record.id());
        // bytes kept by a version that wrote the record apart and stopped before it: the record as it was to be
        return new Stored(found != null ? found : kept(received(raw, 0)), false);
    }

    /** The raw-bytes document that keeps the message: its bytes and its record as received. */
    static RawBytes bytesDocument(RawMessage raw, int attempts) {
        return new RawBytes(raw.id(), raw.receivedAt(), raw.bytes().length, encode(raw.bytes()), GZIP_BASE64,
                received(raw, attempts));
    }

    private static RawRecord received(RawMessage raw, int attempts) {
        return new RawRecord(raw.id(), raw.channel(), raw.mailbox(), raw.uidValidity(), raw.uid(),
                raw.receivedAt(), raw.bytes().length, null, null,
                raw.isMail() ? null : raw.contentType(), raw.externalId(), raw.conversationKey(), RawRecord.RECEIVED,
                null, null, null, null, attempts, null, raw.receivedAt(), null);
    }

    /** A record whose own document is not written yet (it is in its bytes document). */
    static Versioned<RawRecord> kept(RawRecord record) {
        return new Versioned<>(record, UNWRITTEN, UNWRITTEN);
    }

    /** Whether the record's own document is not written yet: the next write of it is a create. */
    public static boolean unwritten(Versioned<RawRecord> record) {
        return record.seqNo() < 0;
    }

    /**
     * The raw-bytes index's document; {@code record} is the record as kept (null in documents written before it was
     * carried here).
     */
    record RawBytes(String id, java.time.Instant receivedAt, long size, String bytes, String encoding,
            RawRecord record) {
    }

    /** A raw record as stored, and whether this call created it. */
    public record Stored(Versioned<RawRecord> record, boolean created) {
    }

    /**
     * The record as now stored: its own document, else the one its bytes document carries (kept, nothing written since;
     * {@link #unwritten(Versioned)}), else null.
     */
    public Versioned<RawRecord> find(String id) {
        GetResponse<RawRecord> got = StoreErrors.call("read a raw message",
                () -> client.get(g -> g.index(indices.raw()).id(id), RawRecord.class));
        if (got.found()) {
            return new Versioned<>(got.source(), got.seqNo(), got.primaryTerm());
        }
        GetResponse<RawBytes> kept = StoreErrors.call("read a raw message",
                () -> client.get(g -> g.index(indices.rawBytes()).id(id).sourceExcludes("bytes"), RawBytes.class));
        return kept.found() && kept.source() != null && kept.source().record() != null
                ? kept(kept.source().record()) : null;
    }

    /** Writes a new state of the record if nobody changed it since it was read; false on a concurrent change. */
    public boolean update(Versioned<RawRecord> current, RawRecord next) {
        return replace(current, next) != null;
    }

    /**
     * Like {@link #update}, returning the record as now stored (with its new version), or null on a conflict. A record
     * without its own document yet is created (create-only: whoever writes it first wins, the other gets the conflict).
     */
    public Versioned<RawRecord> replace(Versioned<RawRecord> current, RawRecord next) {
        try {
            if (unwritten(current)) {
                var response = client.create(c -> c.index(indices.raw()).id(next.id()).document(next));
                return new Versioned<>(next, response.seqNo(), response.primaryTerm());
            }
            var response = client.index(i -> i.index(indices.raw()).id(next.id()).document(next)
                    .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()));
            return new Versioned<>(next, response.seqNo(), response.primaryTerm());
        }
        catch (Exception e) {
            if (StoreErrors.isConflict(e)) {
                return null;
            }
            throw StoreErrors.failure("update a raw message", e);
        }
    }

    /** The message as it was delivered, rebuilt from its record (for a retry, a replay, a rules replay). */
    public RawMessage message(RawRecord record) {
        return new RawMessage(record.source(), record.mailbox(), bytes(record), record.contentType(),
                record.externalId(), record.conversationKey(), record.uidValidity(), record.uid(), record.receivedAt());
    }

    /** The bytes of a record as delivered: inline in a record stored before the split, else from the raw-bytes index. */
    public byte[] bytes(RawRecord record) {
        if (record.bytes() != null) {
            return decode(record.id(), record.bytes());
        }
        GetResponse<RawBytes> got = StoreErrors.call("read a raw message's bytes",
                () -> client.get(g -> g.index(indices.rawBytes()).id(record.id()).sourceExcludes("record"),
                        RawBytes.class));
        if (!got.found() || got.source() == null || got.source().bytes() == null) {
            throw new IllegalStateException("the bytes of raw message " + record.id() + " are missing from "
                    + indices.rawBytes());
        }
        return decode(record.id(), got.source().bytes());
    }

    /** Stored gzip+base64 bytes as delivered. */
    public static byte[] decode(String id, String stored) {
        byte[] gzipped = Base64.getDecoder().decode(stored);
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
        catch (IOException e) {
            throw new UncheckedIOException("raw message " + id + " is corrupt", e);
        }
    }

    private static String encode(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
