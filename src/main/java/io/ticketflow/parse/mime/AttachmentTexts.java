package io.ticketflow.parse.mime;

import io.ticketflow.parse.extract.TextExtraction;
import io.ticketflow.parse.text.BytesToText;
import io.ticketflow.parse.text.HtmlToText;
import io.ticketflow.vocabulary.ParsedMessage;
import io.ticketflow.vocabulary.RawMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An attachment with its text, plus what it unpacks to (TNEF, .msg): text types are decoded here, media has no text,
 * everything else goes to the extraction workers under the time limit.
 */
final class AttachmentTexts {

    private final MimeLimits limits;
    private final TextExtraction extraction;
    private final PartBudget budget;
    private final List<String> warnings;

    AttachmentTexts(MimeLimits limits, TextExtraction extraction, PartBudget budget, List<String> warnings) {
        this.limits = limits;
        this.extraction = extraction;
        this.budget = budget;
        this.warnings = warnings;
    }

    List<ParsedMessage.Attachment> of(String name, String type, byte[] bytes, String contentId, boolean inline,
            String container, int depth) {
        List<ParsedMessage.Attachment> out = new ArrayList<>();
        String sha = RawMessage.sha256Hex(bytes);
        String label = name != null ? name : type;
        String text = "";
        String state;
        List<TextExtraction.EmbeddedFile> unpacked = List.of();
        if (type.startsWith("image/") || type.startsWith("audio/") || type.startsWith("video/") || type.startsWith("font/")
                || bytes.length == 0) {
            state = "none";
        }
        else if (bytes.length > limits.maxExtractionBytes()) {
            state = "skipped: larger than " + limits.maxExtractionBytes() + " bytes";
            warnings.add("attachment " + label + ": " + state);
        }
        else if (type.equals("text/plain") || type.equals("text/csv") || type.equals("text/calendar")
                || type.equals("text/html") || type.equals("text/x-vcard") || type.equals("text/vcard")) {
            String decoded = BytesToText.decode(bytes, null);
            text = type.equals("text/html") ? HtmlToText.render(decoded, null, limits.maxExtractedChars()) : decoded;
            state = "extracted";
            if (text.length() > limits.maxExtractedChars()) {
                text = text.substring(0, limits.maxExtractedChars());
                state = "truncated";
                warnings.add("attachment " + label + ": text cut at " + limits.maxExtractedChars() + " characters");
            }
        }
        else {
            TextExtraction.Result result = extraction.extract(
                    new TextExtraction.Request(name, type, bytes, limits.maxExtractedChars()));
            text = result.text() == null ? "" : result.text();
            state = result.truncated() ? "truncated" : result.problem() == null ? "extracted"
                    : result.problem().startsWith("skipped") ? result.problem() : "failed: " + result.problem();
            if (result.problem() != null) {
                warnings.add("attachment " + label + ": " + result.problem());
            }
            unpacked = result.embedded();
        }
        out.add(new ParsedMessage.Attachment(name, type, bytes.length, sha, contentId, inline, text, state,
                container, null));
        for (TextExtraction.EmbeddedFile file : unpacked) {
            if (!budget.mayUnpack(depth)) {
                warnings.add("attachment " + label + ": unpacking stopped at the depth/part limit");
                break;
            }
            String fileType = file.contentType() != null ? file.contentType().toLowerCase(Locale.ROOT) : FileTypes.guess(file.name());
            out.addAll(of(file.name(), fileType, file.bytes(), null, false, label, depth + 1));
        }
        return out;
    }
}
