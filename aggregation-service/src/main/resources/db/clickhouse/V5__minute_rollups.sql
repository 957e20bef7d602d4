-- Minute rollups, fed by materialized views on events: what dashboards read instead of the raw rows.
--
-- Every rollup row carries the Kafka partition its events came from. A materialized view is not atomic with its
-- table: after a crash or a failed insert the sink may find rows in events whose rollup rows are missing (or were
-- written). It then rebuilds the rollup of exactly those (partition, minute) pairs from the raw rows; only the
-- consumer owning a partition writes its rows, so nothing else races the rebuild. Queries merge across partitions.
-- The SELECTs below are repeated in MinuteRollups.java, which rebuilds with them: change both together.
CREATE TABLE IF NOT EXISTS ${database}.events_minute
(
    tenant String,
    event String,
    minute DateTime('UTC'),
    country String,
    device_class String,
    browser String,
    campaign String,
    referrer_class String,
    kafka_partition UInt32,
    events AggregateFunction(count),
    users AggregateFunction(uniq, String)
)
ENGINE = AggregatingMergeTree
PARTITION BY toDate(minute)
ORDER BY (tenant, event, minute, country, device_class, browser, campaign, referrer_class, kafka_partition);

CREATE TABLE IF NOT EXISTS ${database}.events_minute_measures
(
    tenant String,
    event String,
    minute DateTime('UTC'),
    country String,
    device_class String,
    browser String,
    campaign String,
    referrer_class String,
    kafka_partition UInt32,
    measure String,
    total AggregateFunction(sum, Float64),
    quantiles AggregateFunction(quantilesTDigest(0.5, 0.95, 0.99), Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toDate(minute)
ORDER BY (tenant, event, measure, minute, country, device_class, browser, campaign, referrer_class, kafka_partition);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.events_minute_mv TO ${database}.events_minute AS
SELECT tenant, event, toStartOfMinute(derived_timestamp) AS minute, country, device_class, browser,
       campaign_name AS campaign, referrer_class, kafka_partition,
       countState() AS events, uniqState(distinct_id) AS users
FROM ${database}.events
GROUP BY tenant, event, minute, country, device_class, browser, campaign, referrer_class, kafka_partition;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.events_minute_measures_mv TO ${database}.events_minute_measures AS
SELECT tenant, event, toStartOfMinute(derived_timestamp) AS minute, country, device_class, browser,
       campaign_name AS campaign, referrer_class, kafka_partition, measure,
       sumState(value) AS total, quantilesTDigestState(0.5, 0.95, 0.99)(value) AS quantiles
FROM ${database}.events
ARRAY JOIN measure_names AS measure, measure_values AS value
GROUP BY tenant, event, minute, country, device_class, browser, campaign, referrer_class, kafka_partition, measure;
