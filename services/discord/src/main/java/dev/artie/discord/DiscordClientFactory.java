package dev.artie.discord;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import java.util.EnumSet;
import java.util.Optional;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.SessionController;

/** The one JDA client: the gateway connection for what people write, and the REST client for Artie's replies. */
@Factory
class DiscordClientFactory {

    /**
     * Logs in at start (a wrong token fails the start with JDA's "The provided token is invalid!") and connects to the
     * gateway in the background; JDA resumes or re-identifies by itself when the connection drops.
     */
    @Context
    @Bean(preDestroy = "shutdown")
    JDA jda(
            DiscordSettings settings,
            DiscordInbound inbound,
            GatewayEvents gatewayEvents,
            Optional<SessionController> sessionController) {
        // Guild and direct messages only. MESSAGE_CONTENT is not asked for: Discord gives a bot the content of the
        // messages that mention it and of direct messages without that privileged intent, and those are all it reads.
        JDABuilder builder = JDABuilder.createLight(
                        settings.token(), EnumSet.of(GatewayIntent.GUILD_MESSAGES, GatewayIntent.DIRECT_MESSAGES))
                .addEventListeners(inbound, gatewayEvents)
                .setAutoReconnect(true)
                // Micronaut stops the client (see preDestroy); JDA's own hook would race it.
                .setEnableShutdownHook(false);
        if (settings.hasApiBaseUrl()) {
            builder.setRestConfig(new RestConfig().setBaseUrl(settings.apiBaseUrl()));
        }
        // JDA's own controller unless a bean replaces it (tests point the gateway at a fake that never connects).
        sessionController.ifPresent(builder::setSessionController);
        return builder.build();
    }
}
