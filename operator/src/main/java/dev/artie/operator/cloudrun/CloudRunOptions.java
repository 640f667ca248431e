package dev.artie.operator.cloudrun;

/**
 * What Cloud Run needs beyond the ArtieDeployment spec.
 *
 * @param redisUrlSecret Secret Manager secret holding the rediss:// URL when the spec's Redis is managed
 *     (Cloud Run cannot run the in-cluster Redis; use Memorystore with TLS)
 * @param redisCaCertSecret Secret Manager secret holding the PEM CA certificate of the Redis server (Memorystore's
 *     server CA), mounted as a file that ARTIE_REDIS_CA_CERT names; null trusts the JVM's CAs
 * @param memoryNfs NFS export (server:/path, e.g. Filestore) for the memory database; null means no persistent place
 * @param ephemeralMemory the person accepts memories on an in-memory volume, lost with every new revision
 * @param project Google Cloud project: names each service's own service account; null leaves Cloud Run's default
 * @param region region of the services and of the subnet
 * @param vpcNetwork Direct VPC egress network (Memorystore and Filestore are reached through it); null for none
 * @param vpcSubnet the subnet of {@code vpcNetwork}
 */
public record CloudRunOptions(
        String redisUrlSecret,
        String redisCaCertSecret,
        String memoryNfs,
        boolean ephemeralMemory,
        String project,
        String region,
        String vpcNetwork,
        String vpcSubnet) {
    public static final String DEFAULT_REDIS_URL_SECRET = "artie-redis-url";
    public static final String DEFAULT_REGION = "europe-west1";

    /** NFS memory, nothing else: the smallest options a capabilities service renders with. */
    public static CloudRunOptions withMemoryNfs(String memoryNfs) {
        return new CloudRunOptions(DEFAULT_REDIS_URL_SECRET, null, memoryNfs, false, null, DEFAULT_REGION, null, null);
    }

    public CloudRunOptions withEphemeralMemory() {
        return new CloudRunOptions(
                redisUrlSecret, redisCaCertSecret, null, true, project, region, vpcNetwork, vpcSubnet);
    }

    public CloudRunOptions withRedisCaCertSecret(String secret) {
        return new CloudRunOptions(
                redisUrlSecret, secret, memoryNfs, ephemeralMemory, project, region, vpcNetwork, vpcSubnet);
    }

    public CloudRunOptions withProject(String project, String vpcNetwork, String vpcSubnet) {
        return new CloudRunOptions(
                redisUrlSecret, redisCaCertSecret, memoryNfs, ephemeralMemory, project, region, vpcNetwork, vpcSubnet);
    }

    /** The service account a service runs as: one per service, so each reads only its own secrets. */
    public String serviceAccount(String serviceName) {
        return serviceName + "@" + project + ".iam.gserviceaccount.com";
    }
}
