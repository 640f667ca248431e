package dev.artie.operator.cloudrun;

/**
 * What Cloud Run needs beyond the ArtieDeployment spec.
 *
 * @param redisUrlSecret Secret Manager secret holding the rediss:// URL when the spec's Redis is managed
 *     (Cloud Run cannot run the in-cluster Redis; use Memorystore with TLS)
 * @param memoryNfs NFS export (server:/path, e.g. Filestore) for the memory database; null keeps it in an
 *     in-memory volume, lost when the instance stops
 */
public record CloudRunOptions(String redisUrlSecret, String memoryNfs) {
  public static final String DEFAULT_REDIS_URL_SECRET = "artie-redis-url";

  public static CloudRunOptions defaults() {
    return new CloudRunOptions(DEFAULT_REDIS_URL_SECRET, null);
  }
}
