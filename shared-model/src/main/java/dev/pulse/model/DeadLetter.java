package dev.pulse.model;

import java.time.Instant;

/**
 * A raw record that could not become an enriched event: the value of a record on {@link Topics#DEAD_LETTER}. It
 * keeps the original payload, so it can be replayed after a fix.
 *
 * @param reason why the record was dead-lettered
 * @param detail what exactly was wrong, for a person to read
 * @param tenant the tenant, when it could be read from the record
 * @param messageId the messageId, when it could be read from the record
 * @param sourceTopic topic of the original record
 * @param sourcePartition partition of the original record
 * @param sourceOffset offset of the original record
 * @param payload the original record value, as UTF-8 text
 * @param failedAt when processing failed
 */
public record DeadLetter(
        DeadLetterReason reason,
        String detail,
        String tenant,
        String messageId,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String payload,
        Instant failedAt) {
}
