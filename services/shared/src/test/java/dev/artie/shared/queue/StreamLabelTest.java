package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamLabelTest {

    /** An instance's reply stream and the channel's own stream (reminders) are two series, not one. */
    @Test
    void anInstancesReplyStreamAndTheChannelsStreamHaveLabelsOfTheirOwn() {
        assertThat(StreamLabel.of("artie:outgoing:http:vm-1356f16e"))
                .isEqualTo("artie:outgoing:http:<instance>")
                .isEqualTo(StreamLabel.of("artie:outgoing:http:pod-2"));
        assertThat(StreamLabel.of("artie:outgoing:http")).isEqualTo("artie:outgoing:http");
        assertThat(StreamLabel.of(Streams.INCOMING)).isEqualTo("artie:incoming");
    }
}
