package dev.artie.shared.config;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** Who this process is among the replicas: names its stream consumer and, for HTTP, its reply stream. */
@Singleton
public class ArtieInstance {
    private final String id;

    public ArtieInstance(@Value("${artie.instance-id:}") String configured) {
        this.id = configured == null || configured.isBlank() ? generated() : sanitize(configured);
    }

    public String id() {
        return id;
    }

    private static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "artie";
        }
        // A restarted pod keeps its host name; the suffix keeps it from sharing a consumer with its former self.
        return sanitize(host) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String sanitize(String value) {
        return value.replaceAll("[^A-Za-z0-9_.-]", "-");
    }
}
