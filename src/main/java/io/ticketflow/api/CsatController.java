package io.ticketflow.api;

import io.ticketflow.lifecycle.CustomerRatings;
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
 * The customer's side of a satisfaction request: the one-click links record the rating and answer a small page with
 * an optional comment form (posted back to the same signed link). No login: the link's signature is the customer's
 * proof; a tampered or expired link is refused and changes nothing.
 */
@RestController
class CsatController {

    private final RatingLinks links;
    private final CustomerRatings ratings;

    CsatController(RatingLinks links, CustomerRatings ratings) {
        this.links = links;
        this.ratings = ratings;
    }

    @GetMapping(path = "/csat/{ticket}/{rating}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> rate(@PathVariable String ticket, @PathVariable String rating,
            @RequestParam(defaultValue = "0") long exp, @RequestParam(required = false) String sig) {
        return answer(ticket, rating, exp, sig, null);
    }

    @PostMapping(path = "/csat/{ticket}/{rating}", produces = MediaType.TEXT_HTML_VALUE,
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> comment(@PathVariable String ticket, @PathVariable String rating,
            @RequestParam(defaultValue = "0") long exp, @RequestParam(required = false) String sig,
            @RequestParam(required = false) String comment) {
        return answer(ticket, rating, exp, sig, comment == null ? "" : comment);
    }

    private ResponseEntity<String> answer(String ticket, String rating, long exp, String sig, String comment) {
        if (!links.valid(ticket, rating, exp, sig)) {
            return ResponseEntity.status(403).body(CustomerPages.page("This link is not valid",
                    "<p>The link is damaged or has expired. Nothing was recorded.</p>"));
        }
        CustomerRatings.Rated rated;
        try {
            rated = ratings.rate(ticket, rating, comment);
        }
        catch (LifecycleException e) {
            return CustomerPages.refusedBy(e, "Not recorded");
        }
        String t = HtmlUtils.htmlEscape(ticket);
        if (rated.result() == CustomerRatings.Result.FINAL) {
            return ResponseEntity.ok(CustomerPages.page("Thank you",
                    "<p>Your rating of ticket " + t + " was recorded before.</p>"));
        }
        String form = comment != null ? "<p>Thank you for your comment.</p>"
                : CustomerPages.signedForm(exp, sig)
                        + "<p><label for=\"c\">Anything you want to tell us? (optional)</label></p>"
                        + "<p><textarea id=\"c\" name=\"comment\" rows=\"5\" cols=\"60\" maxlength=\"2000\"></textarea></p>"
                        + "<p><button type=\"submit\">Send</button></p></form>";
        return ResponseEntity.ok(CustomerPages.page("Thank you",
                "<p>You rated the solution of ticket " + t + " as <strong>"
                + HtmlUtils.htmlEscape(rated.ticket().csat().rating()) + "</strong>.</p>" + form));
    }
}
