package io.ticketflow.parse.mime;

import io.ticketflow.parse.header.HeaderText;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimePart;
import java.util.Locale;

/** What a part's headers say about it, read so that a broken header gives a default instead of an exception. */
final class PartFields {

    private PartFields() {
    }

    /** The lower-case base type; text/plain when absent, application/octet-stream when unreadable. */
    static String contentType(Part part) {
        try {
            String raw = part.getContentType();
            return raw == null ? "text/plain" : new ContentType(raw).getBaseType().toLowerCase(Locale.ROOT);
        }
        catch (Exception e) {
            return "application/octet-stream";
        }
    }

    static String parameter(Part part, String name) {
        try {
            return new ContentType(part.getContentType()).getParameter(name);
        }
        catch (Exception e) {
            return null;
        }
    }

    static String disposition(Part part) {
        try {
            return part.getDisposition();
        }
        catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? null : HeaderText.decode(name);
        }
        catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    static String contentId(MimePart part) {
        try {
            return part.getContentID();
        }
        catch (MessagingException e) {
            return null;
        }
    }
}
