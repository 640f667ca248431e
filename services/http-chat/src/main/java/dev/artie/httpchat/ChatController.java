package dev.artie.httpchat;

import dev.artie.shared.channel.ChannelQueue;
import dev.artie.shared.channel.InputLimits;
import dev.artie.shared.metrics.MessageCounter;
import dev.artie.shared.metrics.MessageCounter.Outcome;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.ratelimit.RateLimitDecision;
import dev.artie.shared.ratelimit.RateLimiter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RouteCondition;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `POST /api/chat`: queues what the person said and answers with Artie's reply; `GET /api/chat/{messageId}`: a reply
 * that came after its `POST` gave up.
 */
@Controller("/api")
class ChatController {
    private static final Logger LOG = LoggerFactory.getLogger(ChatController.class);
    static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.@:+-]{1,128}");
    /** A chat request is one flat object; anything nested deeper than this is refused before it is parsed. */
    static final int MAX_JSON_DEPTH = 8;

    private static final String SHAPE = "the body must be JSON like {\"userId\": \"...\", \"message\": \"...\"}";

    private final ChannelQueue queue;
    private final ReplyStream replyStream;
    private final ReplyWaiters waiters;
    private final HttpChatSettings settings;
    private final InputLimits limits;
    private final MessageCounter messages;
    private final RateLimiter limiter;
    private final JsonMapper json;
    private final LateReplies late;
    private final StreamedReply streamed;

    ChatController(
            ChannelQueue queue,
            ReplyStream replyStream,
            ReplyWaiters waiters,
            HttpChatSettings settings,
            InputLimits limits,
            MessageCounter messages,
            RateLimiter limiter,
            JsonMapper json,
            LateReplies late,
            StreamedReply streamed) {
        this.queue = queue;
        this.streamed = streamed;
        this.late = late;
        this.limiter = limiter;
        this.json = json;
        this.replyStream = replyStream;
        this.waiters = waiters;
        this.settings = settings;
        this.limits = limits;
        this.messages = messages;
    }

    /** Whether a request asks for a stream; exactly one of the two `POST /api/chat` routes matches any request. */
    private static final String STREAM_ASKED = "T(dev.artie.httpchat.StreamAsked).by(request)";

    @Post(uri = "/chat", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RouteCondition("#{!(" + STREAM_ASKED + ")}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    CompletableFuture<ChatResponse> chat(@Body @Nullable String body, Caller caller) {
        Queued queued = queue(body, caller, Map.of());
        IncomingMessage sent = queued.sent();
        return queued.reply()
                .orTimeout(settings.replyTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((answer, error) -> {
                    if (error != null) {
                        throw timedOut(sent, error);
                    }
                    return response(sent, answer);
                });
    }

    /**
     * The same `POST /api/chat` asked with `Accept: text/event-stream` (docs/http-api.md, "Streamed"): refusals
     * before the message is queued are thrown here, so they are plain JSON; once queued, the events of
     * {@link StreamedReply}.
     */
    @Post(uri = "/chat", consumes = MediaType.APPLICATION_JSON, produces = MediaType.TEXT_EVENT_STREAM)
    @RouteCondition("#{" + STREAM_ASKED + "}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    Publisher<Event<String>> chatStreamed(@Body @Nullable String body, Caller caller) {
        Queued queued = queue(body, caller, Map.of(Streams.DELTAS_METADATA, "true"));
        return streamed.events(queued.sent(), queued.reply(), this::timedOut, this::abandoned);
    }

    /** A message that is on its way, and the future its reply completes. */
    record Queued(IncomingMessage sent, CompletableFuture<ReplyMessage> reply) {}

    private Queued queue(@Nullable String body, Caller caller, Map<String, String> metadata) {
        ChatRequest valid = validate(parse(body));
        String person = person(caller, valid);
        RateLimitDecision limit = limiter.check(ReplyStream.CHANNEL, person);
        if (!limit.allowed()) {
            throw new ChatRejected(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate_limited",
                    limit.scope().equals("person")
                            ? "too many messages from " + person + "; try again in " + limit.retryAfterSeconds() + " s"
                            : "Artie is getting too many messages; try again in " + limit.retryAfterSeconds() + " s",
                    limit.retryAfter());
        }
        String conversation = blank(valid.conversationId()) ? person : valid.conversationId();
        IncomingMessage sent = IncomingMessage.create(
                        ReplyStream.CHANNEL, person, conversation, valid.message(), replyStream.name(), metadata)
                .expiringAt(Instant.now().plus(settings.messageExpiry()));
        // The reply can only be matched if its waiter exists before the message is on its way.
        CompletableFuture<ReplyMessage> reply = waiters.expect(sent.id());
        try {
            queue.send(sent);
        } catch (RuntimeException e) {
            reply.cancel(false);
            LOG.warn("could not queue a chat message: {}", e.getMessage());
            messages.count(ReplyStream.CHANNEL, Outcome.UNAVAILABLE);
            throw new ChatRejected(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "queue_unavailable",
                    "Artie cannot take messages right now (its queue is unreachable); try again shortly");
        }
        return new Queued(sent, reply);
    }

    static ChatResponse response(IncomingMessage sent, ReplyMessage answer) {
        return new ChatResponse(answer.text(), answer.offline(), sent.id(), sent.correlationId());
    }

    /**
     * `GET /api/chat/{messageId}?userId=...`: the reply that came after its `POST` timed out, for the `userId` that
     * sent the message only; `202` while it is still being worked on, `404` when there is none (unknown, expired,
     * or another person's).
     */
    @Get(uri = "/chat/{messageId}", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> lateReply(@PathVariable String messageId, @QueryValue @Nullable String userId, Caller caller) {
        String person = caller.fromQuery(userId);
        return switch (late.find(messageId, person)) {
            case LateReplies.Found.Reply(ReplyMessage reply) ->
                HttpResponse.ok(
                        new ChatResponse(reply.text(), reply.offline(), reply.inReplyTo(), reply.correlationId()));
            case LateReplies.Found.Pending pending ->
                HttpResponse.accepted()
                        .body(new ChatError("pending", "no reply to " + messageId + " yet; ask again shortly"));
            case LateReplies.Found.Nothing nothing ->
                throw new ChatRejected(
                        HttpStatus.NOT_FOUND,
                        "not_found",
                        "no reply to " + messageId + " for " + person + " (replies are kept for "
                                + StreamPublisher.PARKED_KEPT.toMinutes() + " minutes)");
        };
    }

    private ChatRejected timedOut(IncomingMessage sent, Throwable error) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        messages.count(ReplyStream.CHANNEL, Outcome.TIMEOUT);
        LOG.warn(
                "no reply to {} within {} ({})",
                sent.id(),
                settings.replyTimeout(),
                cause instanceof TimeoutException ? "time-out" : cause.toString());
        abandoned(sent);
        return new ChatRejected(
                HttpStatus.GATEWAY_TIMEOUT,
                "reply_timeout",
                "no reply within " + settings.replyTimeout().toSeconds() + " s; your message (id " + sent.id()
                        + ") is still being worked on for up to "
                        + settings.messageExpiry().toMinutes()
                        + " minutes: GET /api/chat/" + sent.id() + "?userId=" + sent.personId() + " fetches the reply");
    }

    /** Nobody waits on this instance any more: a reply that still comes is parked for `GET /api/chat/{id}`. */
    private void abandoned(IncomingMessage sent) {
        try {
            late.awaiting(sent.id(), sent.personId(), Duration.between(Instant.now(), sent.expiresAt()));
        } catch (RuntimeException e) {
            LOG.debug("could not note that {} is awaited: {}", sent.id(), e.getMessage());
        }
    }

    /** The body as a request: the nesting is checked first, so a deeply nested document is never parsed. */
    @Nullable
    private ChatRequest parse(@Nullable String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        int depth = JsonDepth.of(body);
        if (depth > MAX_JSON_DEPTH) {
            throw rejected(
                    "too_deep",
                    "the JSON is nested " + depth + " levels deep; at most " + MAX_JSON_DEPTH + " are accepted ("
                            + SHAPE.substring(4) + ")");
        }
        try {
            return json.readValue(body.getBytes(StandardCharsets.UTF_8), Argument.of(ChatRequest.class));
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
            throw rejected("bad_json", SHAPE + ": " + (reason.length() > 200 ? reason.substring(0, 200) : reason));
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private ChatRequest validate(@Nullable ChatRequest request) {
        if (request == null) {
            throw rejected("missing_body", SHAPE);
        }
        if (blank(request.message())) {
            throw rejected("empty_message", "message must not be empty");
        }
        if (request.message().length() > limits.maxMessageLength()) {
            throw rejected(
                    "message_too_long",
                    "message is " + request.message().length() + " characters; the limit is "
                            + limits.maxMessageLength());
        }
        if (request.conversationId() != null && request.conversationId().length() > 128) {
            throw rejected("bad_conversation_id", "conversationId must be at most 128 characters");
        }
        return request;
    }

    /** The person the message is from, as the {@link Caller} decides; a refusal counts as a rejected message. */
    private String person(Caller caller, ChatRequest request) {
        try {
            return caller.fromBody(request.userId());
        } catch (ChatRejected e) {
            countRejected();
            throw e;
        }
    }

    private void countRejected() {
        messages.count(ReplyStream.CHANNEL, Outcome.REJECTED);
    }

    private ChatRejected rejected(String code, String message) {
        countRejected();
        return new ChatRejected(HttpStatus.BAD_REQUEST, code, message);
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
