package dev.artie.capabilities.conversation;

import static dev.artie.capabilities.testing.FakeModelServer.ANY;
import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.testing.RedisExtension;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The persona comes from settings alone; the capability list beside it stays the registry's. */
class PersonaTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    static Path dir;

    private static String systemPromptWith(Object... persona) throws Exception {
        try (FakeModelServer endpoint = new FakeModelServer();
                ApplicationContext context =
                        ApplicationContext.run(TestServices.properties(redis.url(), endpoint, dir, persona))) {
            endpoint.script(ANY, answer("hello"));
            context.getBean(Conversation.class)
                    .answer(IncomingMessage.create("test", "ann", "c-ann", "hi", "artie:outgoing:test", Map.of()));
            return endpoint.calls()
                    .getFirst()
                    .messages()
                    .getFirst()
                    .get("content")
                    .toString();
        }
    }

    @Test
    void theNameToneAndInstructionsAreTheSettings() throws Exception {
        String prompt = systemPromptWith(
                "artie.persona.name",
                "Maple",
                "artie.persona.tone",
                "warm and playful",
                "artie.persona.instructions",
                "Answer in French.\nNever give medical advice.");

        assertThat(prompt)
                .startsWith("You are Maple, an assistant chatting with a person over test. " + "Be warm and playful.\n")
                .doesNotContain("friendly, concise")
                .endsWith("without capability tags.\n\nAnswer in French.\nNever give medical advice.")
                .contains("- clock: ")
                .contains("- lists: ")
                .contains("- memory: ")
                .contains("- calculator: ");
    }

    @Test
    void theDefaultPersonaIsArtie() throws Exception {
        assertThat(systemPromptWith())
                .startsWith(
                        "You are Artie, an assistant chatting with a person over test. " + "Be friendly, concise.\n")
                .endsWith("without capability tags.");
    }
}
