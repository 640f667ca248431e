package dev.artie.discord;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import net.dv8tion.jda.api.events.StatusChangeEvent;
import net.dv8tion.jda.api.events.session.SessionDisconnectEvent;
import net.dv8tion.jda.api.events.session.SessionRecreateEvent;
import net.dv8tion.jda.api.events.session.SessionResumeEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway connection's ups and downs: logged, and reconnects counted as {@code artie.channel.reconnects}. */
@Singleton
class GatewayEvents extends ListenerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayEvents.class);

    private final Counter reconnects;

    GatewayEvents(MeterRegistry metrics) {
        this.reconnects = Counter.builder("artie.channel.reconnects")
                .tag("channel", InboundMapping.CHANNEL)
                .description("Gateway connections re-established after a drop (resumed or new session)")
                .register(metrics);
    }

    @Override
    public void onSessionDisconnect(SessionDisconnectEvent event) {
        LOG.warn(
                "Discord gateway disconnected (close code {}); reconnecting",
                event.getCloseCode() == null ? "none" : event.getCloseCode().getCode());
    }

    @Override
    public void onSessionResume(SessionResumeEvent event) {
        reconnected("resumed the session: no events lost");
    }

    @Override
    public void onSessionRecreate(SessionRecreateEvent event) {
        reconnected("started a new session: events during the outage are not replayed");
    }

    @Override
    public void onStatusChange(StatusChangeEvent event) {
        LOG.debug("Discord gateway {} -> {}", event.getOldStatus(), event.getNewStatus());
    }

    void reconnected(String how) {
        reconnects.increment();
        LOG.info("Discord gateway reconnected, {}", how);
    }
}
