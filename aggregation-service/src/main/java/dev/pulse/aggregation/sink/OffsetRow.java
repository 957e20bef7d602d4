package dev.pulse.aggregation.sink;

/**
 * A row that records where its source record lies in Kafka, and the day (the table's partition) it is stored under:
 * what makes a replayed insert skippable.
 */
interface OffsetRow {

    int kafkaPartition();

    long kafkaOffset();

    /** {@code YYYY-MM-DD}: the table partition the row lands in, so the check reads only those. */
    String day();
}
