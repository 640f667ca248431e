package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

class QueueSettingsTest {

    /**
     * artie-shared.yml states each queue default again in its `${ARTIE_QUEUE_...:default}` placeholder (the form
     * docs/configuration.md is checked against); with no variable set, a service binds what {@link
     * QueueSettings#defaults()} says, so the two cannot drift apart.
     */
    @Test
    void aServiceThatSetsNothingGetsTheRecordsDefaults() {
        try (ApplicationContext context =
                ApplicationContext.builder().environmentPropertySource(false).start()) {
            assertThat(context.getBean(QueueSettings.class)).isEqualTo(QueueSettings.defaults());
        }
    }

    /** The command line reads the stream cap from the variable the services bind it from. */
    @Test
    void theStreamCapIsBoundFromTheVariableTheCommandLineReads() {
        try (ApplicationContext context = ApplicationContext.builder()
                .environmentPropertySource(false)
                .properties(java.util.Map.of(QueueSettings.STREAM_MAX_LENGTH_VARIABLE, "12345"))
                .start()) {
            assertThat(context.getBean(QueueSettings.class).streamMaxLength()).isEqualTo(12_345);
        }
    }
}
