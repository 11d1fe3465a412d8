package io.ticketflow.source.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadWindowTest {

    @Test
    void fullAtItsMessageCountOrItsBytesButAlwaysTakesTheFirstMail() {
        ReadWindow<Integer> window = new ReadWindow<>();
        assertThat(window.fits(ReadWindow.BYTES * 2)).as("a huge first mail still goes, alone").isTrue();
        for (int i = 0; i < ReadWindow.MESSAGES; i++) {
            assertThat(window.fits(100)).isTrue();
            window.add(i, 100);
        }
        assertThat(window.fits(1)).as("full at " + ReadWindow.MESSAGES + " mails").isFalse();
        assertThat(window.take()).hasSize(ReadWindow.MESSAGES).startsWith(0, 1).endsWith(ReadWindow.MESSAGES - 1);
        assertThat(window.isEmpty()).isTrue();

        window.add(1, ReadWindow.BYTES - 10);
        assertThat(window.fits(10)).isTrue();
        assertThat(window.fits(11)).as("full at " + ReadWindow.BYTES + " bytes").isFalse();
    }
}
