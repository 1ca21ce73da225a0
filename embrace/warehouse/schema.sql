-- The warehouse schema, applied idempotently at start-up. {db} is the database name.
-- Instants are DateTime64(3, 'UTC'): chDB drops the zone of plain DateTime.
-- Versioned facts use ReplacingMergeTree(version) and are read with FINAL, so replays and corrections
-- (at-least-once delivery) never double a count.
--
-- Incidents are kept as they stand now by their writer (services/aggregate/current.py): a new version
-- of a report, or its withdrawal, writes the rows it replaces again as deleted, under its own version.
-- FINAL then leaves them out, so counting the current state needs no join. ReplacingMergeTree only
-- replaces rows within one partition, so the table is partitioned by tenant (in 16 buckets), never by
-- time: every version of a row, and the deleted copy of it, has its tenant, but a correction may move
-- an incident to another week. FINAL then works partition by partition, and a partition merged into
-- one part is read without merging at all.
--
-- A new database is made by the CREATE statements alone. The ALTER statements bring a store made before
-- a change to the same shape, so Warehouse.migrate runs them only where the database already has tables.

CREATE DATABASE IF NOT EXISTS {db};

CREATE TABLE IF NOT EXISTS {db}.incidents (
    tenant LowCardinality(String),
    report_id UUID,
    report_version UInt32,
    incident_index UInt16,
    event_id UUID,
    organisation LowCardinality(String),
    source LowCardinality(String),
    channel LowCardinality(String),
    category LowCardinality(String),
    category_group LowCardinality(String),
    -- What people wrote expires (EMBRACE_FREE_TEXT_DAYS after the report, applied as parts merge); the
    -- counts stay.
    description String TTL toDateTime(occurred) + toIntervalDay({free_text_days}),
    time_start DateTime64(3, 'UTC'),
    time_end DateTime64(3, 'UTC'),
    time_precision LowCardinality(String),
    local_date Date,
    iso_week LowCardinality(String),
    weekday UInt8,
    hour UInt8,
    part_of_day LowCardinality(String),
    month UInt8,
    quarter LowCardinality(String),
    season LowCardinality(String),
    window_hours Float32,
    long_window Bool,
    is_dark Nullable(Bool),
    holiday LowCardinality(String),
    lat Nullable(Float64),
    lon Nullable(Float64),
    location_precision LowCardinality(String),
    address String TTL toDateTime(occurred) + toIntervalDay({free_text_days}),
    area_id LowCardinality(String),
    area_ids Array(LowCardinality(String)),
    municipality_code LowCardinality(String),
    county_code LowCardinality(String),
    -- Place and time facts of enrichment; H3 cells as ClickHouse's UInt64 index (0: none, not a resolved
    -- place).
    h3_r7 UInt64,
    h3_r9 UInt64,
    police_reported Bool,
    flags Array(LowCardinality(String)),
    is_summary Bool,
    occurred DateTime64(3, 'UTC'),
    published DateTime64(3, 'UTC'),
    stored DateTime64(3, 'UTC') DEFAULT now64(3),
    is_deleted UInt8 DEFAULT 0
) ENGINE = ReplacingMergeTree(report_version, is_deleted)
PARTITION BY cityHash64(tenant) % 16
ORDER BY (tenant, report_id, incident_index);

-- Keyed by report alone: a later version may belong to another tenant (a police notice corrected
-- from one municipality to another), and must then replace the earlier one there too.
CREATE TABLE IF NOT EXISTS {db}.report_versions (
    tenant LowCardinality(String),
    report_id UUID,
    version UInt32,
    retracted Bool,
    incident_count UInt16,
    organisation LowCardinality(String),
    source LowCardinality(String),
    reporting_week LowCardinality(String),
    occurred DateTime64(3, 'UTC'),
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(version)
ORDER BY report_id;

-- The writer looks a report's earlier rows up by report alone (a correction may have moved it to
-- another tenant), and its latest version (a withdrawal may come before the rows). A projection would
-- be searched in every partition of the incidents; this narrow log of what was written, kept by views as
-- rows and versions go in, is one table ordered by report, in small granules, so a batch's few
-- corrections cost a few granules. A version is logged as a deleted row no incident has (index 65535).
ALTER TABLE {db}.incidents DROP PROJECTION IF EXISTS by_report;
CREATE TABLE IF NOT EXISTS {db}.report_rows (
    report_id UUID,
    tenant LowCardinality(String),
    incident_index UInt16,
    report_version UInt32,
    iso_week LowCardinality(String),
    is_deleted UInt8
) ENGINE = ReplacingMergeTree(report_version)
ORDER BY (report_id, tenant, incident_index)
SETTINGS index_granularity = 256, min_compress_block_size = 4096, max_compress_block_size = 8192;
CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.report_rows_kept TO {db}.report_rows AS
SELECT report_id, tenant, incident_index, report_version, iso_week, is_deleted FROM {db}.incidents;
CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.report_versions_kept TO {db}.report_rows AS
SELECT report_id, '' AS tenant, 65535 AS incident_index, version AS report_version, '' AS iso_week,
    1 AS is_deleted
