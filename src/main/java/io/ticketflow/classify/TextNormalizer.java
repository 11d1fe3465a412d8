package io.ticketflow.classify;

import io.ticketflow.config.RequiredLiteral;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns message text into the tokens the classifiers see. Values that differ in every ticket (amounts, dates, order and
 * invoice numbers, addresses, links) become placeholder tokens, so "refund of €49.90 for order #A-1234" teaches the
 * model about refunds and orders rather than about one amount and one order.
 */
public final class TextNormalizer {

    /** Placeholder tokens; they start with '_' so no real word collides with them. */
    public static final String URL = "_url", EMAIL = "_email", AMOUNT = "_amount", DATE = "_date", TIME = "_time",
            ORDER = "_orderid", INVOICE = "_invoiceid", NUMBER = "_num", PERCENT = "_percent";

    private static final int MAX_CHARS = 4000;

    // order matters: the specific shapes first, bare numbers last. All but the first two need an ASCII digit (\d
    // without UNICODE_CHARACTER_CLASS), and a replacement never adds one: text without digits skips them
    private static final List<Replacement> REPLACEMENTS = List.of(
            new Replacement("(?:https?://|www\\.)\\S+", URL, false),
            new Replacement("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+", EMAIL, false),
            new Replacement("\\b(invoice|inv|rechnung|facture|factura|fattura)\\s*(?:no\\.?|nr\\.?|n[°º]|number|#)?\\s*[:#]?\\s*"
                    + "[a-z]{0,4}[-/]?\\d[\\w/-]*", "$1 " + INVOICE, true),
            new Replacement("\\bINV[-/]?\\d[\\w/-]*", INVOICE, true),
            new Replacement("\\b(order|bestellung|commande|pedido|ordine)\\s*(?:no\\.?|nr\\.?|n[°º]|number|#)?\\s*[:#]?\\s*"
                    + "[a-z]{0,4}[-/]?\\d[\\w/-]*", "$1 " + ORDER, true),
            new Replacement("(?:#|\\b(?:ORD|PO|SO)[-/]?)\\d[\\w/-]{2,}", ORDER, true),
            new Replacement("\\b\\d{4}-\\d{1,2}-\\d{1,2}\\b|\\b\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}\\b", DATE, true),
            new Replacement("\\b\\d{1,2}(?:\\.|\\s)?\\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?(?:\\s+\\d{4})?\\b", DATE, true),
            new Replacement("\\b\\d{1,2}:\\d{2}(?::\\d{2})?\\s*(?:am|pm)?\\b", TIME, true),
            new Replacement("(?:[$€£¥]|\\b(?:usd|eur|gbp|chf)\\b)\\s?\\d[\\d,.' ]*\\d?|\\b\\d[\\d,.']*\\s?(?:[$€£¥]|(?:usd|eur|gbp|chf|euros?|dollars?)\\b)", AMOUNT, true),
            new Replacement("\\b\\d+(?:[.,]\\d+)?\\s?%", PERCENT, true),
            new Replacement("\\b\\d[\\d,.]*\\b", NUMBER, true));

    private static final Pattern TOKEN = Pattern.compile("_[a-z]+|[\\p{L}\\p{M}]+(?:['’][\\p{L}]+)?|\\p{N}+|[?!€$£]");

    private TextNormalizer() {
    }

    /** Lower-cased, placeholder-substituted text. */
    public static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String s = folded(text);
        boolean digits = hasDigit(s);
        for (Replacement r : REPLACEMENTS) {
            if (r.needsDigit() && !digits) {
                continue;
            }
            String next = r.apply(s);
            if (next != s && digits) {
                // a replacement may have taken the last digits away (it never adds any)
                digits = hasDigit(next);
            }
            s = next;
        }
        return s;
    }

    /** The previous way (every pattern on every text), kept to prove the two agree. */
    static String normalizeUnfiltered(String text) {
        if (text == null) {
            return "";
        }
        String s = folded(text);
        for (Replacement r : REPLACEMENTS) {
            s = r.pattern().matcher(s).replaceAll(r.replacement());
        }
        return s;
    }

    /** The first MAX_CHARS characters, composed (NFC) and lower-cased. */
    private static String folded(String text) {
        String s = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        return Normalizer.normalize(s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** The tokens of the normalized text. */
    public static String[] tokens(String text) {
        Matcher m = TOKEN.matcher(normalize(text));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group());
        }
        return out.toArray(String[]::new);
    }

    /** A pattern with its replacement, whether it needs a digit, and a literal any match holds (or null). */
    private record Replacement(Pattern pattern, String replacement, boolean needsDigit, RequiredLiteral literal) {
        private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

        Replacement(String regex, String placeholder, boolean needsDigit) {
            // placeholders may keep a captured keyword ($1: "bestellung _orderid")
            this(Pattern.compile(regex, FLAGS), " " + placeholder + " ", needsDigit, RequiredLiteral.java(regex, FLAGS));
        }

        String apply(String s) {
            if (literal != null && !literal.mayFind(new RequiredLiteral.Text(s))) {
                return s;
            }
            return pattern.matcher(s).replaceAll(replacement);
        }
    }
}
