-- One row per enriched event. Partitioned by day, ordered for tenant + event + time queries.
-- kafka_partition and kafka_offset identify the source record on events.enriched: the sink's idempotence rests on them.
-- Only SQL that ClickHouse 18.16 and current releases both understand.
CREATE TABLE IF NOT EXISTS ${database}.events
(
    tenant String,
    message_id String,
    type String,
    event String,
    user_id String,
    anonymous_id String,
    distinct_id String,
    timestamp DateTime('UTC'),
    sent_at Nullable(DateTime('UTC')),
    received_at DateTime('UTC'),
    processed_at DateTime('UTC'),
    properties String,
    ip String,
    user_agent String,
    page_url String,
    page_referrer String,
    kafka_partition UInt32,
    kafka_offset UInt64
)
ENGINE = MergeTree
PARTITION BY toDate(timestamp)
ORDER BY (tenant, event, timestamp);
