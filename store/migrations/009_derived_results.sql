-- Results computed from the data and kept per data version, so a new process (a restarted app,
-- a CLI run, a report) reads them instead of recomputing: which figures the suppression rule
-- hides over the whole organisation and every period. `derived_results` marks a result as
-- complete (it may have no cells); `derived_cells` holds its cells. Rows of older versions are
-- removed when a newer result is stored.
CREATE TABLE derived_results (
    version BIGINT NOT NULL,
    name VARCHAR NOT NULL,
    cells BIGINT NOT NULL,
    stored_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (version, name)
);
CREATE TABLE derived_cells (
    version BIGINT NOT NULL,
    name VARCHAR NOT NULL,
    unit_id INTEGER NOT NULL,
    first_month INTEGER NOT NULL,
    last_month INTEGER NOT NULL,
    measure VARCHAR NOT NULL,
    reason VARCHAR NOT NULL
);
