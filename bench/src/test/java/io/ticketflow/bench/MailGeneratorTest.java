package io.ticketflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.tika.Tika;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark corpus must be realistic, deterministic and round-trip through .eml files and mbox. */
class MailGeneratorTest {

    private static List<MailGenerator.Mail> mails;

    @BeforeAll
    static void generate() {
        mails = MailGenerator.generate(MailGenerator.Options.of(7, 600));
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedOtherMail() {
        List<MailGenerator.Mail> again = MailGenerator.generate(MailGenerator.Options.of(7, 600));
        for (int i = 0; i < mails.size(); i++) {
            assertThat(again.get(i).bytes()).as(mails.get(i).fileName()).isEqualTo(mails.get(i).bytes());
        }
        MailGenerator.Mail other = MailGenerator.generate(MailGenerator.Options.of(8, 1)).get(0);
        assertThat(mails.stream().map(MailGenerator.Mail::messageId)).doesNotContain(other.messageId());
    }

    @Test
    void mixOfRepliesAttachmentsLanguagesAndFormats() {
        long replies = mails.stream().filter(MailGenerator.Mail::isReply).count();
        long attached = mails.stream().filter(m -> m.attachment() != null).count();
        assertThat(replies).isBetween(150L, 210L);
        assertThat(attached).isBetween(15L, 50L);
        assertThat(mails.stream().map(MailGenerator.Mail::language).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("en", "de", "fr", "es", "nl");
        assertThat(mails.stream().map(MailGenerator.Mail::kind).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "new-plain", "new-html", "new-alternative", "reply-full", "reply-references", "reply-in-reply-to",
                "reply-outlook");
        assertThat(mails.stream().map(MailGenerator.Mail::messageId).distinct().count()).isEqualTo(mails.size());
    }

    @Test
    void everyReplyNamesAnEarlierMailOfItsThreadFromTheSameCustomer() throws Exception {
        Map<String, MailGenerator.Mail> byId = new HashMap<>();
        for (MailGenerator.Mail mail : mails) {
            if (mail.isReply()) {
                MailGenerator.Mail parent = byId.get(mail.parentId());
                assertThat(parent).as("parent of " + mail.fileName() + " comes earlier").isNotNull();
                assertThat(parent.rootId()).isEqualTo(mail.rootId());
                assertThat(parent.from()).isEqualTo(mail.from());
                MimeMessage message = parse(mail);
                String inReplyTo = message.getHeader("In-Reply-To", null);
                String references = message.getHeader("References", " ");
                assertThat((inReplyTo == null ? "" : inReplyTo) + (references == null ? "" : references))
                        .contains("<" + mail.parentId() + ">");
                assertThat(message.getSubject()).matches("(Re|RE|AW|Antw): .*");
                if (mail.kind().equals("reply-outlook")) {
                    assertThat(message.getHeader("Thread-Index", null)).isNotBlank();
                }
            }
            byId.put(mail.messageId(), mail);
        }
    }

    @Test
    void attachmentsAreRealDocumentsWithText() throws Exception {
        Set<String> types = new HashSet<>();
        Tika tika = new Tika();
        for (MailGenerator.Mail mail : mails.stream().filter(m -> m.attachment() != null).toList()) {
            MimeMultipart mixed = (MimeMultipart) parse(mail).getContent();
            Part attachment = mixed.getBodyPart(1);
            assertThat(attachment.getFileName()).isEqualTo(mail.attachment());
            String text = tika.parseToString(attachment.getInputStream());
            assertThat(text).contains("Ticketflow benchmark document " + mail.index());
            types.add(attachment.getContentType().replaceAll(";.*", ""));
        }
        assertThat(types).contains("application/pdf",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    }

    @Test
    void foldersAndMboxReadBackTheSameMail(@TempDir Path dir) throws Exception {
        List<MailGenerator.Mail> some = mails.subList(0, 60);
        Corpus.write(some, dir.resolve("eml"), dir.resolve("all.mbox"));
        List<Corpus.Entry> fromFolder = Corpus.read(dir.resolve("eml"));
        List<Corpus.Entry> fromMbox = Corpus.read(dir.resolve("all.mbox"));
        assertThat(fromFolder).hasSize(60);
        assertThat(fromMbox).hasSize(60);
        for (int i = 0; i < some.size(); i++) {
            assertThat(fromFolder.get(i).bytes()).isEqualTo(some.get(i).bytes());
            assertThat(fromFolder.get(i).parentId()).isEqualTo(some.get(i).parentId());
            assertThat(fromMbox.get(i).messageId()).isEqualTo(some.get(i).messageId());
            assertThat(parse(fromMbox.get(i).bytes()).getSubject()).isEqualTo(parse(some.get(i)).getSubject());
        }
        Files.delete(dir.resolve("eml").resolve(Corpus.MANIFEST));
        assertThat(Corpus.read(dir.resolve("eml")).get(5).messageId()).isEqualTo(some.get(5).messageId());
    }

    private static MimeMessage parse(MailGenerator.Mail mail) throws Exception {
        return parse(mail.bytes());
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }
}
