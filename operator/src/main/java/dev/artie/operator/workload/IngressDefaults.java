package dev.artie.operator.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the channels' Ingresses get when their ArtieDeployment does not say (docs/operator.md): the cluster's
 * facts rather than one installation's, so set once on the operator (chart values ingress.className and
 * ingress.annotations, e.g. cert-manager's issuer): ARTIE_OPERATOR_INGRESS_CLASS and
 * ARTIE_OPERATOR_INGRESS_ANNOTATIONS (a JSON object).
 *
 * @param className IngressClass of an Ingress that names none; empty: the cluster's default class
 * @param annotations annotations of every Ingress; the resource's own win, key by key
 */
public record IngressDefaults(String className, Map<String, String> annotations) {
    private static final IngressDefaults PROCESS = fromEnvironment(System.getenv());

    public IngressDefaults {
        annotations = Map.copyOf(annotations);
    }

    /** The defaults of this operator process, from its environment. */
    public static IngressDefaults process() {
        return PROCESS;
    }

    public static IngressDefaults fromEnvironment(Map<String, String> env) {
        String annotations = env.getOrDefault("ARTIE_OPERATOR_INGRESS_ANNOTATIONS", "");
        try {
            return new IngressDefaults(
                    env.getOrDefault("ARTIE_OPERATOR_INGRESS_CLASS", ""),
                    annotations.isBlank()
                            ? Map.of()
                            : new ObjectMapper().readValue(annotations, new TypeReference<Map<String, String>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "ARTIE_OPERATOR_INGRESS_ANNOTATIONS must be a JSON object of strings, e.g."
                            + " {\"cert-manager.io/cluster-issuer\":\"letsencrypt\"}: " + e.getOriginalMessage());
        }
    }

    /** The class the spec names, or this default; null for the cluster's default class. */
    public String className(String specified) {
        String name = specified == null || specified.isEmpty() ? className : specified;
        return name.isEmpty() ? null : name;
    }

    /** These annotations with the spec's on top. */
    public Map<String, String> annotations(Map<String, String> specified) {
        var merged = new LinkedHashMap<>(annotations);
        if (specified != null) {
            merged.putAll(specified);
        }
        return merged;
    }
}
