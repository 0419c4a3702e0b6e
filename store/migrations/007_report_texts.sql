-- The sections of the annual reports that people write themselves (focus areas, the
-- occupational health service's work, inspections, results of measures), per year and scope.
-- Each save is a new row; the newest row of a section is the text in force, so nothing written
-- is ever lost.
CREATE TABLE report_texts (
    kind VARCHAR NOT NULL CHECK (kind IN ('amu', 'hms')),
    year INTEGER NOT NULL,
    scope_unit_id INTEGER NOT NULL,
    section VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    saved_by VARCHAR NOT NULL
);
