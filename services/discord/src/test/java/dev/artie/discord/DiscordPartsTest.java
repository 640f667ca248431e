package dev.artie.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** How Discord replies are cut into messages ({@link DiscordReplies#PARTS}). */
class DiscordPartsTest {
    static final String CODE = """
            ```java
            class Hello {
                public static void main(String[] args) {
                    System.out.println("Hello from a code block that must stay whole.");
                }
            }
            ```
            """;

    /** "Sentence 001 says a little more about the weather today." and so on: numbered, so order is visible. */
    static String sentences(int from, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            text.append("Sentence %03d says a little more about the weather today. ".formatted(i));
        }
        return text.toString();
    }

    /** A model that never stops would otherwise flood the chat with hundreds of messages. */
    @Test
    void aHugeReplyIsCutToFiveMessagesAndSaysItWasShortened() {
        List<String> parts = DiscordReplies.PARTS.split(sentences(1, 10_000));

        assertThat(parts)
                .hasSize(DiscordReplies.MAX_PARTS)
                .allSatisfy(part -> assertThat(part.length()).isLessThanOrEqualTo(DiscordReplies.DISCORD_LIMIT));
        assertThat(parts.getFirst()).startsWith("Sentence 001");
        assertThat(parts.getLast()).endsWith("\n(reply shortened)");
    }

    @Test
    void aShortReplyIsOneMessageAsItCame() {
        assertThat(DiscordReplies.PARTS.split("Hello! How are you?")).containsExactly("Hello! How are you?");
    }

    @Test
    void aReplyOf4500CharactersBecomesThreeOrderedMessagesCutBetweenSentences() {
        String text = sentences(1, 36) + "\n\n" + CODE + "\n" + sentences(37, 40);
        assertThat(text.length()).isBetween(4400, 4600);

        List<String> parts = DiscordReplies.PARTS.split(text);

        assertThat(parts).hasSize(3);
        assertThat(parts).allSatisfy(part -> {
            assertThat(part.length()).isLessThanOrEqualTo(DiscordReplies.DISCORD_LIMIT);
            // Cut between sentences or after the code block, never inside a sentence.
            assertThat(part).matches("(?s).*(\\.|```)$");
            assertThat(part).startsWith(part.startsWith("```") ? "```java" : "Sentence ");
        });
        // The code block is whole in exactly one part, and that part's fences pair up.
        assertThat(parts).filteredOn(part -> part.contains(CODE.strip())).hasSize(1);
        assertThat(parts).allSatisfy(part -> assertThat(fences(part) % 2).isZero());
        // Nothing lost, nothing reordered.
        assertThat(numbers(String.join(" ", parts))).isEqualTo(numbers(text)).hasSize(76);
        assertThat(normalized(String.join(" ", parts))).isEqualTo(normalized(text));
    }

    @Test
    void aCodeBlockLongerThanAMessageIsClosedAndReopenedWithItsLanguage() {
        StringBuilder code = new StringBuilder("```python\n");
        for (int i = 0; i < 120; i++) {
            code.append("print('line %03d of a long listing')\n".formatted(i));
        }
        code.append("```\n");
        String text = "Here is the listing.\n" + code + "That was it.";

        List<String> parts = DiscordReplies.PARTS.split(text);

        assertThat(parts).hasSizeGreaterThan(2);
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            assertThat(part.length()).isLessThanOrEqualTo(DiscordReplies.DISCORD_LIMIT);
            assertThat(fences(part) % 2).as("fences of part %d pair up", i).isZero();
            if (i > 0 && part.contains("print(")) {
                assertThat(part).startsWith("```python\n");
            }
            // Lines of code are never cut in the middle.
            assertThat(part.lines().filter(line -> line.startsWith("print(")))
                    .allSatisfy(line -> assertThat(line).matches("print\\('line \\d{3} of a long listing'\\)"));
        }
        assertThat(String.join("\n", parts)).contains("line 000").contains("line 119");
        assertThat(parts.getLast()).endsWith("That was it.");
    }

    @Test
    void aSentenceLongerThanAMessageIsCutBetweenWords() {
        String word = "lengthy ";
        String text = word.repeat(600).strip() + ".";

        List<String> parts = DiscordReplies.PARTS.split(text);

        assertThat(parts).hasSize(3).allSatisfy(part -> {
            assertThat(part.length()).isLessThanOrEqualTo(DiscordReplies.DISCORD_LIMIT);
            assertThat(part).matches("(lengthy ?)+\\.?");
        });
        assertThat(String.join(" ", parts)).isEqualTo(text);
    }

    private static int fences(String part) {
        Matcher matcher = Pattern.compile("```").matcher(part);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static List<String> numbers(String text) {
        return Pattern.compile("Sentence (\\d{3})")
                .matcher(text)
                .results()
                .map(r -> r.group(1))
                .toList();
    }

    private static String normalized(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
