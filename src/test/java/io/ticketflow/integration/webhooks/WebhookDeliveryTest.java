package io.ticketflow.integration.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ticketflow.store.EventLog;
import io.ticketflow.store.EventsProperties;
import io.ticketflow.store.TestStores;
import io.ticketflow.store.WebhookDelivery;
import io.ticketflow.store.WebhookOutboxStore;
import io.ticketflow.testing.Await;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events out, with a real Elasticsearch outbox and a real HTTP receiver (the JDK's server): every event of a ticket's
 * life arrives signed, in order per ticket, exactly once after deduplication on the event id, also when the receiver
 * was down while the events happened and when it failed a delivery half-way.
 */
class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec-" + UUID.randomUUID();
    private static TestStores stores;

    private final List<String> rejected = Collections.synchronizedList(new ArrayList<>());
    /** Every body taken (2xx), in arrival order, duplicates included. */
    private final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger hookRequests = new AtomicInteger();
    private HttpServer receiver;
    private int port;

    @BeforeAll
    static void stores() {
        stores = new TestStores("wh-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void close() throws Exception {
        stores.close();
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void everyEventArrivesSignedInOrderPerTicketAndOnceAfterDedupAcrossAnOutage() throws Exception {
        port = freePort();
        WebhookProperties properties = new WebhookProperties(List.of(
                new WebhookProperties.Subscriber("crm", "http://127.0.0.1:" + port + "/hook", List.of(), "CRM_SECRET"),
                new WebhookProperties.Subscriber("chatops", "http://127.0.0.1:" + port + "/created",
                        List.of("ticket.created"), "CRM_SECRET")),
                Duration.ofMillis(100), Duration.ZERO, Duration.ofMillis(100), Duration.ofDays(1), Duration.ofSeconds(2));
        WebhookOutboxStore outbox = new WebhookOutboxStore(stores.client, stores.indices);
        EventLog events = new EventLog(stores.client, stores.indices, new EventsProperties(Duration.ofHours(1), 100, null));
        events.addListener(new WebhookPublisher(properties.subscribers(), outbox));
        WebhookDispatcher dispatcher = new WebhookDispatcher(properties, outbox, name -> SECRET, Clock.systemUTC());

        // the receiver is down while the tickets live their lives: everything waits in the outbox
        String a = "A" + System.nanoTime();
        String b = "B" + System.nanoTime();
        events.record(EventLog.Event.of("threaded", a, "raw1", 5, "new").withDecision("new-ticket", 0.0, null));
        events.record(EventLog.Event.of("routed", null, "raw1", 1, "rules []")); // internal: not sent
        events.record(EventLog.Event.of("threaded", b, "raw2", 5, "new").withDecision("new-ticket", 0.0, null));
        events.record(EventLog.Event.of("threaded", a, "raw3", 5, "reply").withDecision("in-reply-to", 0.9, null));
        refresh();
        assertThat(dispatcher.dispatchOnce()).isZero();
        assertThat(dispatcher.state("crm").consecutiveFailures()).isEqualTo(1);
        assertThat(dispatcher.state("crm").lastError()).contains("Connect");
        assertThat(outbox.pendingCount("crm")).isEqualTo(3);
        assertThat(outbox.pendingCount("chatops")).isEqualTo(2);

        events.recordChange("status-changed", a, "status", "new", "open");
        events.record("replied", a, null, 12, "agent-reply to c@example.com");
        events.record("sla-breached", b, null, 0, "first response due 2026-12-06T10:00:00Z");

        // back up, but the first delivery after the outage fails half-way: the same event comes again
        startReceiver();
        failNext.set(1);
        Await.until("all events delivered", Duration.ofSeconds(30), () -> {
            refresh();
            dispatcher.dispatchOnce();
            return outbox.pendingCount("crm") == 0 && outbox.pendingCount("chatops") == 0 ? true : null;
        });

        assertThat(rejected).as("signatures the receiver could not verify").isEmpty();
        Map<String, List<String>> crmPerTicket = new LinkedHashMap<>();
        List<String> crmIds = new ArrayList<>();
        List<String> chatops = new ArrayList<>();
        for (JsonNode event : received) {
            String path = event.path("_path").asText();
            if (path.equals("/created")) {
                chatops.add(event.path("type").asText() + " " + event.path("ticket").asText());
                continue;
            }
            if (crmIds.contains(event.path("id").asText())) {
                continue; // the receiver's deduplication on the stable id
            }
            crmIds.add(event.path("id").asText());
            crmPerTicket.computeIfAbsent(event.path("ticket").asText(), k -> new ArrayList<>())
                    .add(event.path("type").asText());
        }
        assertThat(crmPerTicket.get(a)).containsExactly("ticket.created", "message.appended", "status.changed",
                "reply.sent");
        assertThat(crmPerTicket.get(b)).containsExactly("ticket.created", "sla.breached");
        assertThat(chatops).containsExactly("ticket.created " + a, "ticket.created " + b);
        assertThat(hookRequests.get()).as("one delivery was refused and redelivered").isEqualTo(7);
        assertThat(received.stream().filter(e -> e.path("_path").asText().equals("/hook")).count()).isEqualTo(6);
        JsonNode change = received.stream().filter(e -> e.path("type").asText().equals("status.changed")).findFirst()
                .orElseThrow();
        assertThat(change.path("data").path("from").asText()).isEqualTo("new");
        assertThat(change.path("data").path("to").asText()).isEqualTo("open");
        assertThat(dispatcher.state("crm").consecutiveFailures()).isZero();
        assertThat(dispatcher.state("crm").delivered()).isEqualTo(6);
    }

    @Test
    void aMessageRecordedTwiceByARetriedIntakeIsOneEvent() throws Exception {
        WebhookProperties properties = new WebhookProperties(List.of(
                new WebhookProperties.Subscriber("retry-" + UUID.randomUUID(), "http://127.0.0.1:9/", List.of(), "X")),
                null, null, null, null, null);
        WebhookOutboxStore outbox = new WebhookOutboxStore(stores.client, stores.indices);
        WebhookPublisher publisher = new WebhookPublisher(properties.subscribers(), outbox);
        EventLog.Event threaded = EventLog.Event.of("threaded", "T1", "raw-77", 3, "reply")
                .withDecision("subject-tag", 0.95, null);
        publisher.accept(threaded);
        publisher.accept(EventLog.Event.of("threaded", "T1", "raw-77", 9, "reply again")
                .withDecision("subject-tag", 0.95, null));
        publisher.accept(EventLog.Event.of("threaded", "T1", "raw-78", 3, "next").withDecision("subject-tag", 0.95, null));
        refresh();
        assertThat(outbox.pendingCount(properties.subscribers().get(0).name())).isEqualTo(2);
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        WebhookProperties properties = new WebhookProperties(List.of(), null, null, Duration.ofSeconds(30), null, null);
        WebhookDispatcher dispatcher = new WebhookDispatcher(properties, null, n -> SECRET, Clock.systemUTC());
        assertThat(dispatcher.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(dispatcher.backoff(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(dispatcher.backoff(30)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aSignatureIsTheHmacOfTimestampAndBody() {
        // the published HMAC-SHA256 example (key "key"): what any receiver's library computes
        assertThat(WebhookSignature.hmac("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        assertThat(WebhookSignature.header("key", 1700000000L, "{}"))
                .isEqualTo("t=1700000000,v1=" + WebhookSignature.hmac("key", "1700000000.{}"));
    }

    private static void refresh() {
        try {
            stores.client.indices().refresh(r -> r.index(stores.indices.webhooks()));
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER);
            int status;
            if (exchange.getRequestURI().getPath().equals("/hook")) {
                hookRequests.incrementAndGet();
            }
            if (!verify(signature, body)) {
                rejected.add(signature);
                status = 401;
            }
            else if (exchange.getRequestURI().getPath().equals("/hook") && failNext.getAndDecrement() > 0) {
                status = 500;
            }
            else {
                JsonNode event = JSON.readTree(body);
                ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("_path", exchange.getRequestURI().getPath());
                assertThat(exchange.getRequestHeaders().getFirst("X-Ticketflow-Event-Id")).isEqualTo(event.path("id").asText());
                received.add(event);
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    /** What a receiver does: recompute the HMAC of "t.body" and refuse stale timestamps. */
    private static boolean verify(String header, String body) {
        if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return false;
        }
        long t = Long.parseLong(header.substring(2, header.indexOf(',')));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        boolean fresh = Math.abs(Instant.now().getEpochSecond() - t) < 300;
        return fresh && java.security.MessageDigest.isEqual(v1.getBytes(StandardCharsets.US_ASCII),
                WebhookSignature.hmac(SECRET, t + "." + body).getBytes(StandardCharsets.US_ASCII));
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
