package io.ticketflow.api;

import io.ticketflow.store.AuditAttributes;
import io.ticketflow.store.CustomerRecords;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A customer's personal data (GDPR articles 15 and 17), admin only: {@code GET /api/customers/{address}/export}
 * answers everything we hold about the address as one zip (JSON documents and the raw .eml files);
 * {@code DELETE /api/customers/{address}} erases it from every index ({@link CustomerRecords} says what is deleted
 * and what redacted; the chat identities linked to the address count as the same person, docs/channels.md). Both are
 * audited with a reference and counts, never the address.
 */
@RestController
@RequestMapping("/api/customers")
class CustomersController {

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s/]{1,64}@[^@\\s/]{1,255}");

    private final CustomerRecords records;

    CustomersController(CustomerRecords records) {
        this.records = records;
    }

    /** What an erasure did: a reference for the audit log and the counts. */
    record ErasureAnswer(String erasure, CustomerRecords.Erasure erased) {
    }

    @DeleteMapping("/{address:.+}")
    ErasureAnswer erase(@PathVariable String address, HttpServletRequest request) {
        String reference = reference(request, "customer.erase");
        CustomerRecords.Footprint footprint = records.footprint(valid(address));
        CustomerRecords.Erasure erased = records.erase(footprint);
        request.setAttribute(AuditAttributes.DETAILS, erased.summary());
        return new ErasureAnswer(reference, erased);
    }

    @GetMapping("/{address:.+}/export")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String address, HttpServletRequest request) {
        String reference = reference(request, "customer.export");
        CustomerRecords.Footprint footprint = records.footprint(valid(address));
        if (footprint.isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "no data is held about this address");
        }
        CustomerArchive archive = new CustomerArchive(footprint, reference);
        request.setAttribute(AuditAttributes.DETAILS, archive.summary());
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"customer-export-" + reference + ".zip\"")
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(archive::write);
    }

    private static String reference(HttpServletRequest request, String action) {
        String reference = UUID.randomUUID().toString();
        request.setAttribute(AuditAttributes.ACTION, action);
        request.setAttribute(AuditAttributes.TARGET, reference);
        return reference;
    }

    static String valid(String address) {
        if (address == null || address.length() > 320 || !ADDRESS.matcher(address.strip()).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "bad_request", "not an e-mail address");
        }
        return address.strip();
    }

    static Map<String, Object> counts(CustomerRecords.Footprint f) {
        return Map.of("ticketsAsCustomer", f.ownedTickets().size(), "ticketsAsParticipant", f.sharedTickets().size(),
                "messages", f.messages().size(), "rawMessages", f.raw().size(), "outgoingMail", f.outbox().size(),
                "linkedIdentities", f.identities().size());
    }
}
