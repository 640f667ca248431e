package dev.artie.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.channel.ReplyParts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How SMS replies are cut into messages ({@link SmsReplies#PARTS}). */
class SmsPartsTest {
    /** SMS's rules for parts of at most {@code maxLength} characters, as many as it takes. */
    private static ReplyParts unlimited(int maxLength) {
        return new ReplyParts(maxLength, Integer.MAX_VALUE, false);
    }

    @Test
    void aShortReplyIsOneMessage() {
        assertThat(SmsReplies.PARTS.split("  Hello there.  ")).containsExactly("Hello there.");
        assertThat(SmsReplies.PARTS.split("x".repeat(1600))).hasSize(1);
    }

    @Test
    void splitsOnTheLastSentenceEndThatFits() {
        assertThat(unlimited(20).split("One two. Three four! Five six? Seven."))
                .containsExactly("One two. Three four!", "Five six? Seven.");
        // A closing quote belongs to the sentence it ends.
        assertThat(unlimited(25).split("He said \"stop.\" Then left. Bye now."))
                .containsExactly("He said \"stop.\"", "Then left. Bye now.");
        assertThat(unlimited(16).split("He said \"stop.\" Then left."))
                .containsExactly("He said \"stop.\"", "Then left.");
    }

    @Test
    void splitsOnLineBreaksAndFallsBackToWordsThenHardCuts() {
        assertThat(unlimited(15).split("first line\nsecond line")).containsExactly("first line", "second line");
        assertThat(unlimited(12).split("no sentence ends in this text at all"))
                .containsExactly("no sentence", "ends in this", "text at all");
        assertThat(unlimited(4).split("abcdefghij")).containsExactly("abcd", "efgh", "ij");
        // An emoji (a surrogate pair) is never cut in half.
        List<String> parts = unlimited(4).split("abc\uD83D\uDE00def");
        assertThat(parts).containsExactly("abc", "\uD83D\uDE00de", "f");
    }

    @Test
    void everyPartFitsAndNothingIsLostOrReordered() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            text.append("Sentence ").append(i).append(i % 7 == 0 ? " ends with a question? " : " is plain. ");
        }
        List<String> parts = unlimited(SmsReplies.MAX_LENGTH).split(text.toString());
        assertThat(parts)
                .hasSizeGreaterThan(3)
                .allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(1600));
        assertThat(String.join(" ", parts)).isEqualTo(text.toString().strip());
    }

    /** A model that never stops would otherwise be texted as hundreds of billed segments. */
    @Test
    void aHugeReplyIsCutToThreeMessagesAndSaysItWasShortened() {
        List<String> parts = SmsReplies.PARTS.split("Artie goes on and on. ".repeat(50_000));

        assertThat(parts)
                .hasSize(SmsReplies.MAX_PARTS)
                .allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(1600));
        assertThat(parts.getLast()).endsWith("\n(reply shortened)");
        assertThat(parts.getFirst()).startsWith("Artie goes on and on.");
    }
}
