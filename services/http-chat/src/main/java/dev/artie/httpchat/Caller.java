package dev.artie.httpchat;

import dev.artie.httpchat.HttpChatSettings.AuthMode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;

/**
 * The person a call acts for (docs/http-api.md, "Who is asking: the person"), as {@link CallerFilter} let the call
 * in: with {@code oidc}, the verified {@code sub} of its token; otherwise the {@code userId} the call names, which is
 * then self-asserted. Every endpoint that acts for a person takes one of these and asks it, never deciding itself.
 */
record Caller(AuthMode mode, @Nullable String subject) {
    /** The request attribute under which {@link CallerFilter} leaves a verified subject. */
    static final String SUBJECT = "artie.caller.subject";

    /** The person of a call whose {@code userId} is in its JSON body. */
    String fromBody(@Nullable String userId) {
        return person(
                userId, "missing_user_id", "userId is required", "userId must be 1-128 letters, digits or _ . @ : + -");
    }

    /** The person of a call whose {@code userId} is a query parameter. */
    String fromQuery(@Nullable String userId) {
        String rule = "userId (a query parameter) must be the caller's: 1-128 letters, digits or _ . @ : + -";
        return person(userId, "bad_user_id", rule, rule);
    }

    private String person(@Nullable String userId, String missingCode, String missing, String malformed) {
        if (mode == AuthMode.OIDC) {
            if (subject == null) {
                // The filter lets no oidc call through without a verified subject: reaching this is a bug.
                throw new IllegalStateException("an oidc call reached an endpoint without a verified subject");
            }
            if (userId != null && !userId.isBlank() && !userId.equals(subject)) {
                throw new ChatRejected(
                        HttpStatus.FORBIDDEN,
                        "not_your_user_id",
                        "you are signed in as " + subject
                                + " and may act only for yourself; leave userId out or send your own");
            }
            return subject;
        }
        if (userId == null || userId.isBlank()) {
            throw new ChatRejected(HttpStatus.BAD_REQUEST, missingCode, missing);
        }
        if (!ChatController.USER_ID.matcher(userId).matches()) {
            throw new ChatRejected(HttpStatus.BAD_REQUEST, "bad_user_id", malformed);
        }
        return userId;
    }
}
