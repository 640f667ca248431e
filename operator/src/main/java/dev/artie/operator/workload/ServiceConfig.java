package dev.artie.operator.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.artie.operator.crd.ArtieDeployment;
import dev.artie.operator.crd.ArtieDeploymentSpec;
import dev.artie.operator.crd.McpServerSpec;
import dev.artie.operator.crd.MemorySpec;
import dev.artie.operator.crd.PersonaSpec;
import dev.artie.operator.crd.SearchSpec;
import dev.artie.operator.crd.SecretKeyRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which environment variables each service gets (names from docs/configuration.md, channel ones from
 * docs/operator.md): plain values go to the ConfigMap, Secret keys only by reference.
 */
public final class ServiceConfig {
    public static final String MEMORY_DIR = "/data";
    public static final String MEMORY_PATH = MEMORY_DIR + "/memory.db";
    public static final int REDIS_PORT = 6379;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceConfig() {}

    public static String configMapName(ArtieDeployment primary) {
        return primary.getMetadata().getName() + "-config";
    }

    /** ConfigMap key of a component's variable; components differ, so keys carry the component's id. */
    public static String key(Component component, String variable) {
        return component.id() + "." + variable;
    }

    /** Where the Redis CA certificate is mounted, on Kubernetes and Cloud Run alike; ARTIE_REDIS_CA_CERT names the file. */
    public static final String REDIS_CA_DIR = "/etc/artie/redis-ca";

    public static final String REDIS_CA_FILE = "ca.pem";
    public static final String REDIS_CA_VOLUME = "redis-ca";
    /** What ARTIE_REDIS_CA_CERT says. */
    public static final String REDIS_CA_PATH = REDIS_CA_DIR + "/" + REDIS_CA_FILE;

    /** The external Redis's CA certificate, when the spec names one. */
    public static Optional<SecretKeyRef> redisCaCert(ArtieDeploymentSpec spec) {
        return spec.redis.managedByOperator() || spec.redis.external == null
                ? Optional.empty()
                : Optional.ofNullable(spec.redis.external.caCertSecretRef);
    }

    public static String redisServiceName(ArtieDeployment primary) {
        return primary.getMetadata().getName() + "-redis";
    }

    public static String managedRedisUrl(ArtieDeployment primary) {
        return "redis://" + redisServiceName(primary) + "."
                + primary.getMetadata().getNamespace() + ".svc:" + REDIS_PORT;
    }

    /** Non-secret variables of one component, in a stable order. */
    public static Map<String, String> plainEnv(ArtieDeployment primary, Component component) {
        ArtieDeploymentSpec spec = primary.getSpec();
        var env = new LinkedHashMap<String, String>();
        if (spec.redis.managedByOperator()) {
            env.put("REDIS_URL", managedRedisUrl(primary));
        }
        env.put("ARTIE_LOG_FORMAT", "json");
        if (redisCaCert(spec).isPresent()) {
            env.put("ARTIE_REDIS_CA_CERT", REDIS_CA_PATH);
        }
        switch (component) {
            case CAPABILITIES -> {
                var model = spec.capabilities.model;
                env.put("ARTIE_MODEL_BASE_URL", model.baseUrl);
                putIfNotEmpty(env, "ARTIE_MODEL_MODELS", String.join(",", model.models));
                putIfNotEmpty(env, "ARTIE_MODEL_FREE_MODELS", String.join(",", model.freeModels));
                if (spec.capabilities.memory.onPostgres()) {
                    env.put("ARTIE_MEMORY_STORE", MemorySpec.POSTGRES);
                } else {
                    env.put("ARTIE_MEMORY_PATH", MEMORY_PATH);
                }
                putPersona(env, spec.capabilities.persona, PersonaDefaults.process());
                if (!spec.mcpServers.isEmpty()) {
                    env.put("ARTIE_MCP_SERVERS", mcpJson(spec.mcpServers));
                }
                var search = spec.capabilities.search;
                if (search.enabled()) {
                    env.put("ARTIE_SEARCH_BACKEND", search.backend);
                    putIfNotEmpty(env, "ARTIE_SEARCH_URL", search.url);
                    putIfNotEmpty(env, "ARTIE_SEARCH_MAX_RESULTS", Objects.toString(search.maxResults, ""));
                }
            }
            case HTTP_CHAT -> {
                var oidc = spec.channels.http.oidc;
                if (oidc != null) {
                    env.put("ARTIE_HTTP_AUTH", "oidc");
                    env.put("ARTIE_HTTP_OIDC_ISSUER", oidc.issuer);
                    env.put("ARTIE_HTTP_OIDC_AUDIENCE", oidc.audience);
                    env.put("ARTIE_HTTP_OIDC_CLIENT_ID", oidc.clientId);
                }
            }
            case SMS -> {
                putIfNotEmpty(env, "ARTIE_SMS_FROM_NUMBER", spec.channels.sms.fromNumber);
                putIfNotEmpty(env, "ARTIE_SMS_PUBLIC_URL", spec.channels.sms.effectivePublicUrl());
            }
            case EMAIL -> {
                var email = spec.channels.email;
                putIfNotEmpty(env, "ARTIE_EMAIL_IMAP_HOST", email.imapHost);
                env.put("ARTIE_EMAIL_IMAP_PORT", Integer.toString(email.imapPort));
                putIfNotEmpty(env, "ARTIE_EMAIL_SMTP_HOST", email.smtpHost);
                env.put("ARTIE_EMAIL_SMTP_PORT", Integer.toString(email.smtpPort));
                putIfNotEmpty(env, "ARTIE_EMAIL_ADDRESS", email.address);
            }
            default -> {}
        }
        return env;
    }

