-- The first schema: organisation, import provenance, sick leave, settings.
CREATE SEQUENCE org_unit_id_seq START 1;
CREATE TABLE org_units (
    id INTEGER PRIMARY KEY DEFAULT nextval('org_unit_id_seq'),
    level VARCHAR NOT NULL CHECK (level IN ('virksomhet', 'sektor', 'enhet')),
    name VARCHAR NOT NULL,
    parent_id INTEGER,                 -- NULL for a virksomhet
    created_by_import INTEGER
);

CREATE SEQUENCE import_id_seq START 1;
CREATE TABLE imports (
    id INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'),
    kind VARCHAR NOT NULL,             -- 'sykefravaer', later 'avvik', 'vernerunde', 'vedtak'
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    sheet VARCHAR,                     -- xlsx sheet; NULL for csv
    dialect VARCHAR NOT NULL,
    header_row INTEGER NOT NULL,
    rows_read INTEGER NOT NULL,
    rows_written INTEGER NOT NULL,
    rows_replaced INTEGER NOT NULL,
    periods VARCHAR NOT NULL,          -- canonical labels covered, e.g. '2025-01..2025-06'
    column_map JSON NOT NULL,          -- canonical field -> header in the file
    warnings JSON NOT NULL,            -- list of warning messages shown at import
    avtalte_definition VARCHAR,        -- which definition of avtalte dagsverk the source uses
    imported_by VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL
);

-- Which earlier import's figures a newer import replaced (PUDL-style delete-then-insert).
CREATE TABLE import_replacements (
    import_id INTEGER NOT NULL,
    replaced_import_id INTEGER NOT NULL,
    rows_replaced INTEGER NOT NULL,
    PRIMARY KEY (import_id, replaced_import_id)
);

-- One row per unit and source period. Rows of one unit never overlap in months: an import
-- deletes the overlapping rows it replaces.
CREATE TABLE sick_leave (
    unit_id INTEGER NOT NULL,
    month_from INTEGER NOT NULL,       -- month ordinal: year * 12 + month - 1
    month_to INTEGER NOT NULL,         -- inclusive
    persons DOUBLE,                    -- headcount from the export; NULL when it has none
    fte DOUBLE NOT NULL,               -- avtalte / weekdays: headcount estimate, never above it
    avtalte DOUBLE NOT NULL,
    tapte DOUBLE NOT NULL,
    egenmeldt DOUBLE,
    legemeldt DOUBLE,
    import_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL        -- row number in the source file, as Excel shows it
);

CREATE TABLE targets (
    unit_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    percent DOUBLE NOT NULL,
    PRIMARY KEY (unit_id, year)
);

CREATE TABLE benchmarks (
    series VARCHAR NOT NULL,           -- stable key, e.g. 'alle-legemeldt'
    label VARCHAR NOT NULL,            -- what a chart legend shows
    covers VARCHAR NOT NULL,           -- 'legemeldt' or 'egen- og legemeldt'
    seasonally_adjusted BOOLEAN NOT NULL,
    sector VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL,
    percent DOUBLE NOT NULL,
    PRIMARY KEY (series, year, quarter)
);

CREATE TABLE settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- A user's manual column mapping, remembered for files with the same header signature.
CREATE TABLE column_mappings (
    kind VARCHAR NOT NULL,
    signature VARCHAR NOT NULL,
    headers JSON NOT NULL,
    mapping JSON NOT NULL,
    saved_by VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, signature)
);

-- Bumped by every write, so caches can key on it.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_version VALUES (1, 0);
