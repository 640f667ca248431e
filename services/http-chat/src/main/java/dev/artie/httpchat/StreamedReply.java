package dev.artie.httpchat;

import dev.artie.shared.queue.DeltaReader;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.ReplyMessage;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The server-sent events of one streamed chat (docs/http-api.md, "Streamed"): {@code queued} at once, {@code delta}
 * with the whole text so far while capabilities writes partial replies ({@link DeltaReader}), then exactly one
 * {@code reply} (the only text to keep) or one {@code error}, and the stream ends. A {@code : keep-alive} comment
 * goes out whenever nothing else did for {@link HttpChatSettings#streamKeepAlive()}.
 */
@Singleton
class StreamedReply {
    private static final Logger LOG = LoggerFactory.getLogger(StreamedReply.class);
    /** How often the delta stream is looked at: capabilities writes at most one entry per 100 ms. */
    static final Duration POLL = Duration.ofMillis(150);

    private final DeltaReader deltas;
    private final HttpChatSettings settings;
    private final JsonMapper json;
    private final TaskScheduler scheduler;

    StreamedReply(
            DeltaReader deltas,
            HttpChatSettings settings,
            JsonMapper json,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.deltas = deltas;
        this.settings = settings;
        this.json = json;
        this.scheduler = scheduler;
    }

    /**
     * @param timedOut  what a reply that did not come in time becomes (it also notes the message as awaited)
     * @param abandoned called when the client goes away before the reply: the reply is then parked
     */
    Publisher<Event<String>> events(
            IncomingMessage sent,
            CompletableFuture<ReplyMessage> reply,
            BiFunction<IncomingMessage, Throwable, ChatRejected> timedOut,
            Consumer<IncomingMessage> abandoned) {
        return Flux.create(sink -> new Run(sent, reply, timedOut, abandoned, sink).start());
    }

    private final class Run {
        private final IncomingMessage sent;
        private final CompletableFuture<ReplyMessage> reply;
        private final BiFunction<IncomingMessage, Throwable, ChatRejected> timedOut;
        private final Consumer<IncomingMessage> abandoned;
        private final FluxSink<Event<String>> sink;
        private ScheduledFuture<?> poller;
        private boolean over;
        private String seenEntry;
        private String shown = "";
        private long lastSent = System.nanoTime();

        Run(
                IncomingMessage sent,
                CompletableFuture<ReplyMessage> reply,
                BiFunction<IncomingMessage, Throwable, ChatRejected> timedOut,
                Consumer<IncomingMessage> abandoned,
                FluxSink<Event<String>> sink) {
            this.sent = sent;
            this.reply = reply;
            this.timedOut = timedOut;
            this.abandoned = abandoned;
            this.sink = sink;
        }

        void start() {
            Map<String, Object> queued = new LinkedHashMap<>();
            queued.put("messageId", sent.id());
            queued.put("correlationId", sent.correlationId());
            queued.put("conversationId", sent.conversationId());
            emit(Event.of(write(queued)).name("queued"));
            sink.onDispose(this::disposed);
            poller = scheduler.scheduleWithFixedDelay(POLL, POLL, this::poll);
            reply.orTimeout(settings.replyTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete(this::finish);
        }

        private synchronized void poll() {
            if (over) {
                return;
            }
            try {
                deltas.newest(sent.id(), seenEntry).ifPresent(delta -> {
                    seenEntry = delta.entryId();
                    if (!delta.text().equals(shown)) {
                        shown = delta.text();
                        emit(Event.of(write(Map.of("text", shown))).name("delta"));
                    }
                });
                if (System.nanoTime() - lastSent >= settings.streamKeepAlive().toNanos()) {
                    emit(Event.of("").comment("keep-alive"));
                }
            } catch (RuntimeException e) {
                LOG.debug("streamed reply to {}: {}", sent.id(), e.getMessage());
            }
        }

        private synchronized void finish(ReplyMessage answer, Throwable error) {
            if (over) {
                return;
            }
            over = true;
            poller.cancel(false);
            if (error == null) {
                emit(Event.of(write(ChatController.response(sent, answer))).name("reply"));
            } else {
                ChatRejected rejected = timedOut.apply(sent, error);
                emit(Event.of(write(new ChatError(rejected.code(), rejected.getMessage())))
                        .name("error"));
            }
            sink.complete();
        }

        /** The client went away (or the stream ended): a reply still to come is parked for GET /api/chat/{id}. */
        private synchronized void disposed() {
            if (poller != null) {
                poller.cancel(false);
            }
            if (!over) {
                over = true;
                abandoned.accept(sent);
                reply.cancel(false);
            }
        }

        private void emit(Event<String> event) {
            lastSent = System.nanoTime();
            sink.next(event);
        }

        private String write(Object value) {
            try {
                return json.writeValueAsString(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
