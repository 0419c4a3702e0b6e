-- Deviations (avvik) with injuries, their change log, the category map, and safety rounds.

-- One row per case, identified by the source system's saksnummer. A newer export rewrites
-- the cases that changed; deviation_changes keeps what changed and in which import.
CREATE TABLE deviations (
    saksnummer VARCHAR NOT NULL,
    unit_id INTEGER NOT NULL,
    registrert_dato DATE NOT NULL,
    kategori VARCHAR NOT NULL,         -- the source's category as written
    alvorlighetsgrad INTEGER,          -- 1-5 on one scale
    alvorlighet_kilde VARCHAR,         -- as written (e.g. 'Høy', '4')
    status VARCHAR NOT NULL CHECK (status IN ('åpen', 'under behandling', 'lukket')),
    status_kilde VARCHAR,
    frist DATE,
    lukket_dato DATE,
    skadetype VARCHAR,
    skadeklasse VARCHAR CHECK (skadeklasse IN ('fravær', 'medisinsk behandling', 'førstehjelp')),
    fravaersdager DOUBLE,
    beskrivelse VARCHAR,               -- free text: may hold names and health details
    first_import_id INTEGER NOT NULL,
    import_id INTEGER NOT NULL,        -- the import that last wrote this case
    source_row INTEGER NOT NULL
);

CREATE TABLE deviation_changes (
    import_id INTEGER NOT NULL,
    saksnummer VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    old_value VARCHAR,
    new_value VARCHAR
);

-- Source category (normalised: lower case, single spaces) -> standard category (DOMAIN.md).
CREATE TABLE category_map (
    source_key VARCHAR PRIMARY KEY,
    standard VARCHAR NOT NULL CHECK (standard IN ('personskade', 'nestenulykke', 'farlig forhold',
        'vold og trusler', 'miljø', 'materiell skade', 'psykososialt', 'brann',
        'forbedringsforslag', 'annet'))
);
INSERT INTO category_map VALUES
    ('personskade', 'personskade'), ('hms - personskade', 'personskade'),
    ('skade på person', 'personskade'), ('arbeidsulykke', 'personskade'),
    ('yrkesskade', 'personskade'),
    ('nestenulykke', 'nestenulykke'), ('nesten-ulykke', 'nestenulykke'),
    ('nestenuhell', 'nestenulykke'),
    ('farlig forhold', 'farlig forhold'), ('farlige forhold', 'farlig forhold'),
    ('risikoforhold', 'farlig forhold'),
    ('vold og trusler', 'vold og trusler'), ('vold/trusler', 'vold og trusler'),
    ('vold / trusler', 'vold og trusler'), ('trussel om vold', 'vold og trusler'),
    ('vold', 'vold og trusler'), ('trusler', 'vold og trusler'),
    ('vold og trusler om vold', 'vold og trusler'),
    ('miljø', 'miljø'), ('ytre miljø', 'miljø'), ('utslipp', 'miljø'),
    ('materiell skade', 'materiell skade'), ('materielle skader', 'materiell skade'),
    ('skade på utstyr', 'materiell skade'), ('tingskade', 'materiell skade'),
    ('psykososialt', 'psykososialt'), ('psykososialt arbeidsmiljø', 'psykososialt'),
    ('trakassering', 'psykososialt'), ('mobbing', 'psykososialt'),
    ('brann', 'brann'), ('brannfare', 'brann'), ('brannalarm', 'brann'),
    ('forbedringsforslag', 'forbedringsforslag'), ('forslag til forbedring', 'forbedringsforslag'),
    ('forbedring', 'forbedringsforslag'),
    ('annet', 'annet'), ('diverse', 'annet'), ('', 'annet');

-- One row per finding; a round without findings is one row with funn NULL. A round is
-- (unit, date): a newer export of the same round replaces its findings.
CREATE TABLE safety_findings (
    unit_id INTEGER NOT NULL,
    runde_dato DATE NOT NULL,
    deltakere VARCHAR,
    funn VARCHAR,
    sannsynlighet INTEGER CHECK (sannsynlighet BETWEEN 1 AND 5),
    konsekvens INTEGER CHECK (konsekvens BETWEEN 1 AND 5),
    risiko INTEGER,
    tiltak VARCHAR,
    ansvarlig VARCHAR,
    frist DATE,
    status VARCHAR CHECK (status IN ('åpen', 'under behandling', 'lukket')),
    status_kilde VARCHAR,
    lukket_dato DATE,
    import_id INTEGER NOT NULL,
    source_row INTEGER NOT NULL
);

-- Risk bands (DOMAIN.md defaults; Arbeidstilsynet leaves acceptance criteria to the employer).
INSERT INTO settings VALUES ('risk_low_max', '4'), ('risk_medium_max', '12');
