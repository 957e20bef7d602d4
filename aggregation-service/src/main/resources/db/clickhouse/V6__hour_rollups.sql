-- Hour rollups: what a series over days reads instead of thousands of minute rows per day. The same columns and
-- grouping as the minute rollups of V5, at the hour. Fed by their own materialized views on events (ClickHouse
-- 18.16 does not run a view on rows another view writes, so they cannot be fed from the minute rollups), and
-- rebuilt from the raw rows together with the minute rollups: Rollups.java repeats these SELECTs.
CREATE TABLE IF NOT EXISTS ${database}.events_hour
(
    tenant String,
    event String,
    hour DateTime('UTC'),
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
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant, event, hour, country, device_class, browser, campaign, referrer_class, kafka_partition);

CREATE TABLE IF NOT EXISTS ${database}.events_hour_measures
(
    tenant String,
    event String,
    hour DateTime('UTC'),
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
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant, event, measure, hour, country, device_class, browser, campaign, referrer_class, kafka_partition);

-- what was stored before this migration, from the minute rollups; only into empty tables, so running this file
-- again never counts anything twice (the rollup audit rebuilds any recent hour that still differs from the rows)
INSERT INTO ${database}.events_hour
SELECT tenant, event, toStartOfHour(minute) AS hour, country, device_class, browser, campaign, referrer_class,
       kafka_partition, countMergeState(events) AS events, uniqMergeState(users) AS users
FROM ${database}.events_minute
WHERE (SELECT count() FROM ${database}.events_hour) = 0
GROUP BY tenant, event, hour, country, device_class, browser, campaign, referrer_class, kafka_partition;

INSERT INTO ${database}.events_hour_measures
SELECT tenant, event, toStartOfHour(minute) AS hour, country, device_class, browser, campaign, referrer_class,
       kafka_partition, measure, sumMergeState(total) AS total,
       quantilesTDigestMergeState(0.5, 0.95, 0.99)(quantiles) AS quantiles
FROM ${database}.events_minute_measures
WHERE (SELECT count() FROM ${database}.events_hour_measures) = 0
GROUP BY tenant, event, hour, country, device_class, browser, campaign, referrer_class, kafka_partition, measure;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.events_hour_mv TO ${database}.events_hour AS
SELECT tenant, event, toStartOfHour(derived_timestamp) AS hour, country, device_class, browser,
       campaign_name AS campaign, referrer_class, kafka_partition,
       countState() AS events, uniqState(distinct_id) AS users
FROM ${database}.events
GROUP BY tenant, event, hour, country, device_class, browser, campaign, referrer_class, kafka_partition;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.events_hour_measures_mv TO ${database}.events_hour_measures AS
SELECT tenant, event, toStartOfHour(derived_timestamp) AS hour, country, device_class, browser,
       campaign_name AS campaign, referrer_class, kafka_partition, measure,
       sumState(value) AS total, quantilesTDigestState(0.5, 0.95, 0.99)(value) AS quantiles
FROM ${database}.events
ARRAY JOIN measure_names AS measure, measure_values AS value
GROUP BY tenant, event, hour, country, device_class, browser, campaign, referrer_class, kafka_partition, measure;
