package dev.artie.discord;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import net.dv8tion.jda.api.utils.SessionControllerAdapter;

/**
 * Sends JDA's gateway connection to {@code fake-discord.gateway-url} instead of Discord's, so that a test never
 * reaches the real gateway (which would refuse the test token and make JDA shut down).
 */
@Singleton
@Requires(property = FakeGateway.PROPERTY)
class FakeGateway extends SessionControllerAdapter {
    static final String PROPERTY = "fake-discord.gateway-url";

    private final String url;

    FakeGateway(@Property(name = PROPERTY) String url) {
        this.url = url;
    }

    @Override
    public String getGateway() {
        return url;
    }
}
