package io.ticketflow.api;

import io.ticketflow.classify.MessageClassifier;
import io.ticketflow.parse.MessageParser;
import io.ticketflow.parse.UnparseableMessageException;
import io.ticketflow.route.RoutingInput;
import io.ticketflow.route.RoutingRules;
import io.ticketflow.route.RuleSet;
import io.ticketflow.vocabulary.Classification;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import io.ticketflow.vocabulary.RoutingDecision;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/rules/test}: dry run of the running routing rules on one RFC 822 message. Answers the
 * classification, the rules that matched in order and the resulting fields; stores nothing, sends nothing.
 */
@RestController
@RequestMapping("/api/rules")
class RulesController {

    private final MessageParser parser;
    private final MessageClassifier classifier;
    private final RoutingRules rules;

    RulesController(MessageParser parser, MessageClassifier classifier, RoutingRules rules) {
        this.parser = parser;
        this.classifier = classifier;
        this.rules = rules;
    }

    /** The dry-run answer; {@code rulesErrors} lists the problems of a rejected edit of the rule file, if any. */
    record DryRunAnswer(String subject, Classification classification, boolean needsReview, RoutingDecision routing,
            String rules, List<String> rulesErrors) {
    }

    @PostMapping(path = "/test", consumes = { "message/rfc822", "application/octet-stream", "text/plain" })
    DryRunAnswer test(@RequestBody(required = false) byte[] body) {
        if (body == null || body.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "empty_message", "the request body is empty: send one RFC 822 message");
        }
        RawMessage raw = RawMessage.of(body, "api", "dry-run");
        ParsedMessage parsed;
        try {
            parsed = parser.parse(raw);
        }
        catch (UnparseableMessageException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "unparseable_message", e.getMessage());
        }
        Classification classification = classifier.classify(parsed);
        RuleSet running = rules.rules();
        RoutingDecision decision = running.route(RoutingInput.of(raw, parsed, classification));
        return new DryRunAnswer(parsed.subject(), classification, classification.needsReview(), decision, running.source(),
                rules.problems());
    }
}
