package io.ticketflow.thread;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ThreadIndexTest {

    @Test
    void replyKeepsTheConversationOfItsParent() {
        byte[] parent = new byte[22];
        Arrays.fill(parent, (byte) 7);
        byte[] reply = Arrays.copyOf(parent, 27);
        reply[24] = 9;
        String p = Base64.getEncoder().encodeToString(parent);
        String r = Base64.getEncoder().encodeToString(reply);
        assertThat(ThreadIndex.conversation(p)).isPresent().isEqualTo(ThreadIndex.conversation(r));
    }

    @Test
    void realOutlookHeaderHasConversationKey() {
        assertThat(ThreadIndex.conversation("AdlZ7EXvp1Bz9Ud+R3OIcLVeKbhVYw==")).hasValueSatisfying(k -> assertThat(k).hasSize(44));
    }

    @Test
    void malformedHeadersAreIgnored() {
        assertThat(ThreadIndex.conversation(null)).isEmpty();
        assertThat(ThreadIndex.conversation("not base64 !!")).isEmpty();
        assertThat(ThreadIndex.conversation(Base64.getEncoder().encodeToString(new byte[10]))).isEmpty();
        assertThat(ThreadIndex.conversation(Base64.getEncoder().encodeToString(new byte[24]))).isEmpty();
    }
}
