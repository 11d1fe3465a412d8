package io.ticketflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticketflow.store.TicketStore;
import io.ticketflow.ticket.Ticket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code ticketflow run --demo}, the chat part: a customer writes to the support bot on Telegram (a {@link LocalBotApi}
 * in this process, started before the beans by {@link EmbeddedDefaults}), the real Telegram source polls it, the
 * message becomes a ticket, the acknowledgement goes back through the outbox with sendMessage, and the customer's
 * second message lands on the same ticket.
 */
@Component
@ConditionalOnProperty(name = "ticketflow.demo.enabled", havingValue = "true")
class DemoChat {

    private static final Logger log = LoggerFactory.getLogger(DemoChat.class);
    static final String TOKEN_VARIABLE = "TICKETFLOW_DEMO_TELEGRAM_TOKEN";
    private static volatile LocalBotApi botApi;

    private final TicketStore tickets;

    DemoChat(TicketStore tickets) {
        this.tickets = tickets;
    }

    /** Starts the stand-in Bot API; the settings that point the Telegram channel at it. */
    static Map<String, Object> startBotApi(SpringApplication application) {
        String token = "demo:" + UUID.randomUUID();
        try {
            botApi = new LocalBotApi(token);
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not start the demo's local Bot API: " + e.getMessage(), e);
        }
        LocalBotApi started = botApi;
        application.addListeners((ContextClosedEvent event) -> started.close());
        return Map.of("ticketflow.channels.telegram.api-url", started.url(),
                "ticketflow.channels.telegram.token-env", TOKEN_VARIABLE,
                "ticketflow.channels.telegram.long-poll", "1s",
                TOKEN_VARIABLE, token);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (botApi == null) {
            return;
        }
        Thread demo = new Thread(this::run, "ticketflow-demo-chat");
        demo.setDaemon(true);
        demo.start();
    }

    private void run() {
        LocalBotApi bot = botApi;
        // a chat of this run: the data folder keeps earlier runs, whose chat would already have its ticket
        long chat = 424_000_000L + java.time.Instant.now().getEpochSecond() % 1_000_000;
        String customer = "telegram:" + chat;
        try {
            Thread.sleep(3000);
            bot.push(LocalBotApi.textUpdate(1, chat, 1, "Tom", "Hi! The app crashes when I open my invoices."));
            log.info("demo: Tom wrote to the support bot on Telegram (local Bot API {})", bot.url());
            Set<String> seen = new HashSet<>();
            watch(customer, seen, 1);
            for (int i = 0; i < 30 && bot.sent().isEmpty(); i++) {
                Thread.sleep(1000);
            }
            List<JsonNode> sent = bot.sent();
            if (!sent.isEmpty()) {
                log.info("demo: the bot answered Tom on Telegram: \"{}\"", sent.get(0).path("text").asText());
            }
            bot.push(LocalBotApi.textUpdate(2, chat, 2, "Tom", "It is version 3.2 on Android 14."));
            log.info("demo: Tom added a second message in the same chat");
            watch(customer, seen, 2);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (RuntimeException e) {
            log.warn("demo chat: stopped: {}", e.toString());
        }
    }

    private void watch(String customer, Set<String> seen, int messages) throws InterruptedException {
        for (int i = 0; i < 60; i++) {
            for (Ticket t : tickets.search(customer, null, 0, 5).items()) {
                if (seen.add(t.number() + "/" + t.messageCount())) {
                    log.info("demo: ticket {} [{}] channel {} with {} message(s) from {} ({}): \"{}\"", t.number(),
                            t.status(), t.channel(), t.messageCount(), t.customerName(), t.customer(), t.subject());
                }
                if (t.messageCount() >= messages) {
                    return;
                }
            }
            Thread.sleep(1000);
        }
    }
}
