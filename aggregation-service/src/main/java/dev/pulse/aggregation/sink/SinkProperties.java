package dev.pulse.aggregation.sink;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When the ClickHouse sink cuts an insert: at whichever of its row count, its size or its age comes first.
 * ClickHouse's advice is 10k–100k rows per insert and about one insert per second per table.
 *
 * @param batchRows rows that make an insert
 * @param batchBytes encoded bytes that make an insert
 * @param batchIntervalMs the most an encoded row waits for its insert, in milliseconds
 * @param pollRecords records handed to the sink per poll; they are encoded at once and not kept, so an insert's size
 *        does not set how many records are alive while it fills and waits for ClickHouse
 * @param consumers consumers of the sink's group in this instance, each with partitions and an insert of its own
 */
@Validated
@ConfigurationProperties("pulse.sink")
record SinkProperties(
        @Min(1) @DefaultValue("20000") int batchRows,
        @Min(1024) @DefaultValue("8388608") int batchBytes,
        @Min(1) @DefaultValue("1000") long batchIntervalMs,
        @Min(1) @DefaultValue("2000") int pollRecords,
        @Min(1) @DefaultValue("2") int consumers) {
}
