package dev.artie.cli.stack;

import java.util.List;

/**
 * Every service the local stack knows, in start order; adding a channel is one entry here (docs/local-stack.md).
 * Ports follow docs/configuration.md.
 */
public final class ServiceCatalog {
    private static final String VERSION = "0.1.0-SNAPSHOT";

    public static final List<ServiceSpec> ALL = List.of(
            service("capabilities", "services/capabilities", 8081),
            service("http-chat", "services/http-chat", 8080),
            service("discord", "services/discord", 8082, "ARTIE_DISCORD_TOKEN"),
            service("sms", "services/sms", 8083, "ARTIE_SMS_TWILIO_ACCOUNT_SID", "ARTIE_SMS_TWILIO_AUTH_TOKEN"),
            service("email", "services/email", 8084, "ARTIE_EMAIL_USERNAME", "ARTIE_EMAIL_PASSWORD"));

    private ServiceCatalog() {}

    public static ServiceSpec named(String name) {
        return ALL.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named '" + name + "'; known: "
                        + ALL.stream().map(ServiceSpec::name).toList()));
    }

    private static ServiceSpec service(String name, String module, int port, String... requiredEnv) {
        return new ServiceSpec(
                name, module + "/target/artie-" + name + "-" + VERSION + "-all.jar", port, List.of(requiredEnv));
    }
}
