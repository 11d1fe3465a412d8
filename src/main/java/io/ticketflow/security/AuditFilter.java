package io.ticketflow.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ticketflow.store.AuditAttributes;
import io.ticketflow.store.AuditEntry;
import io.ticketflow.store.AuditLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;

/**
 * Writes an audit entry for every change made through the REST API once it was allowed and answered: who (the
 * token or person), when, what (action, ticket, a summary of the request) and how it ended. Reads are not audited;
 * neither are raw messages posted to {@code /api/messages} (each is kept in the raw store with its source). The
 * summary lists the request's fields but never free text (a reply's text appears as its length) nor credentials.
 */
final class AuditFilter extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> FREE_TEXT = Set.of("text", "body", "note", "comment");
    private static final int MAX_CACHED_BODY = 64 * 1024;
    private static final int MAX_VALUE = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Path shapes of the changes, in order; the first that matches names the action. */
    private static final List<Map.Entry<Pattern, String>> ACTIONS = List.of(
            Map.entry(Pattern.compile("POST /api/tickets/([^/]+)/replies"), "ticket.reply"),
            Map.entry(Pattern.compile("POST /api/tickets/([^/]+)/merge"), "ticket.merge"),
            Map.entry(Pattern.compile("PATCH /api/tickets/([^/]+)/review"), "ticket.review"),
            Map.entry(Pattern.compile("PATCH /api/tickets/([^/]+)/refund"), "ticket.refund"),
            Map.entry(Pattern.compile("PATCH /api/tickets/([^/]+)"), "ticket.change"),
            Map.entry(Pattern.compile("POST /api/admin/replay()"), "replay"),
            Map.entry(Pattern.compile("POST /api/rules/test()"), "rules.test"));

    private final AuditLog audit;

    AuditFilter(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // an export of a customer's data is a read, but one that hands personal data out: audited
        boolean export = PersonalPaths.isCustomerData(path) && path.endsWith("/export");
        return (READS.contains(request.getMethod()) && !export) || !path.startsWith("/api/") || path.equals("/api/messages");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingRequestWrapper cached = new ContentCachingRequestWrapper(request, MAX_CACHED_BODY);
        boolean failed = true;
        try {
            chain.doFilter(cached, response);
            failed = false;
        }
        finally {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.isAuthenticated()) {
                int status = failed ? 500 : response.getStatus();
                audit.record(entry(auth, cached, status));
            }
        }
    }

    private static AuditEntry entry(Authentication auth, ContentCachingRequestWrapper request, int status) {
        String path = request.getRequestURI();
        String action = "api." + request.getMethod().toLowerCase(java.util.Locale.ROOT);
        String ticket = null;
        for (Map.Entry<Pattern, String> a : ACTIONS) {
            Matcher m = a.getKey().matcher(request.getMethod() + " " + path);
            if (m.matches()) {
                action = a.getValue();
                ticket = m.group(1).isEmpty() ? null : m.group(1);
                break;
            }
        }
        JsonNode body = json(request);
        String target = body != null && body.path("target").isTextual() ? body.path("target").asText() : null;
        String details = summary(request, body);
        // an endpoint may say what it did (and must, where the path names a person: the address is not logged)
        if (request.getAttribute(AuditAttributes.ACTION) instanceof String told) {
            action = told;
            target = (String) request.getAttribute(AuditAttributes.TARGET);
            details = (String) request.getAttribute(AuditAttributes.DETAILS);
        }
        return AuditEntry.of(auth.getName(), Callers.kind(auth), Callers.roles(auth), action, status < 400 ? "done" : "failed")
                .request(request.getMethod(), PersonalPaths.redact(path), request.getRemoteAddr(), status)
                .about(ticket, target, details);
    }

    private static JsonNode json(ContentCachingRequestWrapper request) {
        String type = request.getContentType();
        byte[] bytes = request.getContentAsByteArray();
        if (type == null || !type.contains("json") || bytes.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(bytes);
        }
        catch (IOException e) {
            return null;
        }
    }

    /** {@code status=pending, textLength=240}; for a non-JSON body its type and size only. */
    static String summary(HttpServletRequest request, JsonNode body) {
        List<String> parts = new ArrayList<>();
        String query = request.getQueryString();
        if (query != null) {
            parts.add("query=" + cap(query));
        }
        if (body != null && body.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = f.getValue();
                if (FREE_TEXT.contains(f.getKey())) {
                    parts.add(f.getKey() + "Length=" + (v.isTextual() ? v.asText().length() : 0));
                }
                else if (!v.isNull()) {
                    parts.add(f.getKey() + "=" + cap(v.isValueNode() ? v.asText() : v.toString()));
                }
            }
        }
        else if (request.getContentLengthLong() > 0) {
            parts.add("body=" + request.getContentType() + " " + request.getContentLengthLong() + " bytes");
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static String cap(String value) {
        return value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE) + "...";
    }
}
