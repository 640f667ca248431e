package dev.artie.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmsPartsTest {
    @Test
    void aShortReplyIsOneMessage() {
        assertThat(SmsParts.split("  Hello there.  ")).containsExactly("Hello there.");
        assertThat(SmsParts.split("x".repeat(1600))).hasSize(1);
    }

    @Test
    void splitsOnTheLastSentenceEndThatFits() {
        assertThat(SmsParts.split("One two. Three four! Five six? Seven.", 20))
                .containsExactly("One two. Three four!", "Five six? Seven.");
        // A closing quote belongs to the sentence it ends.
        assertThat(SmsParts.split("He said \"stop.\" Then left. Bye now.", 25))
                .containsExactly("He said \"stop.\"", "Then left. Bye now.");
        assertThat(SmsParts.split("He said \"stop.\" Then left.", 16))
                .containsExactly("He said \"stop.\"", "Then left.");
    }

    @Test
    void splitsOnLineBreaksAndFallsBackToWordsThenHardCuts() {
        assertThat(SmsParts.split("first line\nsecond line", 15)).containsExactly("first line", "second line");
        assertThat(SmsParts.split("no sentence ends in this text at all", 12))
                .containsExactly("no sentence", "ends in this", "text at all");
        assertThat(SmsParts.split("abcdefghij", 4)).containsExactly("abcd", "efgh", "ij");
        // An emoji (a surrogate pair) is never cut in half.
        List<String> parts = SmsParts.split("abc\uD83D\uDE00def", 4);
        assertThat(parts).containsExactly("abc", "\uD83D\uDE00de", "f");
    }

    @Test
    void everyPartFitsAndNothingIsLostOrReordered() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            text.append("Sentence ").append(i).append(i % 7 == 0 ? " ends with a question? " : " is plain. ");
        }
        List<String> parts = SmsParts.split(text.toString(), SmsParts.MAX_LENGTH);
        assertThat(parts)
                .hasSizeGreaterThan(3)
                .allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(1600));
        assertThat(String.join(" ", parts)).isEqualTo(text.toString().strip());
    }

    /** A model that never stops would otherwise be texted as hundreds of billed segments. */
    @Test
    void aHugeReplyIsCutToThreeMessagesAndSaysItWasShortened() {
        List<String> parts = SmsParts.split("Artie goes on and on. ".repeat(50_000));

        assertThat(parts)
                .hasSize(SmsParts.MAX_PARTS)
                .allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(1600));
        assertThat(parts.getLast()).endsWith("\n(reply shortened)");
        assertThat(parts.getFirst()).startsWith("Artie goes on and on.");
    }
}
