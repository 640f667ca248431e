package dev.artie.httpchat;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.exceptions.response.HateoasErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Every failure of the chat API answers with a {@link ChatError}: ours ({@link ChatRejected}) and Micronaut's own
 * (bad JSON, unknown route, wrong method or media type), never a stack trace.
 */
final class ChatErrorHandler {
    private ChatErrorHandler() {}

    @Produces
    @Singleton
    static class Rejected implements ExceptionHandler<ChatRejected, HttpResponse<ChatError>> {
        @Override
        public HttpResponse<ChatError> handle(HttpRequest request, ChatRejected exception) {
            MutableHttpResponse<ChatError> response = HttpResponse.<ChatError>status(exception.status())
                    .body(new ChatError(exception.code(), exception.getMessage()));
            if (exception.retryAfter() != null) {
                response.header(
                        HttpHeaders.RETRY_AFTER,
                        Long.toString(exception.retryAfter().toSeconds()));
            }
            return response;
        }
    }

    @Singleton
    @Replaces(HateoasErrorResponseProcessor.class)
    static class FrameworkErrors implements ErrorResponseProcessor<ChatError> {
        @Override
        public MutableHttpResponse<ChatError> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
            int status = response.getStatus().getCode();
            String code = switch (status) {
                case 400 -> "bad_request";
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> "too_large";
                case 415 -> "unsupported_media_type";
                default -> status >= 500 ? "internal_error" : "error";
            };
            String message = status >= 500
                    ? "Artie hit an internal error; it is logged"
                    : context.getErrors().stream()
                            .findFirst()
                            .map(e -> firstLine(e.getMessage()))
                            .orElse(response.getStatus().getReason());
            if (status == 400 && message.startsWith("Invalid JSON")) {
                code = "bad_json";
                message = "the body must be JSON like {\"userId\": \"...\", \"message\": \"...\"}: " + message;
            }
            return response.contentType("application/json").body(new ChatError(code, message));
        }

        private static String firstLine(String text) {
            int newline = text.indexOf('\n');
            return newline < 0 ? text : text.substring(0, newline);
        }
    }
}
