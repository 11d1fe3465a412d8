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
 * record (source coordinates and processing state) in the raw index. The record changes two or three times per
 * message (attempt, ticket number, outcome); kept apart from the bytes, each change rewrites a few hundred bytes
 * instead of the whole compressed message. The bytes are written first, so a record never exists without them.
 * Records stored before the split carry their bytes inline; {@link #bytes} reads either.
 */
@Component
@DependsOn("indexTemplates")
public class RawMessageStore {

    private static final String GZIP_BASE64 = "gzip+base64";

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
        storeBytes(raw);
        RawRecord record = new RawRecord(raw.id(), raw.channel(), raw.mailbox(), raw.uidValidity(), raw.uid(),
                raw.receivedAt(), raw.bytes().length, null, null,
                raw.isMail() ? null : raw.contentType(), raw.externalId(), raw.conversationKey(), RawRecord.RECEIVED,
                null, null, null, null, attempts, null, raw.receivedAt());
        try {
            var response = client.create(c -> c.index(indices.raw()).id(record.id()).document(record)
                    .refresh(Refresh.False));
            return new Stored(new Versioned<>(record, response.seqNo(), response.primaryTerm()), true);
        }
        catch (Exception e) {
            if (StoreErrors.isConflict(e)) {
                return new Stored(find(record.id()), false);
            }
            throw StoreErrors.failure("store a raw message", e);
        }
    }

    /** Create-only: the same bytes again (a retry, a second support address) keep the first copy. */
    private void storeBytes(RawMessage raw) {
        RawBytes doc = new RawBytes(raw.id(), raw.receivedAt(), raw.bytes().length, encode(raw.bytes()), GZIP_BASE64);
        try {
            client.create(c -> c.index(indices.rawBytes()).id(doc.id()).document(doc).refresh(Refresh.False));
        }
        catch (Exception e) {
            if (!StoreErrors.isConflict(e)) {
                throw StoreErrors.failure("store a raw message's bytes", e);
            }
        }
    }

    /** The raw-bytes index's document. */
    record RawBytes(String id, java.time.Instant receivedAt, long size, String bytes, String encoding) {
    }

    /** A raw record as stored, and whether this call created it. */
    public record Stored(Versioned<RawRecord> record, boolean created) {
    }

    public Versioned<RawRecord> find(String id) {
        GetResponse<RawRecord> got = StoreErrors.call("read a raw message",
                () -> client.get(g -> g.index(indices.raw()).id(id), RawRecord.class));
        if (!got.found()) {
            return null;
        }
        return new Versioned<>(got.source(), got.seqNo(), got.primaryTerm());
    }

    /** Writes a new state of the record if nobody changed it since it was read; false on a concurrent change. */
    public boolean update(Versioned<RawRecord> current, RawRecord next) {
        try {
            client.index(i -> i.index(indices.raw()).id(next.id()).document(next)
                    .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()));
            return true;
        }
        catch (Exception e) {
            if (StoreErrors.isConflict(e)) {
                return false;
            }
            throw StoreErrors.failure("update a raw message", e);
        }
    }

    /** Like {@link #update}, returning the record as now stored (with its new version), or null on a conflict. */
    public Versioned<RawRecord> replace(Versioned<RawRecord> current, RawRecord next) {
        try {
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
                () -> client.get(g -> g.index(indices.rawBytes()).id(record.id()), RawBytes.class));
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
