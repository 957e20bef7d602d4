package dev.pulse.aggregation.sink;

/**
 * A row that records where its source record lies in Kafka, and the day (the table's partition) it is stored under:
 * what makes a replayed insert skippable.
 */
interface OffsetRow {

    int kafkaPartition();

    long kafkaOffset();

    /** The day the row is stored under (the table partition), in days since 1970-01-01, so the check reads only those. */
    long epochDay();
}
