package dev.artie.shared.config;

import io.lettuce.core.RedisURI;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every service's main. A service that cannot start says why in one line before it exits (on Cloud Run that line is
 * all "Container failed to start" leaves to read, docs/cloud-run.md, Troubleshooting), instead of only a bean
 * creation stack trace whose cause ("URI scheme must not be null") names no setting.
 */
public final class ServiceMain {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

    /**
     * Set by the build's training run (services/pom.xml, profile aot-cache): start, let the background work begin,
     * then stop, so that the JVM writes the ahead-of-time class cache of everything a start loads.
     */
    static final String TRAINING = "artie.aot.training";
    /** Long enough for the consumers, health checks and schedulers to have loaded their classes. */
    private static final long TRAINING_SETTLE_MILLIS = 2_000;

    private ServiceMain() {}

    public static void run(Class<?> application, String... args) {
        try {
            checkRedisUrl(System.getenv("REDIS_URL"));
            // Micronaut logs a failed start and exits by itself; the one line goes first.
            ApplicationContext context = new Micronaut() {
                @Override
                protected void handleStartupException(Environment environment, Throwable exception) {
                    LOG.error("{} cannot start: {}", application.getSimpleName(), reason(exception));
                    super.handleStartupException(environment, exception);
                }
            }.mainClass(application).args(args).start();
            if (Boolean.getBoolean(TRAINING)) {
                endTraining(context);
            }
        } catch (RuntimeException e) {
            LOG.error("{} cannot start: {}", application.getSimpleName(), reason(e));
            System.exit(1);
        }
    }

    private static void endTraining(ApplicationContext context) {
        try {
            Thread.sleep(TRAINING_SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
        LOG.info("training run done: the class cache is written as the JVM exits");
        System.exit(0);
    }

    /** The URL itself is never logged: it holds the Redis password. */
    static void checkRedisUrl(String url) {
        if (url == null || url.isBlank()) {
            return;
        }
        try {
            RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "REDIS_URL is not a Redis URL (" + e.getMessage()
                            + "); expected redis://[:password@]host:port[/db] or rediss://... for TLS",
                    e);
        }
    }

    /**
     * The innermost message that says something, on one line: Micronaut wraps the real cause in bean-path
     * exceptions, and a validation failure lists the offending properties on lines of their own.
     */
    static String reason(Throwable e) {
        String reason = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                reason = cause.getMessage();
                if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
                    break;
                }
            }
        }
        if (reason == null) {
            return e.getClass().getName();
        }
        // The bean path after the reason says nothing a person can act on.
        return settingsNamed(reason.replaceFirst("(?s)\\s*Path Taken:.*", "")
                .replaceAll("\\s+", " ")
                .strip());
    }

    /** "dev.artie.sms.SmsSettings.publicUrl - must not be blank", as Micronaut lists a settings record's violations. */
    private static final Pattern VIOLATION =
            Pattern.compile("([\\w$.]+)\\.(\\w+) - (.+?)(?= [\\w$.]+\\.\\w+ - | ?]\\s*$)");

    /**
     * A settings record's violations by the variables a person sets: "ARTIE_SMS_PUBLIC_URL (artie.sms.public-url)
     * must not be blank", not the record's Java field name. Micronaut gives them only as text, so they are read
     * from it; anything else is left as it is.
     */
    static String settingsNamed(String reason) {
        int list = reason.indexOf("List of constraint violations:[");
        if (list < 0) {
            return reason;
        }
        Map<String, List<String>> problems = new LinkedHashMap<>();
        Matcher matcher = VIOLATION.matcher(reason.substring(list + "List of constraint violations:[".length()));
        while (matcher.find()) {
            problems.computeIfAbsent(setting(matcher.group(1), matcher.group(2)), k -> new ArrayList<>())
                    .add(matcher.group(3).strip());
        }
        if (problems.isEmpty()) {
            return reason;
        }
        return problems.entrySet().stream()
                .map(p -> p.getKey() + " " + String.join(" and ", p.getValue()))
                .collect(Collectors.joining("; "));
    }

    private static String setting(String className, String field) {
        ConfigurationProperties properties;
        try {
            properties = Class.forName(className, false, ServiceMain.class.getClassLoader())
                    .getAnnotation(ConfigurationProperties.class);
        } catch (ClassNotFoundException e) {
            properties = null;
        }
        if (properties == null) {
            return className + "." + field;
        }
        String property = properties.value() + "."
                + field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        // Micronaut's mapping of environment variables to properties, backwards.
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + " (" + property + ")";
    }
}
