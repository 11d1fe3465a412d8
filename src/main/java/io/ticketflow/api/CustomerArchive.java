package io.ticketflow.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ticketflow.store.CustomerRecords;
import io.ticketflow.store.IndexDocuments.Doc;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The export of one customer as a zip: {@code customer.json} (the address, when, counts), {@code tickets/} (their
 * own tickets in full; tickets of others they took part in by number only), {@code messages/}, {@code raw/*.eml}
 * (the mail as delivered, attachments included), {@code outgoing/} (mail we sent), {@code delivery.json} and
 * {@code identities.json} (the chat identities linked to the address; their chats' tickets, messages, raw updates and
 * answers are in the folders above).
 */
final class CustomerArchive {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CustomerRecords.Footprint footprint;
    private final String reference;

    CustomerArchive(CustomerRecords.Footprint footprint, String reference) {
        this.footprint = footprint;
        this.reference = reference;
    }

    /** Counts only, for the audit log. */
    String summary() {
        return CustomersController.counts(footprint).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .sorted().reduce((a, b) -> a + ", " + b).orElse("");
    }

    void write(OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            Map<String, Object> about = new LinkedHashMap<>();
            about.put("address", footprint.address());
            about.put("exportedAt", Instant.now().toString());
            about.put("reference", reference);
            about.put("counts", CustomersController.counts(footprint));
            about.put("linkedIdentities", footprint.linkedIdentities());
            json(zip, "customer.json", about);
            for (Doc t : footprint.ownedTickets()) {
                json(zip, "tickets/" + safe(t.id()) + ".json", t.source());
            }
            for (Doc t : footprint.sharedTickets()) {
                json(zip, "tickets/" + safe(t.id()) + ".json", Map.of("number", t.id(), "role", "participant",
                        "note", "a ticket of another customer: only your messages and mail to you are exported"));
            }
            for (Doc m : footprint.messages()) {
                json(zip, "messages/" + safe(m.id()) + ".json", m.source());
            }
            for (Doc r : footprint.raw()) {
                // a chat update is the channel's JSON as it came, not mail
                boolean mail = r.get("contentType") == null || "message/rfc822".equals(r.get("contentType"));
                zip.putNextEntry(new ZipEntry("raw/" + safe(r.id()) + (mail ? ".eml" : ".json")));
                zip.write(CustomerRecords.rawBytes(r));
                zip.closeEntry();
            }
            for (Doc o : footprint.outbox()) {
                json(zip, "outgoing/" + safe(o.id()) + ".json", o.source());
            }
            json(zip, "delivery.json", footprint.addressStates().stream().map(Doc::source).toList());
            json(zip, "identities.json", footprint.identities().stream().map(Doc::source).toList());
        }
    }

    private static void json(ZipOutputStream zip, String name, Object value) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(JSON.writeValueAsBytes(value));
        zip.closeEntry();
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
