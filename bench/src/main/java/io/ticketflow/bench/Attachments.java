package io.ticketflow.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Real, small PDF and DOCX files (PDFBox and POI, both on the class path through Tika), so that attachment text
 * extraction does the work it does on real mail. Dates are fixed so the bytes depend only on the text.
 */
final class Attachments {

    /** One attachment: file name, MIME type, bytes. */
    record Attachment(String name, String contentType, byte[] bytes) {
    }

    private static final Calendar FIXED_DATE = fixedDate();

    private Attachments() {
    }

    static Attachment pdf(String name, List<String> lines) {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setCreationDate(FIXED_DATE);
            info.setModificationDate(FIXED_DATE);
            info.setProducer("ticketflow-bench");
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                content.setLeading(14);
                content.newLineAtOffset(50, 720);
                for (String line : lines) {
                    content.showText(winAnsi(line));
                    content.newLine();
                }
                content.endText();
            }
            // PDFBox would derive the trailer /ID from the clock
            COSString id = new COSString(Integer.toHexString(name.hashCode() ^ lines.hashCode()).getBytes());
            COSArray ids = new COSArray();
            ids.add(id);
            ids.add(id);
            document.getDocument().getTrailer().setItem(COSName.ID, ids);
            document.save(out);
            return new Attachment(name, "application/pdf", out.toByteArray());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Attachment docx(String name, List<String> lines) {
        try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.getProperties().getCoreProperties().setCreated("2026-01-05T09:00:00Z");
            document.getProperties().getCoreProperties().setCreator("ticketflow-bench");
            for (String line : lines) {
                document.createParagraph().createRun().setText(line);
            }
            document.write(out);
            return new Attachment(name,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", fixZipTimes(out.toByteArray()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites a zip with fixed entry times (POI stamps the current time into each entry). */
    private static byte[] fixZipTimes(byte[] zip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream rewritten = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(FIXED_DATE.getTimeInMillis());
                rewritten.putNextEntry(copy);
                in.transferTo(rewritten);
                rewritten.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Helvetica (standard 14 font) only encodes WinAnsi: replace what it cannot show. */
    private static String winAnsi(String line) {
        StringBuilder s = new StringBuilder();
        line.codePoints().forEach(c -> s.appendCodePoint(c < 256 ? c : '?'));
        return s.toString();
    }

    private static Calendar fixedDate() {
        Calendar c = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        c.clear();
        c.set(2026, Calendar.JANUARY, 5, 9, 0, 0);
        return c;
    }
}