    /** Variables of one component that come from Secrets (null references left out). */
    public static List<SecretEnv> secretEnv(ArtieDeploymentSpec spec, Component component) {
        var env = new ArrayList<SecretEnv>();
        if (!spec.redis.managedByOperator() && spec.redis.external != null) {
            env.add(new SecretEnv("REDIS_URL", spec.redis.external.urlSecretRef));
        }
        switch (component) {
            case CAPABILITIES -> {
                env.add(new SecretEnv("ARTIE_MODEL_API_KEY", spec.capabilities.model.apiKeySecretRef));
                var memory = spec.capabilities.memory;
                if (memory.onPostgres() && memory.postgres != null) {
                    env.add(new SecretEnv("ARTIE_MEMORY_POSTGRES_URL", memory.postgres.urlSecretRef));
                }
                // Only Brave reads a key: a reference left over with another backend would only make the pod wait for
                // it.
                if (SearchSpec.BRAVE.equals(spec.capabilities.search.backend)) {
                    env.add(new SecretEnv("ARTIE_SEARCH_API_KEY", spec.capabilities.search.apiKeySecretRef));
                }
                for (McpServerSpec server : spec.mcpServers) {
                    for (int i = 0; i < server.env.size(); i++) {
                        env.add(new SecretEnv(mcpVariable(server, "ENV", i), server.env.get(i).secretKeyRef));
                    }
                    for (int i = 0; i < server.headers.size(); i++) {
                        env.add(new SecretEnv(mcpVariable(server, "HEADER", i), server.headers.get(i).secretKeyRef));
                    }
                }
            }
            case HTTP_CHAT -> env.add(new SecretEnv("ARTIE_HTTP_API_TOKEN", spec.channels.http.apiTokenSecretRef));
            case DISCORD -> env.add(new SecretEnv("ARTIE_DISCORD_TOKEN", spec.channels.discord.tokenSecretRef));
            case SMS -> {
                env.add(new SecretEnv("ARTIE_SMS_TWILIO_ACCOUNT_SID", spec.channels.sms.accountSidSecretRef));
                env.add(new SecretEnv("ARTIE_SMS_TWILIO_AUTH_TOKEN", spec.channels.sms.authTokenSecretRef));
            }
            case EMAIL -> {
                env.add(new SecretEnv("ARTIE_EMAIL_USERNAME", spec.channels.email.usernameSecretRef));
                env.add(new SecretEnv("ARTIE_EMAIL_PASSWORD", spec.channels.email.passwordSecretRef));
            }
            default -> {}
        }
        env.removeIf(e -> e.ref() == null);
        return env;
    }

    /** Every Secret key the installation references, for the Secret watch and the checks. */
    public static List<SecretKeyRef> allSecretRefs(ArtieDeploymentSpec spec) {
        var refs = new ArrayList<SecretKeyRef>();
        for (Component c : Component.values()) {
            if (c.enabled(spec)) {
                secretEnv(spec, c).forEach(e -> refs.add(e.ref()));
            }
        }
        redisCaCert(spec).ifPresent(refs::add);
        return refs.stream().filter(Objects::nonNull).toList();
    }

    /** The spec's persona, field by field, else the operator's default; neither leaves the service's default. */
    static void putPersona(Map<String, String> env, PersonaSpec persona, PersonaDefaults defaults) {
        putIfNotEmpty(
                env,
                "ARTIE_PERSONA_NAME",
                Objects.requireNonNullElse(persona.name, Objects.toString(defaults.name(), "")));
        String tone = persona.tone != null ? persona.tone : defaults.tone();
        if (tone != null) {
            env.put("ARTIE_PERSONA_TONE", tone); // an empty tone asks for no tone sentence
        }
        putIfNotEmpty(
                env,
                "ARTIE_PERSONA_INSTRUCTIONS",
                Objects.requireNonNullElse(persona.instructions, Objects.toString(defaults.instructions(), "")));
    }

    private static void putIfNotEmpty(Map<String, String> env, String name, String value) {
        if (value != null && !value.isEmpty()) {
            env.put(name, value);
        }
    }

    /**
     * The capabilities container's variable holding one MCP key, e.g. ARTIE_MCP_GITHUB_ENV_0: server names are unique
     * and hold no '_', and the suffix ends in digits, so no two keys share a variable.
     */
    static String mcpVariable(McpServerSpec server, String kind, int index) {
        return "ARTIE_MCP_" + server.name.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + kind + "_" + index;
    }

    /** The servers as the service reads them (docs/configuration.md): keys only by the name of the variable holding them. */
    private static String mcpJson(List<McpServerSpec> servers) {
        var entries = new ArrayList<Map<String, Object>>();
        for (McpServerSpec server : servers) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("name", server.name);
            if (server.command != null) {
                entry.put("command", server.command);
                entry.put("args", server.args);
            }
            if (server.url != null) {
                entry.put("url", server.url);
            }
            if (!server.env.isEmpty()) {
                var envFrom = new LinkedHashMap<String, String>();
                for (int i = 0; i < server.env.size(); i++) {
                    envFrom.put(server.env.get(i).name, mcpVariable(server, "ENV", i));
                }
                entry.put("envFrom", envFrom);
            }
            if (!server.headers.isEmpty()) {
                var headersFrom = new LinkedHashMap<String, String>();
                for (int i = 0; i < server.headers.size(); i++) {
                    headersFrom.put(server.headers.get(i).name, mcpVariable(server, "HEADER", i));
                }
                entry.put("headersFrom", headersFrom);
            }
            entries.add(entry);
        }
        try {
            return JSON.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("MCP servers cannot be written as JSON", e);
        }
    }
}
