package dev.artie.operator.cloudrun;

import java.util.Set;

/**
 * The Cloud Run annotations the renderer may emit, each one documented in Cloud Run's YAML reference,
 * https://cloud.google.com/run/docs/reference/yaml/v1 (a key outside this list is ignored or refused by Cloud Run).
 */
public final class CloudRunAnnotations {
    /** Service metadata. */
    public static final String INGRESS = "run.googleapis.com/ingress";
    /** Revision template metadata. */
    public static final String MIN_SCALE = "autoscaling.knative.dev/minScale";

    public static final String MAX_SCALE = "autoscaling.knative.dev/maxScale";
    public static final String CPU_THROTTLING = "run.googleapis.com/cpu-throttling";
    public static final String STARTUP_CPU_BOOST = "run.googleapis.com/startup-cpu-boost";
    public static final String EXECUTION_ENVIRONMENT = "run.googleapis.com/execution-environment";
    public static final String NETWORK_INTERFACES = "run.googleapis.com/network-interfaces";
    public static final String VPC_ACCESS_CONNECTOR = "run.googleapis.com/vpc-access-connector";
    public static final String VPC_ACCESS_EGRESS = "run.googleapis.com/vpc-access-egress";
    public static final String CLOUDSQL_INSTANCES = "run.googleapis.com/cloudsql-instances";

    public static final Set<String> DOCUMENTED = Set.of(
            INGRESS,
            MIN_SCALE,
            MAX_SCALE,
            CPU_THROTTLING,
            STARTUP_CPU_BOOST,
            EXECUTION_ENVIRONMENT,
            NETWORK_INTERFACES,
            VPC_ACCESS_CONNECTOR,
            VPC_ACCESS_EGRESS,
            CLOUDSQL_INSTANCES);

    private CloudRunAnnotations() {}
}
