package dev.artie.capabilities.conversation;

import static dev.artie.capabilities.testing.FakeModelServer.ANY;
import static dev.artie.capabilities.testing.FakeModelServer.answer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.testing.FakeModelServer;
import dev.artie.capabilities.testing.TestServices;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.testing.RedisExtension;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** With ARTIE_MODEL_NATIVE_TOOLS off, no tools are offered and capability tags still work. */
@MicronautTest(startApplication = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WithoutNativeToolsTest implements TestPropertyProvider {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @TempDir
    static Path dir;

    private static FakeModelServer endpoint;

    @Inject
    Conversation conversation;

    @Override
    public Map<String, String> getProperties() {
        endpoint = new FakeModelServer();
        return TestServices.testProperties(redis.url(), endpoint, dir, "artie.model.native-tools", false);
    }

    @AfterAll
    static void stop() throws Exception {
        endpoint.close();
    }

    @Test
    void noToolsAreSentAndTagsStillRun() throws Exception {
        endpoint.script(
                ANY,
                answer("<capability name=\"calculator\" action=\"calculate\">6*7</capability>"),
                answer("It is 42."));

        Conversation.Answer answer = conversation.answer(
                IncomingMessage.create("test", "jo", "c", "six sevens?", "artie:outgoing:test", Map.of()));

        assertThat(answer.text()).isEqualTo("It is 42.");
        assertThat(endpoint.calls())
                .hasSize(2)
                .allSatisfy(call -> assertThat(call.json()).doesNotContainKey("tools"));
        assertThat(endpoint.calls().get(1).body()).contains("6*7 = 42");
    }
}
