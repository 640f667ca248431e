package dev.artie.httpchat;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.artie.shared.conversation.ConversationStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Clock;
import java.util.List;

/**
 * The caller's conversations on this channel (docs/http-api.md, "Conversations"), as capabilities keeps them in
 * Redis: listed, read and deleted through the {@link ConversationStore}. Behind the same {@link CallerFilter} as
 * {@code /api/chat}; the person is the {@link Caller}'s, from the {@code userId} query parameter as for
 * {@code GET /api/chat/{messageId}}, or the signed-in person's.
 * Another person's conversation is answered as an unknown one.
 */
@Controller("/api/conversations")
class ConversationsController {
    private final ConversationStore store;
    private final Clock clock = Clock.systemUTC();

    ConversationsController(ConversationStore store) {
        this.store = store;
    }

    @Serdeable
    record Summary(String id, String title, long turns, String updatedAt) {}

    /** An empty list is written as one ({@code []}), as the contract says, not left out. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Listed(List<Summary> conversations) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Conversation(String id, String title, String updatedAt, List<ConversationStore.Turn> turns) {}

    @Get(produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Listed list(@QueryValue @Nullable String userId, Caller asking) {
        String caller = asking.fromQuery(userId);
        return new Listed(store.list(ReplyStream.CHANNEL, caller, clock.instant()).stream()
                .map(c ->
                        new Summary(c.id(), c.title(), c.turns(), c.updatedAt().toString()))
                .toList());
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Conversation one(@PathVariable String id, @QueryValue @Nullable String userId, Caller asking) {
        String caller = asking.fromQuery(userId);
        return store.find(ReplyStream.CHANNEL, caller, id, clock.instant())
                .map(found -> new Conversation(
                        found.id(), found.title(), found.updatedAt().toString(), found.turns()))
                .orElseThrow(() -> notFound(id, caller));
    }

    @Delete(uri = "/{id}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> delete(@PathVariable String id, @QueryValue @Nullable String userId, Caller asking) {
        String caller = asking.fromQuery(userId);
        if (!store.delete(ReplyStream.CHANNEL, caller, id, clock.instant())) {
            throw notFound(id, caller);
        }
        return HttpResponse.noContent();
    }

    private static ChatRejected notFound(String id, String caller) {
        return new ChatRejected(
                HttpStatus.NOT_FOUND,
                "not_found",
                "no conversation " + id + " for " + caller + " (idle ones are kept for "
                        + ConversationStore.IDLE_EXPIRY.toDays() + " days)");
    }
}
