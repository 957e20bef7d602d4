-- The numeric properties named in pulse.rollups.measures, as two parallel arrays (18.16 has no Map type), so the
-- measures rollup (V5) can take one row per (event, measure) through ARRAY JOIN and a new measure needs
-- configuration only, no DDL. One statement, so a crash cannot leave it half applied.
ALTER TABLE ${database}.events
    ADD COLUMN measure_names Array(String),
    ADD COLUMN measure_values Array(Float64);
