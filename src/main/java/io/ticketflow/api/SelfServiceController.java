package io.ticketflow.api;

import io.ticketflow.lifecycle.SelfServiceClosing;
import io.ticketflow.respond.RatingLinks;
import io.ticketflow.ticket.LifecycleException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The acknowledgement's "my problem is solved" link (L0 self-service). Opening the link shows a small page with one
 * button; the button (a POST to the same signed link) closes the ticket as solved by the customer. Two steps on
 * purpose: mail scanners and link previews open every link in a mail, and must not close tickets. No login: the
 * link's signature is the customer's proof; a tampered or expired link is refused and changes nothing.
 */
@RestController
class SelfServiceController {

    private final RatingLinks links;
    private final SelfServiceClosing closing;

    SelfServiceController(RatingLinks links, SelfServiceClosing closing) {
        this.links = links;
        this.closing = closing;
    }

    @GetMapping(path = "/self-service/solved/{ticket}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> confirm(@PathVariable String ticket, @RequestParam(defaultValue = "0") long exp,
            @RequestParam(required = false) String sig) {
        if (!links.validSelfService(ticket, exp, sig)) {
            return refused();
        }
        return ResponseEntity.ok(CustomerPages.page("Is your problem solved?",
                "<p>If the suggested articles solved your problem, "
                + "we close ticket " + HtmlUtils.htmlEscape(ticket) + " for you.</p>"
                + CustomerPages.signedForm(exp, sig)
                + "<p><button type=\"submit\">Yes, my problem is solved</button></p></form>"
                + "<p>Not solved? Just reply to our mail and we will take care of it.</p>"));
    }

    @PostMapping(path = "/self-service/solved/{ticket}", produces = MediaType.TEXT_HTML_VALUE,
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> solve(@PathVariable String ticket, @RequestParam(defaultValue = "0") long exp,
            @RequestParam(required = false) String sig) {
        if (!links.validSelfService(ticket, exp, sig)) {
            return refused();
        }
        String t = HtmlUtils.htmlEscape(ticket);
        try {
            return switch (closing.solve(ticket, "link", null)) {
                case CLOSED -> ResponseEntity.ok(CustomerPages.page("Thank you",
                        "<p>We are glad it is solved: ticket " + t
                        + " is closed. If anything comes up again, just write to us.</p>"));
                case ALREADY_DONE -> ResponseEntity.ok(CustomerPages.page("Thank you",
                        "<p>Ticket " + t + " is already solved.</p>"));
                case NOTHING_SUGGESTED -> ResponseEntity.status(409).body(CustomerPages.page("Not closed",
                        "<p>Ticket " + t + " cannot be closed this way. Please reply to our mail instead.</p>"));
            };
        }
        catch (LifecycleException e) {
            return CustomerPages.refusedBy(e, "Not closed");
        }
    }

    private static ResponseEntity<String> refused() {
        return ResponseEntity.status(403).body(CustomerPages.page("This link is not valid",
                "<p>The link is damaged or has expired. Nothing was changed.</p>"));
    }
}
