package dev.artie.httpchat;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;
import java.util.Optional;

/** Hands every endpoint that takes a {@link Caller} the one {@link CallerFilter} decided for its request. */
@Singleton
class CallerBinder implements TypedRequestArgumentBinder<Caller> {
    private final HttpChatSettings settings;

    CallerBinder(HttpChatSettings settings) {
        this.settings = settings;
    }

    @Override
    public Argument<Caller> argumentType() {
        return Argument.of(Caller.class);
    }

    @Override
    public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> request) {
        Caller caller = new Caller(
                settings.mode(),
                request.getAttribute(Caller.SUBJECT, String.class).orElse(null));
        return () -> Optional.of(caller);
    }
}
