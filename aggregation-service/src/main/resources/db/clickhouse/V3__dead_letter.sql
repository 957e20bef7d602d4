-- One row per dead letter: what went wrong, the original payload and where it came from, so bad events can be
-- queried by tenant, reason and time. kafka_partition and kafka_offset identify the record on events.dead-letter.
CREATE TABLE IF NOT EXISTS ${database}.dead_letter
(
    tenant String,
    message_id String,
    reason String,
    detail String,
    source_topic String,
    source_partition UInt32,
    source_offset UInt64,
    payload String,
    failed_at DateTime('UTC'),
    kafka_partition UInt32,
    kafka_offset UInt64
)
ENGINE = MergeTree
PARTITION BY toDate(failed_at)
ORDER BY (tenant, reason, failed_at);
