package dev.artie.shared.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The units replies are cut between; each channel's own rules are tested with it (DiscordPartsTest, SmsPartsTest). */
class ReplyPartsTest {
    @Test
    void sentencesKeepTheirSpacesSoThatJoinedTheyAreTheText() {
        String prose = "One. Two!  Three?\nFour is 3.5 long\nend";
        assertThat(ReplyParts.sentences(prose))
                .containsExactly("One. ", "Two!  ", "Three?\n", "Four is 3.5 long\n", "end");
    }
}