FROM {db}.report_versions WHERE version > 1;

-- Columns added after a table was first created.
ALTER TABLE {db}.report_versions ADD COLUMN IF NOT EXISTS reporting_week LowCardinality(String) AFTER source;
ALTER TABLE {db}.incidents ADD COLUMN IF NOT EXISTS flags Array(LowCardinality(String)) AFTER police_reported;
ALTER TABLE {db}.incidents ADD COLUMN IF NOT EXISTS area_ids Array(LowCardinality(String)) AFTER area_id;
ALTER TABLE {db}.incidents ADD COLUMN IF NOT EXISTS h3_r7 UInt64 AFTER county_code;
ALTER TABLE {db}.incidents ADD COLUMN IF NOT EXISTS h3_r9 UInt64 AFTER h3_r7;
ALTER TABLE {db}.incidents ADD COLUMN IF NOT EXISTS month UInt8 AFTER part_of_day;
ALTER TABLE {db}.incidents ADD COLUMN IF NOT EXISTS quarter LowCardinality(String) AFTER month;
ALTER TABLE {db}.incidents ADD COLUMN IF NOT EXISTS season LowCardinality(String) AFTER quarter;
ALTER TABLE {db}.incidents ADD COLUMN IF NOT EXISTS window_hours Float32 AFTER season;
ALTER TABLE {db}.incidents ADD COLUMN IF NOT EXISTS long_window Bool AFTER window_hours;
ALTER TABLE {db}.incidents ADD COLUMN IF NOT EXISTS is_dark Nullable(Bool) AFTER long_window;
ALTER TABLE {db}.incidents ADD COLUMN IF NOT EXISTS holiday LowCardinality(String) AFTER is_dark;

-- The free text's life, as created or as EMBRACE_FREE_TEXT_DAYS says now.
ALTER TABLE {db}.incidents MODIFY COLUMN description String TTL toDateTime(occurred) + toIntervalDay({free_text_days});
ALTER TABLE {db}.incidents MODIFY COLUMN address String TTL toDateTime(occurred) + toIntervalDay({free_text_days});

-- Incidents as they stand now: latest version of each report, withdrawn reports left out.
CREATE OR REPLACE VIEW {db}.current_incidents AS
SELECT * EXCEPT (is_deleted) FROM {db}.incidents FINAL
SETTINGS do_not_merge_across_partitions_select_final = 1;

-- Every police notice as last seen, whatever its place; summaries included (they are flagged).
CREATE TABLE IF NOT EXISTS {db}.police_events (
    police_id UInt64,
    version UInt32,
    tenant LowCardinality(String),
    county_code LowCardinality(String),
    published_at DateTime64(3, 'UTC'),
    event_time Nullable(DateTime64(3, 'UTC')),
    name String,
    summary String,
    url String,
    type LowCardinality(String),
    location_name LowCardinality(String),
    location_precision LowCardinality(String),
    lat Nullable(Float64),
    lon Nullable(Float64),
    is_summary Bool,
    stored DateTime64(3, 'UTC') DEFAULT now64(3)
) ENGINE = ReplacingMergeTree(version)
ORDER BY police_id;

CREATE TABLE IF NOT EXISTS {db}.interventions (
    tenant LowCardinality(String),
    intervention_id UUID,
    version UInt32,
    retracted Bool,
    title String,
    kind LowCardinality(String),
    description String,
    area_id LowCardinality(String),
    lat Nullable(Float64),
    lon Nullable(Float64),
    start Date,
    end Nullable(Date),
    responsible_organisation LowCardinality(String),
    status LowCardinality(String),
    targeted_categories Array(LowCardinality(String)),
    occurred DateTime64(3, 'UTC'),
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant, intervention_id);

CREATE TABLE IF NOT EXISTS {db}.areas (
    tenant LowCardinality(String),
    area_id String,
    version UInt32,
    retracted Bool,
    name String,
    kind LowCardinality(String),
    parent String,
    geometry String,
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant, area_id);

ALTER TABLE {db}.areas ADD COLUMN IF NOT EXISTS parent String AFTER kind;

