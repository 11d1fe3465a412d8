package io.ticketflow.parse.text;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.tika.parser.txt.CharsetDetector;
import org.apache.tika.parser.txt.CharsetMatch;

/** Charset facts for mail that declares no charset or the wrong one. */
final class Charsets {

    static final Charset ISO_2022_JP = Charset.forName("ISO-2022-JP");

    /** Labels that name a subset of what senders really use: decoding with the superset never loses text. */
    private static final Map<String, String> SUPERSETS = Map.of(
            "gb2312", "GB18030", "gbk", "GB18030", "x-euc-cn", "GB18030",
            "shift_jis", "windows-31j", "euc-kr", "x-windows-949", "big5", "Big5-HKSCS",
            "iso-8859-9", "windows-1254", "tis-620", "x-windows-874");

    /** What the ICU detector may decide on its own; it is weak on short Latin text, so Latin results need more. */
    private static final Set<String> TRUSTED_DETECTIONS = Set.of("GB18030", "KOI8-R", "Shift_JIS", "EUC-JP", "EUC-KR",
            "Big5", "ISO-2022-JP", "ISO-2022-CN", "ISO-2022-KR", "windows-1251", "ISO-8859-5", "windows-1256",
            "ISO-8859-6", "windows-1253", "ISO-8859-7", "windows-1255", "ISO-8859-8", "ISO-8859-8-I", "UTF-16BE",
            "UTF-16LE");
    private static final int MIN_CONFIDENCE = 30;

    private Charsets() {
    }

    static Charset superset(Charset declared) {
        String target = SUPERSETS.get(declared.name().toLowerCase(Locale.ROOT));
        if (target == null) {
            for (String alias : declared.aliases()) {
                target = SUPERSETS.get(alias.toLowerCase(Locale.ROOT));
                if (target != null) {
                    break;
                }
            }
        }
        return target == null ? declared : Charset.forName(target);
    }

    static boolean hasEightBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    /** ESC $ B, ESC $ @ or ESC ( J: the designations ISO-2022-JP text starts its Japanese runs with. */
    static boolean looksLikeIso2022Jp(byte[] bytes) {
        for (int i = 0; i + 2 < bytes.length; i++) {
            if (bytes[i] == 0x1B && ((bytes[i + 1] == '$' && (bytes[i + 2] == 'B' || bytes[i + 2] == '@'))
                    || (bytes[i + 1] == '(' && bytes[i + 2] == 'J'))) {
                return true;
            }
        }
        return false;
    }

    /** A confident non-Latin detection by Tika's port of the ICU detector, or null. */
    static Charset detect(byte[] bytes) {
        try {
            CharsetDetector detector = new CharsetDetector();
            detector.setText(bytes);
            for (CharsetMatch match : detector.detectAll()) {
                if (match.getConfidence() < MIN_CONFIDENCE) {
                    break;
                }
                if (TRUSTED_DETECTIONS.contains(match.getName()) && Charset.isSupported(match.getName())) {
                    return superset(Charset.forName(match.getName()));
                }
            }
        }
        catch (RuntimeException e) {
            // detection is a best effort; the caller falls back to windows-1252
        }
        return null;
    }
}
