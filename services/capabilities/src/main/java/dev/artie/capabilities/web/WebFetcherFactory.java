package dev.artie.capabilities.web;

import dev.artie.capabilities.capability.CapabilitySettings;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The production fetcher: public internet only, 256 KB, three redirects, inside the capability time-out. */
@Factory
class WebFetcherFactory {
    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_REDIRECTS = 3;

    @Singleton
    WebFetcher webFetcher(CapabilitySettings settings) {
        // A little under the runner's time-out, so the person hears "the page took too long" rather than a bare
        // time-out.
        Duration timeout = settings.timeout().multipliedBy(9).dividedBy(10);
        return new WebFetcher(
                AddressGuard.publicInternetOnly(),
                HostResolver.SYSTEM,
                new WebFetcher.Limits(MAX_BYTES, timeout, MAX_REDIRECTS));
    }
}
