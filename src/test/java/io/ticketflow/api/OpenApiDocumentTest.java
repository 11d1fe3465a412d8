package io.ticketflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.testing.RealPartsTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document describes every REST endpoint Spring serves from our controllers (a new controller method
 * without an entry fails here), with the bearer scheme and the JSON error shape on every operation; it is readable
 * without a token.
 */
class OpenApiDocumentTest extends RealPartsTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyEndpointOfOurControllersIsInTheDocumentWithBearerAndErrorShape() throws Exception {
        // without any token: the template would add the admin's, so a plain client asks
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(http.getRootUri() + "/v3/api-docs")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode doc = JSON.readTree(answer.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/security/0").has("bearer")).isTrue();
        assertThat(doc.at("/components/schemas/Error/properties").has("error")).isTrue();
        assertThat(doc.at("/components/schemas/Error/properties").has("message")).isTrue();

        List<String> endpoints = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            if (!e.getValue().getBeanType().getPackageName().startsWith("io.ticketflow")) {
                continue; // springdoc's and Spring's own handlers
            }
            for (String path : e.getKey().getPatternValues()) {
                for (RequestMethod method : e.getKey().getMethodsCondition().getMethods()) {
                    // a variable with a pattern ({address:.+}) is documented by its name alone
                    endpoints.add(method.name().toLowerCase(Locale.ROOT) + " " + path.replaceAll("\\{(\\w+):[^}]*}", "{$1}"));
                }
            }
        }
        assertThat(endpoints).as("our controllers' endpoints").hasSizeGreaterThanOrEqualTo(10)
                .contains("get /api/tickets", "post /api/messages",
                        "get /api/tickets/{number}/messages/{messageId}/attachments/{index}");
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            JsonNode operation = doc.path("paths").path(path).path(method);
            assertThat(operation.isObject()).as(endpoint + " is in /v3/api-docs").isTrue();
            for (String status : List.of("401", "403", "500", "503")) {
                assertThat(operation.at("/responses/" + status + "/content/application~1json/schema/$ref").asText())
                        .as(endpoint + " answers " + status + " as the JSON error").isEqualTo("#/components/schemas/Error");
            }
        }
        // no operation of Spring's own (actuator, error page) leaks into the API's description
        doc.path("paths").fieldNames().forEachRemaining(p -> assertThat(p).doesNotStartWith("/actuator").isNotEqualTo("/error"));
    }
}
