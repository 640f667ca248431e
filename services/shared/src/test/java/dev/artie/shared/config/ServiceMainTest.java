package dev.artie.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.ConfigurationProperties;
import org.junit.jupiter.api.Test;

class ServiceMainTest {
    @ConfigurationProperties("artie.example")
    record ExampleSettings(String publicUrl, String fromNumber) {}

    @Test
    void aSettingsRecordsViolationsAreNamedByTheVariablesAPersonSets() {
        String micronauts = "Error instantiating bean of type [dev.artie.shared.config.ServiceMainTest$ExampleSettings]"
                + " Message: Validation failed for bean definition [dev.artie.shared.config.ServiceMainTest$ExampleSettings]"
                + " List of constraint violations:[ dev.artie.shared.config.ServiceMainTest$ExampleSettings.publicUrl -"
                + " must not be blank dev.artie.shared.config.ServiceMainTest$ExampleSettings.publicUrl - must be an"
                + " http(s) URL dev.artie.shared.config.ServiceMainTest$ExampleSettings.fromNumber - must be an E.164"
                + " number like +15551234567 ]";

        assertThat(ServiceMain.settingsNamed(micronauts))
                .isEqualTo(
                        "ARTIE_EXAMPLE_PUBLIC_URL (artie.example.public-url) must not be blank and must be an http(s) URL;"
                                + " ARTIE_EXAMPLE_FROM_NUMBER (artie.example.from-number) must be an E.164 number like +15551234567");
    }

    @Test
    void otherReasonsStayAsTheyAre() {
        assertThat(ServiceMain.settingsNamed("REDIS_URL is not a Redis URL")).isEqualTo("REDIS_URL is not a Redis URL");
    }
}
