package dev.artie.httpchat;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;

/** Whether a chat request asks for server-sent events (`Accept: text/event-stream`; docs/http-api.md, "Streamed"). */
public final class StreamAsked {
    private StreamAsked() {}

    /** Used by the route conditions of `POST /api/chat`, so that exactly one of its two routes matches a request. */
    public static boolean by(HttpRequest<?> request) {
        return request.getHeaders().getAll(HttpHeaders.ACCEPT).stream()
                .anyMatch(accept -> accept.contains(MediaType.TEXT_EVENT_STREAM));
    }
}
