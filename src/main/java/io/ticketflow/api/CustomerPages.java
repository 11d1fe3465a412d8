package io.ticketflow.api;

import io.ticketflow.ticket.LifecycleException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/**
 * The small HTML pages customers reach from the signed links in our mail (rating, self-service): one look, and a form
 * that posts back to the same signed link with its expiry and signature.
 */
final class CustomerPages {

    private CustomerPages() {
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head>"
                + "<body style=\"font-family: sans-serif; max-width: 40em; margin: 2em auto\"><h1>" + title + "</h1>"
                + body + "</body></html>";
    }

    /** The opening of a form posting back to the link it was served from, carrying the link's expiry and signature. */
    static String signedForm(long exp, String sig) {
        return "<form method=\"post\"><input type=\"hidden\" name=\"exp\" value=\"" + exp + "\">"
                + "<input type=\"hidden\" name=\"sig\" value=\"" + HtmlUtils.htmlEscape(sig) + "\">";
    }

    /** A change the life cycle refused: 404 for an unknown ticket, else 400, with the reason. */
    static ResponseEntity<String> refusedBy(LifecycleException e, String title) {
        return ResponseEntity.status(e.kind() == LifecycleException.Kind.NOT_FOUND ? 404 : 400)
                .body(page(title, "<p>" + HtmlUtils.htmlEscape(e.getMessage()) + "</p>"));
    }
}
