package dev.artie.email;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Ready only while the inbox is connected: without it no mail comes in. Reports the loop's own state rather than
 * logging in again on every probe, which a mail provider may count as abuse.
 */
@Singleton
@Readiness
class ImapHealthIndicator implements HealthIndicator {
    private final Inbox inbox;
    private final EmailSettings settings;

    ImapHealthIndicator(Inbox inbox, EmailSettings settings) {
        this.inbox = inbox;
        this.settings = settings;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.just(HealthResult.builder("imap", inbox.isConnected() ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("server", settings.imapHost() + ":" + settings.imapPort(), "state", inbox.state()))
                .build());
    }
}
