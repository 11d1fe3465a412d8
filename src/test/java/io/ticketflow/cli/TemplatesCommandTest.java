package io.ticketflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemplatesCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final TemplatesCommand command = new TemplatesCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void checkListsEveryTemplateWithItsLanguages() throws Exception {
        assertThat(command.run(List.of("check"))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ok  acknowledgement  [deu, default]")
                .contains("ok  satisfaction  [default]");
    }

    @Test
    void previewRendersSubjectTextAndHtmlWithTheSampleModel() throws Exception {
        assertThat(command.run(List.of("preview", "acknowledgement", "--lang", "deu"))).isZero();
        String shown = out.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("Subject: AW: Printer on fire <b>now</b>").contains("----- text/plain -----")
                .contains("Guten Tag Jane <Doe> & Co").contains("----- text/html -----")
                .contains("Guten Tag Jane &lt;Doe&gt; &amp; Co");
    }

    @Test
    void badUsageIsExitCodeTwo() throws Exception {
        assertThat(command.run(List.of())).isEqualTo(2);
        assertThat(command.run(List.of("preview"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: ticketflow templates");
    }
}
