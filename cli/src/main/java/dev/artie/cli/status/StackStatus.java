package dev.artie.cli.status;

import dev.artie.cli.QueueAccess;
import dev.artie.cli.RedisSession;
import dev.artie.cli.StackTarget;
import dev.artie.cli.stack.ServiceSpec;
import dev.artie.shared.queue.DeadLetters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Gathers a {@link StatusReport}: Redis first, then every service's health, then the streams. */
public final class StackStatus {
    private static final int RECENT_DEAD_LETTERS = 5;

    private final HealthProbe health;
    private final Map<String, String> env;

    public StackStatus(HealthProbe health, Map<String, String> env) {
        this.health = health;
        this.env = env;
    }

    public StatusReport collect(StackTarget target) {
        String url = target.redisUrl();
        List<ComponentStatus> components = new ArrayList<>();
        RedisSession session = null;
        try {
            session = RedisSession.open(url);
        } catch (RuntimeException e) {
            components.add(RedisProbe.unreachable(url, e));
        }
        try {
            if (session != null) {
                components.add(RedisProbe.probe(url, session.commands()));
            }
            for (ServiceSpec service : target.services()) {
                components.add(
                        withRestarts(health.probe(service.name(), target.baseUrl(service)), target.restarts(service)));
            }
            if (session == null || components.getFirst().state() != ComponentState.ONLINE) {
                return new StatusReport(components, Optional.empty(), 0, List.of());
            }
            DeadLetters deadLetters = QueueAccess.deadLetters(session.commands(), env);
            return new StatusReport(
                    components,
                    Optional.of(new StreamInspector(session.commands()).inspect()),
                    deadLetters.count(),
                    deadLetters.list(RECENT_DEAD_LETTERS));
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    private static ComponentStatus withRestarts(ComponentStatus status, int restarts) {
        return restarts == 0
                ? status
                : new ComponentStatus(
                        status.name(),
                        status.state(),
                        status.details() + "; restarted " + restarts + (restarts == 1 ? " time" : " times")
                                + " by ./artie up");
    }
}
