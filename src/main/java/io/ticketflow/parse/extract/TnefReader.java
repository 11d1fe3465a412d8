package io.ticketflow.parse.extract;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.hmef.CompressedRTF;

/**
 * A lenient reader for TNEF (winmail.dat, MS-OXTNEF), used next to POI's HMEF: HMEF gives up on a whole file at the
 * first attribute level it does not know and merges attachments whose rendering data repeats. This reader starts a
 * new attachment at every attAttachRenddata, stops quietly at garbage, and takes names and data from the TNEF
 * attributes or the attachment's MAPI properties. Bounded: it only ever slices the input.
 */
final class TnefReader {

    private static final int SIGNATURE = 0x223E9F78;
    private static final int LEVEL_MESSAGE = 1;
    private static final int LEVEL_ATTACHMENT = 2;
    private static final int ATT_ATTACH_RENDDATA = 0x9002;
    private static final int ATT_ATTACH_TITLE = 0x8010;
    private static final int ATT_ATTACH_DATA = 0x800F;
    private static final int ATT_ATTACHMENT = 0x9005;
    private static final int ATT_MSG_PROPS = 0x9003;
    private static final int PR_ATTACH_DATA = 0x3701;
    private static final int PR_ATTACH_LONG_FILENAME = 0x3707;
    private static final int PR_ATTACH_FILENAME = 0x3704;
    private static final int PR_DISPLAY_NAME = 0x3001;
    private static final int PR_RTF_COMPRESSED = 0x1009;
    private static final int PR_BODY_HTML = 0x1013;

    private TnefReader() {
    }

    /** The files in a TNEF stream (body.rtf / body.html first), or null if it is not TNEF at all. */
    static List<TextExtraction.EmbeddedFile> read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 6 || in.getInt() != SIGNATURE) {
            return null;
        }
        in.getShort(); // key
        List<Attachment> attachments = new ArrayList<>();
        List<TextExtraction.EmbeddedFile> body = new ArrayList<>();
        Attachment current = null;
        while (in.remaining() >= 9) {
            int level = in.get() & 0xFF;
            int id = in.getInt() & 0xFFFF;
            int length = in.getInt();
            if ((level != LEVEL_MESSAGE && level != LEVEL_ATTACHMENT) || length < 0 || length > in.remaining()) {
                break; // garbage: keep what was read
            }
            byte[] data = new byte[length];
            in.get(data);
            if (in.remaining() >= 2) {
                in.getShort(); // checksum
            }
            if (level == LEVEL_ATTACHMENT) {
                if (id == ATT_ATTACH_RENDDATA || current == null) {
                    current = new Attachment();
                    attachments.add(current);
                }
                switch (id) {
                    case ATT_ATTACH_TITLE -> current.title = cString(data);
                    case ATT_ATTACH_DATA -> current.data = data;
                    case ATT_ATTACHMENT -> properties(data, current, null);
                    default -> {
                    }
                }
            }
            else if (id == ATT_MSG_PROPS) {
                properties(data, null, body);
            }
        }
        List<TextExtraction.EmbeddedFile> files = new ArrayList<>(body);
        for (Attachment a : attachments) {
            String name = a.longName != null ? a.longName : a.title != null ? a.title : a.displayName;
            String shown = name == null || name.isBlank() ? null : name;
            if (a.data != null || a.object == null) {
                files.add(new TextExtraction.EmbeddedFile(shown, null, a.data == null ? new byte[0] : a.data));
            }
            if (a.object != null) {
                // an attached Outlook item comes as a placeholder (attAttachData) and the object itself: keep both
                files.add(new TextExtraction.EmbeddedFile(shown, null, a.object));
            }
        }
        return files;
    }

    /** One attachment as its attributes arrive. */
    private static final class Attachment {
        String title;
        String longName;
        String displayName;
        byte[] data;
        byte[] object;
    }

    /** Reads a MAPI property list into the attachment, or the message body files into {@code body}. */
    private static void properties(byte[] data, Attachment attachment, List<TextExtraction.EmbeddedFile> body) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        try {
            int count = in.getInt();
            for (int p = 0; p < count && in.remaining() >= 4; p++) {
                int type = in.getShort() & 0xFFFF;
                int id = in.getShort() & 0xFFFF;
                if (id >= 0x8000) {
                    in.position(in.position() + 16);
                    int kind = in.getInt();
                    if (kind == 0) {
                        in.getInt();
                    }
                    else {
                        int nameLength = in.getInt();
                        skip(in, pad(nameLength));
                    }
                }
                boolean multi = (type & 0x1000) != 0;
                int base = type & 0x0FFF;
                int values = multi || variable(base) ? in.getInt() : 1;
                for (int v = 0; v < values; v++) {
                    if (variable(base)) {
                        int length = in.getInt();
                        if (length < 0 || length > in.remaining()) {
                            return;
                        }
                        byte[] value = new byte[length];
                        in.get(value);
                        skip(in, pad(length) - length);
                        accept(id, base, value, attachment, body);
                    }
                    else {
                        skip(in, fixedSize(base));
                    }
                }
            }
        }
        catch (RuntimeException e) {
            // a broken property list: keep what was read
        }
    }

    private static void accept(int id, int type, byte[] value, Attachment attachment, List<TextExtraction.EmbeddedFile> body) {
        if (attachment != null) {
            switch (id) {
                case PR_ATTACH_DATA -> {
                    if (type == 0x000D) {
                        // an embedded object (an attached Outlook item): its data after the 16-byte interface id
                        attachment.object = value.length > 16 ? java.util.Arrays.copyOfRange(value, 16, value.length) : value;
                    }
                    else if (attachment.data == null) {
                        attachment.data = value;
                    }
                }
                case PR_ATTACH_LONG_FILENAME -> attachment.longName = string(type, value);
                case PR_ATTACH_FILENAME -> attachment.title = attachment.title != null ? attachment.title : string(type, value);
                case PR_DISPLAY_NAME -> attachment.displayName = string(type, value);
                default -> {
                }
            }
            return;
        }
        if (id == PR_RTF_COMPRESSED && body.stream().noneMatch(f -> "body.rtf".equals(f.name()))) {
            try {
                body.add(new TextExtraction.EmbeddedFile("body.rtf", "application/rtf",
                        new CompressedRTF().decompress(new ByteArrayInputStream(value))));
            }
            catch (Exception e) {
                // not decompressible: no body.rtf
            }
        }
        else if (id == PR_BODY_HTML && body.stream().noneMatch(f -> "body.html".equals(f.name()))) {
            body.add(new TextExtraction.EmbeddedFile("body.html", "text/html", value));
        }
    }

    private static boolean variable(int type) {
        return type == 0x001E || type == 0x001F || type == 0x0102 || type == 0x000D;
    }

    private static int fixedSize(int type) {
        return switch (type) {
            case 0x0005, 0x0006, 0x0007, 0x0014, 0x0040 -> 8;
            case 0x0048 -> 16;
            default -> 4; // short, long, float, boolean, error, null: padded to four bytes
        };
    }

    private static int pad(int length) {
        return (length + 3) & ~3;
    }

    private static void skip(ByteBuffer in, int n) {
        in.position(in.position() + n);
    }

    private static String string(int type, byte[] value) {
        String s = type == 0x001F ? new String(value, StandardCharsets.UTF_16LE) : new String(value, StandardCharsets.ISO_8859_1);
        int nul = s.indexOf('\0');
        return (nul >= 0 ? s.substring(0, nul) : s).strip();
    }

    private static String cString(byte[] data) {
        return string(0x001E, data);
    }
}
