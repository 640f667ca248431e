package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A networking.k8s.io/v1 Ingress in front of one channel's Service. The path is passed on unchanged (no
 * rewrite), so channels can share a host: http-chat at /, the SMS webhook at /sms.
 */
public class IngressSpec {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)+$")
    @JsonPropertyDescription("Public host name the Ingress answers for, e.g. artie.example.org (no wildcard).")
    public String host;

    @Pattern("^/[-._~/a-zA-Z0-9]*$")
    @JsonPropertyDescription("Path prefix (pathType Prefix) routed whole to the channel, passed on unchanged; empty: "
            + "only the channel's public paths (http: the page and /api; sms: /sms), not /health or /prometheus.")
    public String path;

    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    @JsonPropertyDescription("Secret (type kubernetes.io/tls) with the certificate for host; TLS is off without it. "
            + "cert-manager creates it when annotations name an issuer (cert-manager.io/cluster-issuer).")
    public String tlsSecretName;

    @JsonPropertyDescription("IngressClass of the controller that serves this Ingress; empty: the operator's default "
            + "(ARTIE_OPERATOR_INGRESS_CLASS, chart ingress.className), else the cluster's default class.")
    public String ingressClassName;

    @JsonPropertyDescription(
            "Annotations of the Ingress, e.g. cert-manager.io/cluster-issuer or the controller's settings; "
                    + "on top of the operator's (ARTIE_OPERATOR_INGRESS_ANNOTATIONS, chart ingress.annotations).")
    public Map<String, String> annotations = new LinkedHashMap<>();

    public boolean tls() {
        return tlsSecretName != null && !tlsSecretName.isEmpty();
    }
}
