package dev.artie.shared.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyShorteningTest {

    @Test
    void leavesAReplyThatFitsAsItIs() {
        assertThat(ReplyShortening.shorten("hello there", 11)).isEqualTo("hello there");
        assertThat(ReplyShortening.firstParts(List.of("a", "b"), 2, 10)).containsExactly("a", "b");
    }

    @Test
    void cutsALongReplyAtAWordAndSaysSo() {
        String shortened = ReplyShortening.shorten("word ".repeat(1_000), 100);

        assertThat(shortened).hasSizeLessThanOrEqualTo(100).endsWith("word\n(reply shortened)");
    }

    @Test
    void cutsAWordlessReplyAnywhereButInsideASurrogatePair() {
        String shortened = ReplyShortening.shorten("😀".repeat(100), 50);

        assertThat(shortened).hasSizeLessThanOrEqualTo(50).endsWith("😀\n(reply shortened)");
    }

    @Test
    void keepsTheFirstPartsAndMarksTheLastKept() {
        List<String> parts = ReplyShortening.firstParts(List.of("one", "x".repeat(30), "three", "four"), 2, 30);

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0)).isEqualTo("one");
        assertThat(parts.get(1)).hasSizeLessThanOrEqualTo(30).endsWith("\n(reply shortened)");
        assertThat(ReplyShortening.firstParts(List.of("one", "two", "three"), 2, 30))
                .containsExactly("one", "two\n(reply shortened)");
    }
}
