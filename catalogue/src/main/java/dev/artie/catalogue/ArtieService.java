package dev.artie.catalogue;

import java.util.Arrays;
import java.util.List;

/**
 * Every Artie service, declared once (docs/architecture.md, "The service catalogue"): the operator's components,
 * the local stack's services and the channels' names derive from it, and what cannot read it (each service's
 * application.yml, the docs tables) is checked against it.
 */
public enum ArtieService {
    CAPABILITIES("capabilities", null, 8081, List.of(), false),
    HTTP_CHAT("http-chat", "http", 8080, List.of(), false),
    DISCORD("discord", "discord", 8082, List.of("ARTIE_DISCORD_TOKEN"), true),
    SMS("sms", "sms", 8083, List.of("ARTIE_SMS_TWILIO_ACCOUNT_SID", "ARTIE_SMS_TWILIO_AUTH_TOKEN"), false),
    EMAIL("email", "email", 8084, List.of("ARTIE_EMAIL_USERNAME", "ARTIE_EMAIL_PASSWORD"), true);

    private final String id;
    private final String channel;
    private final int port;
    private final List<String> credentials;
    private final boolean singleInstance;

    ArtieService(String id, String channel, int port, List<String> credentials, boolean singleInstance) {
        this.id = id;
        this.channel = channel;
        this.port = port;
        this.credentials = credentials;
        this.singleInstance = singleInstance;
    }

    /** The service's name: its module {@code services/<id>}, jar and image {@code artie-<id>}, object names. */
    public String id() {
        return id;
    }

    /**
     * The channel name a channel's messages carry and its reply stream is named by ({@code artie:outgoing:<channel>}).
     *
     * @throws IllegalStateException for capabilities, which answers every channel and is none
     */
    public String channel() {
        if (channel == null) {
            throw new IllegalStateException(id + " is not a channel");
        }
        return channel;
    }

    /** The default HTTP port; {@code PORT} overrides it (docs/configuration.md, Ports). */
    public int port() {
        return port;
    }

    /** Variables that must all be set for the service to run: a channel's credentials. */
    public List<String> credentials() {
        return credentials;
    }

    /**
     * Runs at most once whatever its settings: it holds one connection to the outside (Discord's gateway, the
     * IMAP inbox), and a second instance would answer every message again. Capabilities is not: it scales out with
     * its memory on PostgreSQL (with SQLite memory one instance, which the deployment's settings decide).
     */
    public boolean singleInstance() {
        return singleInstance;
    }

    public boolean isChannel() {
        return channel != null;
    }

    public static ArtieService named(String id) {
        return Arrays.stream(values())
                .filter(service -> service.id.equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service named '" + id + "'; known: "
                        + Arrays.stream(values()).map(ArtieService::id).toList()));
    }
}
