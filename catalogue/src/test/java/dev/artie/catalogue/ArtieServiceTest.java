package dev.artie.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ArtieServiceTest {
    @Test
    void aServiceIsFoundByItsNameAndAnUnknownNameListsTheKnownOnes() {
        assertThat(ArtieService.named("http-chat")).isEqualTo(ArtieService.HTTP_CHAT);
        assertThatThrownBy(() -> ArtieService.named("telegram"))
                .hasMessage("no service named 'telegram'; known: [capabilities, http-chat, discord, sms, email]");
    }

    @Test
    void namesPortsAndChannelsAreEachTakenOnce() {
        assertThat(Arrays.stream(ArtieService.values()).map(ArtieService::id)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(ArtieService.values()).map(ArtieService::port)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(ArtieService.values())
                        .filter(ArtieService::isChannel)
                        .map(ArtieService::channel))
                .doesNotHaveDuplicates();
    }

    @Test
    void capabilitiesIsNoChannel() {
        assertThat(ArtieService.CAPABILITIES.isChannel()).isFalse();
        assertThatThrownBy(ArtieService.CAPABILITIES::channel).hasMessage("capabilities is not a channel");
        assertThat(ArtieService.HTTP_CHAT.channel()).isEqualTo("http");
    }
}
