package dev.pulse.model;

/** Key conventions shared by every service. */
public final class EventKeys {

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
}
