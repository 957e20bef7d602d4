package dev.pulse.aggregation.sink;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.pulse.model.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
    public String day() {
        // a row without a time lands where ClickHouse puts a missing DateTime
        return failedAt == null ? "1970-01-01" : failedAt.substring(0, 10);
    }

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    static DeadLetterRow of(DeadLetter deadLetter, Instant written, int partition, long offset) {
        return new DeadLetterRow(deadLetter.tenant(), deadLetter.messageId(),
                deadLetter.reason() == null ? "unknown" : deadLetter.reason().name().toLowerCase(Locale.ROOT),
                deadLetter.detail(), deadLetter.sourceTopic(), deadLetter.sourcePartition(), deadLetter.sourceOffset(),
                deadLetter.payload(), time(deadLetter.failedAt() != null ? deadLetter.failedAt() : written), partition, offset);
    }

    /** A record on the dead-letter topic that is no dead letter at all: kept as it is, so it is not lost either. */
    static DeadLetterRow unreadable(byte[] value, String problem, Instant written, int partition, long offset) {
        return new DeadLetterRow(null, null, "unreadable", problem, null, 0, 0,
                value == null ? null : new String(value, StandardCharsets.UTF_8), time(written), partition, offset);
    }

    private static String time(Instant instant) {
        return instant == null ? null : DATE_TIME.format(instant);
    }
}
