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
}
