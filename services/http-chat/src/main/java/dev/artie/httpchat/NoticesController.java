package dev.artie.httpchat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * `GET /api/notices?userId=`: what came for the caller without being asked for (reminders), each handed out once
 * (docs/http-api.md, "Reminders"), for the {@link Caller}.
 */
@Controller("/api/notices")
class NoticesController {
    private final Notices notices;

    NoticesController(Notices notices) {
        this.notices = notices;
    }

    /** An empty list is written as one ({@code []}), as the contract says, not left out. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Handed(List<Notices.Notice> notices) {}

    @Get(produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    Handed take(Caller caller, @QueryValue @Nullable String userId) {
        return new Handed(notices.take(caller.fromQuery(userId)));
    }
}
