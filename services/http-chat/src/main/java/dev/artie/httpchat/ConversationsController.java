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
 * Redis: listed, read and deleted through the {@link ConversationStore}. Behind the same {@link ApiTokenFilter} as
 * {@code /api/chat}; the caller is the {@code userId} query parameter, as for {@code GET /api/chat/{messageId}}.
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
    record Summary(String id, String title, long turns, String updatedAt) {
    }

    /** An empty list is written as one ({@code []}), as the contract says, not left out. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Listed(List<Summary> conversations) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Conversation(String id, String title, String updatedAt, List<ConversationStore.Turn> turns) {
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Listed list(@QueryValue @Nullable String userId) {
        String caller = caller(userId);
        return new Listed(store.list(ReplyStream.CHANNEL, caller, clock.instant()).stream()
                .map(c -> new Summary(c.id(), c.title(), c.turns(), c.updatedAt().toString())).toList());
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Conversation one(@PathVariable String id, @QueryValue @Nullable String userId) {
        String caller = caller(userId);
        return store.find(ReplyStream.CHANNEL, caller, id, clock.instant())
                .map(found -> new Conversation(found.id(), found.title(), found.updatedAt().toString(), found.turns()))
                .orElseThrow(() -> notFound(id, caller));
    }

    @Delete(uri = "/{id}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    HttpResponse<?> delete(@PathVariable String id, @QueryValue @Nullable String userId) {
        String caller = caller(userId);
        if (!store.delete(ReplyStream.CHANNEL, caller, id, clock.instant())) {
            throw notFound(id, caller);
        }
        return HttpResponse.noContent();
    }

    static String caller(@Nullable String userId) {
        if (userId == null || userId.isBlank() || !ChatController.USER_ID.matcher(userId).matches()) {
            throw new ChatRejected(HttpStatus.BAD_REQUEST, "bad_user_id", "userId (a query parameter) must be the"
                    + " caller's: 1-128 letters, digits or _ . @ : + -");
        }
        return userId;
    }

    private static ChatRejected notFound(String id, String caller) {
        return new ChatRejected(HttpStatus.NOT_FOUND, "not_found", "no conversation " + id + " for " + caller
                + " (idle ones are kept for " + ConversationStore.IDLE_EXPIRY.toDays() + " days)");
    }
}
