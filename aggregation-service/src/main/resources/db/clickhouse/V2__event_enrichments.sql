-- What enrichment derived from each event, as columns: the dimensions rollups and queries filter and group by.
-- Adding columns only changes metadata in ClickHouse, so the sink keeps inserting while this runs; rows written
-- before it read the defaults. One statement, so a crash cannot leave the migration half applied.
ALTER TABLE ${database}.events
    ADD COLUMN derived_timestamp DateTime('UTC') DEFAULT timestamp,
    ADD COLUMN future UInt8,
    ADD COLUMN late UInt8,
    ADD COLUMN country String,
    ADD COLUMN region String,
    ADD COLUMN city String,
    ADD COLUMN asn UInt32,
    ADD COLUMN browser String,
    ADD COLUMN browser_version String,
    ADD COLUMN os String,
    ADD COLUMN os_version String,
    ADD COLUMN device_class String,
    ADD COLUMN bot UInt8,
    ADD COLUMN page_host String,
    ADD COLUMN page_path String,
    ADD COLUMN campaign_name String,
    ADD COLUMN campaign_source String,
    ADD COLUMN campaign_medium String,
    ADD COLUMN referrer_class String,
    ADD COLUMN partial UInt8;
