package dev.pulse.model;

/** Key conventions shared by every service. */
public final class EventKeys {

    /** What a tenant id looks like: tenant ids become parts of Kafka and Redis keys and of URLs, so only plain ones. */
    public static final String TENANT_ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

    private EventKeys() {
    }

    /** The Kafka record key {@code tenant:user}: all events of one user land on one partition, in order. */
    public static String partitionKey(RawEvent event) {
        return event.tenant() + ':' + event.distinctId();
    }

    /**
     * The Redis hash tag of a tenant. Every key of one tenant carries it, so all of a tenant's keys share one hash
     * slot in Redis Cluster and can be updated in one atomic script.
     */
    public static String tenantTag(String tenant) {
        return '{' + tenant + '}';
    }

    /**
     * The Redis key of the first-seen store: where the event with this messageId was first stored in Kafka
     * ({@link FirstSeen}), kept for the dedup window. Ingestion and enrichment both read and write it.
     */
    public static String firstSeenKey(String tenant, String messageId) {
        return "pulse:" + tenantTag(tenant) + ":seen:" + messageId;
    }

    /**
     * The Redis hash of a campaign's reference data (advertiser, channel, …), kept by the tenant and read by
     * enrichment.
     */
    public static String campaignKey(String tenant, String campaignName) {
        return "pulse:" + tenantTag(tenant) + ":campaign:" + campaignName;
    }

    /**
     * The Redis set of a tenant's suppressed users: user and anonymous ids whose data was deleted at the tenant's
     * request (GDPR). Ingestion refuses their events; the aggregation service's deletion endpoint adds to it.
     */
    public static String suppressedUsers(String tenant) {
        return "pulse:" + tenantTag(tenant) + ":suppressed";
    }

    /**
     * The Redis key naming the tenant that owns a write key: {@code pulse:write-key:<sha-256 of the key, hex>}, its
     * value the tenant id. Only the digest is stored, so a dump of Redis reveals no usable key. Register a key with
     * {@code redis-cli SET pulse:write-key:$(printf %s "$KEY" | sha256sum | cut -d' ' -f1) acme}; delete it to revoke.
     */
    public static String writeKeyOwner(String writeKey) {
        return "pulse:write-key:" + sha256Hex(writeKey);
    }

    /** The Redis key naming the tenant that owns a read key, like {@link #writeKeyOwner(String)}. */
    public static String readKeyOwner(String readKey) {
        return "pulse:read-key:" + sha256Hex(readKey);
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        }
        catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
    }
}
