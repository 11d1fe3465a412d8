package io.ticketflow.parse.extract;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Main class of an extraction worker process: reads requests from stdin, answers on stdout, one at a time, until
 * stdin closes (so a worker never outlives the JVM that started it). Anything a parser prints goes to stderr, never
 * into the protocol stream.
 */
public final class ExtractionWorker {

    static final int READY = 0x54465752; // "TFWR"

    private ExtractionWorker() {
    }

    public static void main(String[] args) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        AttachmentExtractor extractor = new AttachmentExtractor();
        out.writeInt(READY);
        out.flush();
        while (true) {
            TextExtraction.Request request;
            try {
                request = readRequest(in);
            }
            catch (EOFException e) {
                return;
            }
            TextExtraction.Result result;
            try {
                result = extractor.extract(request);
            }
            catch (Throwable t) {
                result = TextExtraction.Result.failed("text not extracted: " + AttachmentExtractor.describe(t));
            }
            writeResult(out, result);
            out.flush();
        }
    }

    static void writeRequest(DataOutputStream out, TextExtraction.Request r) throws IOException {
        writeString(out, r.name());
        writeString(out, r.declaredType());
        out.writeInt(r.maxChars());
        writeBytes(out, r.bytes());
    }

    static TextExtraction.Request readRequest(DataInputStream in) throws IOException {
        String name = readString(in);
        String type = readString(in);
        int maxChars = in.readInt();
        return new TextExtraction.Request(name, type, readBytes(in), maxChars);
    }

    static void writeResult(DataOutputStream out, TextExtraction.Result r) throws IOException {
        writeString(out, r.detectedType());
        writeString(out, r.text());
        out.writeBoolean(r.truncated());
        writeString(out, r.problem());
        out.writeInt(r.embedded().size());
        for (TextExtraction.EmbeddedFile f : r.embedded()) {
            writeString(out, f.name());
            writeString(out, f.contentType());
            writeBytes(out, f.bytes());
        }
    }

    static TextExtraction.Result readResult(DataInputStream in) throws IOException {
        String type = readString(in);
        String text = readString(in);
        boolean truncated = in.readBoolean();
        String problem = readString(in);
        int count = in.readInt();
        List<TextExtraction.EmbeddedFile> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(new TextExtraction.EmbeddedFile(readString(in), readString(in), readBytes(in)));
        }
        return new TextExtraction.Result(type, text, truncated, problem, List.copyOf(files));
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }
}
