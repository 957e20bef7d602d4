package dev.pulse.aggregation.sink;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.pulse.model.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

/** One row of the ClickHouse {@code dead_letter} table, with the column names as fields. */
record DeadLetterRow(
        String tenant,
        String messageId,
        String reason,
        String detail,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String payload,
        String failedAt,
        int kafkaPartition,
        long kafkaOffset) implements OffsetRow {

    @Override
    @JsonIgnore
    public long epochDay() {
        return LocalDate.parse(ClickHouseTimes.day(failedAt)).toEpochDay();
    }

    static DeadLetterRow of(DeadLetter deadLetter, Instant written, int partition, long offset) {
        return new DeadLetterRow(deadLetter.tenant(), deadLetter.messageId(),
                deadLetter.reason() == null ? "unknown" : deadLetter.reason().name().toLowerCase(Locale.ROOT),
                deadLetter.detail(), deadLetter.sourceTopic(), deadLetter.sourcePartition(), deadLetter.sourceOffset(),
                deadLetter.payload(), ClickHouseTimes.dateTime(deadLetter.failedAt() != null ? deadLetter.failedAt() : written), partition, offset);
    }

    /**
     * Where rows for unreadable {@code events.enriched} records start in {@code kafka_partition}: such a row keeps its
     * own partition plus this, so its (partition, offset) never meets a record of the dead-letter topic's.
     */
    static final int ENRICHED_PARTITION_BASE = 1 << 16;

    /**
     * An {@code events.enriched} record the sink cannot read. It is kept here, with its place on that topic, instead
     * of stopping the partition behind it.
     */
    static DeadLetterRow unreadableEnriched(byte[] value, String problem, Instant written, int partition, long offset) {
        return new DeadLetterRow(null, null, "unreadable", problem, dev.pulse.model.Topics.ENRICHED, partition, offset,
                value == null ? null : new String(value, StandardCharsets.UTF_8), ClickHouseTimes.dateTime(written),
                ENRICHED_PARTITION_BASE + partition, offset);
    }

    /** A record on the dead-letter topic that is no dead letter at all: kept as it is, so it is not lost either. */
    static DeadLetterRow unreadable(byte[] value, String problem, Instant written, int partition, long offset) {
        return new DeadLetterRow(null, null, "unreadable", problem, null, 0, 0,
                value == null ? null : new String(value, StandardCharsets.UTF_8), ClickHouseTimes.dateTime(written), partition, offset);
    }

}
