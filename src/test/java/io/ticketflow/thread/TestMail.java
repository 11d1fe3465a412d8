package io.ticketflow.thread;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A hand-written RFC 822 message for the threading tests: only the headers a test sets. */
final class TestMail {

    private final String from;
    private String subject = "(no subject)";
    private String messageId = UUID.randomUUID() + "@client.example";
    private final List<String> headers = new ArrayList<>();
    private String body = "Hello";

    private TestMail(String from) {
        this.from = from;
    }

    static TestMail from(String from) {
        return new TestMail(from);
    }

    TestMail subject(String s) {
        subject = s;
        return this;
    }

    TestMail messageId(String id) {
        messageId = id;
        return this;
    }

    TestMail header(String name, String value) {
        headers.add(name + ": " + value);
        return this;
    }

    TestMail inReplyTo(String id) {
        return header("In-Reply-To", "<" + id + ">");
    }

    TestMail references(String... ids) {
        return header("References", String.join(" ", List.of(ids).stream().map(i -> "<" + i + ">").toList()));
    }

    TestMail body(String text) {
        body = text;
        return this;
    }

    String messageId() {
        return messageId;
    }

    byte[] bytes() {
        StringBuilder s = new StringBuilder();
        s.append("From: ").append(from).append("\r\n");
        if (headers.stream().noneMatch(h -> h.startsWith("To:"))) {
            s.append("To: support@ticketflow.local\r\n");
        }
        s.append("Subject: ").append(subject).append("\r\n");
        s.append("Message-ID: <").append(messageId).append(">\r\n");
        s.append("Date: Fri, 27 Nov 2026 10:00:00 +0000\r\n");
        headers.forEach(h -> s.append(h).append("\r\n"));
        s.append("Content-Type: text/plain; charset=UTF-8\r\n\r\n").append(body).append("\r\n");
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