-- Who uses the instance, by name: the dashboards' words for tenant codes and organisation ids. Each
-- announcement's version is its millisecond.
CREATE TABLE IF NOT EXISTS {db}.tenants (
    tenant LowCardinality(String),
    version UInt64,
    retracted Bool,
    name String,
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(version)
ORDER BY tenant;

CREATE TABLE IF NOT EXISTS {db}.organisations (
    tenant LowCardinality(String),
    organisation String,
    version UInt64,
    retracted Bool,
    name String,
    kind LowCardinality(String),
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant, organisation);

CREATE TABLE IF NOT EXISTS {db}.survey_results (
    tenant LowCardinality(String),
    result_id UUID,
    version UInt32,
    retracted Bool,
    survey String,
    area_id LowCardinality(String),
    period_start Date,
    period_end Date,
    indicator LowCardinality(String),
    measure LowCardinality(String),
    value Float64,
    respondents UInt32,
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant, result_id);

-- One row per alert (rule, series and week), its latest version: updated as the week runs, closed when
-- it has ended, withdrawn when corrections undo it (services/aggregate/alerting.py).
CREATE TABLE IF NOT EXISTS {db}.alerts (
    tenant LowCardinality(String),
    alert_id UUID,
    version UInt32,
    retracted Bool,
    rule LowCardinality(String),
    severity LowCardinality(String),
    week LowCardinality(String),
    area_id LowCardinality(String),
    category LowCardinality(String),
    observed Float64,
    expected Float64,
    z Float64,
    dispersion Float64 DEFAULT 1,
    baseline_years UInt8,
    closed Bool,
    message String,
    occurred DateTime64(3, 'UTC'),
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant, alert_id);
ALTER TABLE {db}.alerts ADD COLUMN IF NOT EXISTS dispersion Float64 DEFAULT 1 AFTER z;
ALTER TABLE {db}.alerts ADD COLUMN IF NOT EXISTS baseline_years UInt8 AFTER dispersion;

-- Each intervention's latest measured effect (measured by the reporting service's weekly follow-up).
CREATE TABLE IF NOT EXISTS {db}.intervention_effects (
    tenant LowCardinality(String),
    intervention_id UUID,
    measured_on Date,
    title String,
    area_id LowCardinality(String),
    categories Array(LowCardinality(String)),
    before_first Date,
    before_last Date,
    during_first Date,
    during_last Date,
    buffer_m Float64,
    target_before UInt32,
    target_during UInt32,
    buffer_before UInt32,
    buffer_during UInt32,
    comparison_before UInt32,
    comparison_during UInt32,
    -- The relative effect, the comparison chosen and the year before (the measures of embrace/statistics).
    comparison_kind LowCardinality(String),
    comparison_places Array(String),
    comparison_fair Bool,
    dispersion Float64,
    relative_effect Nullable(Float64),
    relative_low Nullable(Float64),
    relative_high Nullable(Float64),
    expected Nullable(Float64),
    ring_effect Nullable(Float64),
    ring_low Nullable(Float64),
    ring_high Nullable(Float64),
    detectable_fall Float64,
    year_earlier_effect Nullable(Float64),
    year_earlier_low Nullable(Float64),
    year_earlier_high Nullable(Float64),
    wdd Float64,
    standard_error Float64,
    z Float64,
    ci_low Float64,
    ci_high Float64,
    wdq Nullable(Float64),
    net_effect Float64,
    verdict LowCardinality(String),
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(published)
ORDER BY (tenant, intervention_id);
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS comparison_kind LowCardinality(String) AFTER comparison_during;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS comparison_places Array(String) AFTER comparison_kind;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS comparison_fair Bool AFTER comparison_places;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS dispersion Float64 AFTER comparison_fair;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS relative_effect Nullable(Float64) AFTER dispersion;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS relative_low Nullable(Float64) AFTER relative_effect;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS relative_high Nullable(Float64) AFTER relative_low;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS expected Nullable(Float64) AFTER relative_high;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS ring_effect Nullable(Float64) AFTER expected;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS ring_low Nullable(Float64) AFTER ring_effect;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS ring_high Nullable(Float64) AFTER ring_low;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS detectable_fall Float64 AFTER ring_high;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS year_earlier_effect Nullable(Float64) AFTER detectable_fall;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS year_earlier_low Nullable(Float64) AFTER year_earlier_effect;
ALTER TABLE {db}.intervention_effects ADD COLUMN IF NOT EXISTS year_earlier_high Nullable(Float64) AFTER year_earlier_low;

-- Rollups: counts of the incidents as they stand, recounted for every (tenant, week) the writer touches
-- (services/aggregate/rollups.py). Regional and long reads use these, not the incidents.
CREATE TABLE IF NOT EXISTS {db}.weekly_counts (
    tenant LowCardinality(String),
    iso_week LowCardinality(String),
    category LowCardinality(String),
    category_group LowCardinality(String),
    source LowCardinality(String),
    incidents UInt32,
    refreshed UInt64,
    -- The Monday of the ISO week, for time ranges (week 1 is the week holding 4 January).
    week_start Date MATERIALIZED
        toMonday(makeDate(toUInt16(substring(iso_week, 1, 4)), 1, 4)) + toIntervalWeek(toUInt8(substring(iso_week, 7, 2)) - 1)
) ENGINE = ReplacingMergeTree(refreshed)
ORDER BY (tenant, iso_week, category, source);
ALTER TABLE {db}.weekly_counts ADD COLUMN IF NOT EXISTS week_start Date MATERIALIZED
    toMonday(makeDate(toUInt16(substring(iso_week, 1, 4)), 1, 4)) + toIntervalWeek(toUInt8(substring(iso_week, 7, 2)) - 1);

-- The (tenant, week) slices the writer touched, until a tick has recounted them: the mark is the
-- server's time after the rows were written, and a recount marks the slice done as of when it began.
CREATE TABLE IF NOT EXISTS {db}.rollup_pending (
    tenant LowCardinality(String),
    iso_week LowCardinality(String),
    marked DateTime64(9, 'UTC') DEFAULT now64(9),
    done Bool DEFAULT false
) ENGINE = ReplacingMergeTree(marked)
ORDER BY (tenant, iso_week)
TTL toDateTime(marked) + INTERVAL 1 DAY DELETE WHERE done;

CREATE TABLE IF NOT EXISTS {db}.dead_letters (
    letter_id UUID,
    tenant LowCardinality(String),
    stage LowCardinality(String),
    source_topic LowCardinality(String),
    partition Nullable(Int32),
    offset Nullable(Int64),
    key String,
    -- The bytes as they came, a report's free text included: they expire as what people wrote does.
    original String TTL toDateTime(occurred) + toIntervalDay({free_text_days}),
    reason String,
    occurred DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree
ORDER BY (stage, letter_id);
ALTER TABLE {db}.dead_letters MODIFY COLUMN original String TTL toDateTime(occurred) + toIntervalDay({free_text_days});

-- The working loop. Problems and tasks keep every version (the history of steps and statuses is what the
-- Arbete dashboard measures); a reader takes each one's highest version.
CREATE TABLE IF NOT EXISTS {db}.problems (
    tenant LowCardinality(String),
    problem_id UUID,
    version UInt32,
    retracted Bool,
    title String,
    step LowCardinality(String),
    -- The week a problem was closed, '' while it is open.
    closed_in LowCardinality(String),
    responsible_organisation LowCardinality(String),
    area_ids Array(LowCardinality(String)),
    categories Array(LowCardinality(String)),
    intervention_ids Array(UUID),
    occurred DateTime64(3, 'UTC'),
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree
ORDER BY (tenant, problem_id, version);
ALTER TABLE {db}.problems ADD COLUMN IF NOT EXISTS closed_in LowCardinality(String) AFTER step;

CREATE TABLE IF NOT EXISTS {db}.tasks (
    tenant LowCardinality(String),
    task_id UUID,
    version UInt32,
    retracted Bool,
    meeting LowCardinality(String),
    organisation LowCardinality(String),
    text String,
    due_week LowCardinality(String),
    status LowCardinality(String),
    area_id LowCardinality(String),
    problem_id Nullable(UUID),
    intervention_id Nullable(UUID),
    note String,
    occurred DateTime64(3, 'UTC'),
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree
ORDER BY (tenant, task_id, version);

CREATE TABLE IF NOT EXISTS {db}.meetings (
    tenant LowCardinality(String),
    kind LowCardinality(String),
    period LowCardinality(String),
    version UInt32,
    decisions Array(String),
    priority_areas Array(LowCardinality(String)),
    present Array(LowCardinality(String)),
    occurred DateTime64(3, 'UTC'),
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(version)
ORDER BY (tenant, kind, period);

-- Where next: each tenant's resolution-8 cells with next week's expectation and tested hot spots, as
-- the weekly schedule computes them; a week made again replaces its rows.
CREATE TABLE IF NOT EXISTS {db}.place_outlook (
    tenant LowCardinality(String),
    week LowCardinality(String),
    as_of LowCardinality(String),
    cell String,
    category_group LowCardinality(String),
    lat Float64,
    lon Float64,
    incidents UInt32,
    gi_z Nullable(Float64),
    kind LowCardinality(String),
    expected Nullable(Float64),
    low Nullable(UInt32),
    high Nullable(UInt32),
    published DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(published)
ORDER BY (tenant, week, category_group, cell);
