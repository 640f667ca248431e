package dev.artie.clustertests;

import dev.artie.capabilities.conversation.Conversation;
import dev.artie.capabilities.testing.FakeModelServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;

/**
 * The OpenAI-compatible model endpoint the pods call: the capabilities' {@link FakeModelServer}, listening on the
 * host address pods reach. It answers with what Artie's capabilities already worked out for the message (so each
 * chat gets its own right answer, a remembered fact included) and records every call, with the API key it carried.
 */
final class ModelEndpoint implements AutoCloseable {
    static final String GREETING = "Hello from the fake model.";

    private final FakeModelServer server;
    private final String baseUrl;
    private volatile Duration delay = Duration.ZERO;

    ModelEndpoint(String hostIp) {
        try {
            server = new FakeModelServer(InetAddress.getByName(hostIp))
                    .otherwise(call -> answer(call).setHeadersDelay(delay.toMillis(), TimeUnit.MILLISECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        baseUrl = "http://" + hostIp + ":" + URI.create(server.baseUrl()).getPort() + "/v1";
    }

    /**
     * What the capabilities worked out: the tool results after the person's message (native tools, the default:
     * docs/architecture.md, "Answers that agree with the capabilities"), else the system message that lists them.
     */
    private static MockResponse answer(FakeModelServer.Call call) {
        List<Map<String, Object>> messages = call.messages();
        List<String> toolResults = new java.util.ArrayList<>();
        for (int i = messages.size() - 1;
                i >= 0 && "tool".equals(messages.get(i).get("role"));
                i--) {
            toolResults.addFirst(String.valueOf(messages.get(i).get("content")));
        }
        if (!toolResults.isEmpty()) {
            return FakeModelServer.answer(String.join("\n", toolResults));
        }
        for (Map<String, Object> message : messages) {
            if ("system".equals(message.get("role"))
                    && message.get("content") instanceof String content
                    && content.startsWith(Conversation.CAPABILITY_RESULTS_HEADING)) {
                return FakeModelServer.answer(content.substring(Conversation.CAPABILITY_RESULTS_HEADING.length()));
            }
        }
        return FakeModelServer.answer(GREETING);
    }

    /** Answers each call only after {@code delay}, like a real model, so that a burst is still in flight. */
    void answerAfter(Duration delay) {
        this.delay = delay;
    }

    /** What spec.capabilities.model.baseUrl is set to. */
    String baseUrl() {
        return baseUrl;
    }

    List<FakeModelServer.Call> calls() {
        return server.calls();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
