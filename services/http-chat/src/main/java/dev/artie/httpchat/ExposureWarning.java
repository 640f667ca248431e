package dev.artie.httpchat;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loud warning at start when the chat API is open to more than this machine: listening on anything but
 * loopback (no {@code micronaut.server.host} means every interface) with no {@code ARTIE_HTTP_API_TOKEN}. With the
 * token, a plainer one: the token is shared, so whoever holds it can be any {@code userId} (docs/security.md). With
 * {@code oidc}, a line saying whose tokens are taken.
 */
@Singleton
class ExposureWarning implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ExposureWarning.class);

    private final HttpChatSettings settings;
    private final String host;

    ExposureWarning(HttpChatSettings settings, @Nullable @Value("${micronaut.server.host:}") String host) {
        this.settings = settings;
        this.host = host;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (settings.mode() == HttpChatSettings.AuthMode.OIDC) {
            LOG.info(
                    "signed-in people: each call acts for the sub of a token from {} for the audience {}",
                    settings.oidcIssuer(),
                    settings.oidcAudience());
        } else if (settings.mode() == HttpChatSettings.AuthMode.NONE && !loopbackOnly(host)) {
            LOG.warn("""

                    ************************************************************************************
                    * OPEN CHAT API: listening on {} with no ARTIE_HTTP_API_TOKEN.
                    * Anyone who can reach this port can chat as anyone and use your model credits.
                    * Set ARTIE_HTTP_API_TOKEN, or listen on loopback only (MICRONAUT_SERVER_HOST=127.0.0.1).
                    ************************************************************************************""", host == null || host.isBlank() ? "every interface" : host);
        } else if (settings.mode() == HttpChatSettings.AuthMode.TOKEN) {
            LOG.warn("SHARED API TOKEN: the userId of a chat is whatever its caller says; anyone holding"
                    + " ARTIE_HTTP_API_TOKEN can chat as any userId and read or erase that person's memories."
                    + " Give the token only to callers you trust with every person's memories (docs/security.md).");
        }
    }

    static boolean loopbackOnly(@Nullable String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
