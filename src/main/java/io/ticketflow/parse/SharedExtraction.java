package io.ticketflow.parse;

import io.ticketflow.parse.extract.TextExtraction;

/** One worker pool per JVM for parsers created without Spring (tests, tools), closed when the JVM exits. */
final class SharedExtraction {

    private static TextExtraction instance;

    private SharedExtraction() {
    }

    static synchronized TextExtraction get() {
        if (instance == null) {
            instance = MessageParser.createExtraction(ParseProperties.defaults());
            TextExtraction created = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(created::close, "extraction-shutdown"));
        }
        return instance;
    }
}
