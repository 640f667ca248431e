package dev.artie.operator.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The images the operator runs when an ArtieDeployment names none (docs/kubernetes.md, Images): built in from
 * the root pom's artie.image.* properties, overridden by ARTIE_OPERATOR_IMAGE_REGISTRY, _PREFIX, _TAG and
 * ARTIE_OPERATOR_REDIS_IMAGE, so a cluster that pulls from its own registry sets it once, on the operator.
 *
 * @param registry registry host, e.g. ghcr.io or localhost:5000; empty for none
 * @param prefix repository prefix, e.g. artie-dev/ (empty or ending in '/')
 * @param tag tag of every Artie image, the project version
 * @param redis full image of the managed Redis
 */
public record ImageDefaults(String registry, String prefix, String tag, String redis) {
    static final String RESOURCE = "/artie-images.properties";
    private static final ImageDefaults PROCESS = fromEnvironment(System.getenv());

    public ImageDefaults {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException(
                    "ARTIE_OPERATOR_IMAGE_PREFIX must be empty or end with '/', got '" + prefix + "'");
        }
        if (tag.isBlank() || redis.isBlank()) {
            throw new IllegalArgumentException(
                    "ARTIE_OPERATOR_IMAGE_TAG and ARTIE_OPERATOR_REDIS_IMAGE must not be empty");
        }
    }

    /** The defaults of this operator process, from its environment. */
    public static ImageDefaults process() {
        return PROCESS;
    }

    public static ImageDefaults fromEnvironment(Map<String, String> env) {
        var builtIn = builtIn();
        return new ImageDefaults(
                env.getOrDefault("ARTIE_OPERATOR_IMAGE_REGISTRY", builtIn.registry),
                env.getOrDefault("ARTIE_OPERATOR_IMAGE_PREFIX", builtIn.prefix),
                env.getOrDefault("ARTIE_OPERATOR_IMAGE_TAG", builtIn.tag),
                env.getOrDefault("ARTIE_OPERATOR_REDIS_IMAGE", builtIn.redis));
    }

    /** The defaults the build wrote from the root pom. */
    public static ImageDefaults builtIn() {
        var properties = new Properties();
        try (InputStream in = ImageDefaults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        RESOURCE + " missing from the classpath (made by the build from pom.xml)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ImageDefaults(
                properties.getProperty("registry"),
                properties.getProperty("prefix"),
                properties.getProperty("tag"),
                properties.getProperty("redis"));
    }

    /** {@code <registry>/<prefix>artie-<component>:<tag>}, e.g. for component "http-chat" or "operator". */
    public String of(String component) {
        return (registry.isEmpty() ? "" : registry + "/") + prefix + "artie-" + component + ":" + tag;
    }

    /** The image the spec names, or this default when it names none. */
    public String of(Component component, String specified) {
        return isBlank(specified) ? of(component.id()) : specified;
    }

    public String redis(String specified) {
        return isBlank(specified) ? redis : specified;
    }

    private static boolean isBlank(String image) {
        return image == null || image.isBlank();
    }
}
