-- The AMU register: committees, members, meetings, agenda cases with frozen snapshots,
-- decisions with an append-only follow-up log, and the annual wheel (årshjul).
-- This is the only copy of what the committees decided: rows are never deleted by the app
-- except a meeting's agenda before it is sent; decisions change only through decision_log.

CREATE TABLE committees (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL UNIQUE,      -- 'HAMU', 'AMU Helse og omsorg'
    unit_id INTEGER NOT NULL,          -- root of the subtree it covers (org_units.id)
    case_prefix VARCHAR NOT NULL DEFAULT 'PS',
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL
);

CREATE TABLE committee_members (
    committee_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('leder', 'arbeidsgiver', 'arbeidstaker',
        'hovedverneombud', 'BHT', 'sekretær')),
    email VARCHAR,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (committee_id, name)
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL,
    meeting_date DATE NOT NULL,
    start_time TIME,
    end_time TIME,
    place VARCHAR,
    status VARCHAR NOT NULL CHECK (status IN ('planlagt', 'innkalt', 'avholdt')),
    agenda_sent_at TIMESTAMP,          -- when the agenda went out and the snapshots froze
    held_at TIMESTAMP,                 -- when the secretary marked it held
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL
);

-- Who was called in; present is NULL until attendance is recorded.
CREATE TABLE meeting_participants (
    meeting_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    present BOOLEAN,
    PRIMARY KEY (meeting_id, name)
);

-- Agenda cases, numbered per committee per year ('PS 12/25').
CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL,
    committee_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    position INTEGER NOT NULL,         -- order on the agenda
    title VARCHAR NOT NULL,
    topic VARCHAR NOT NULL CHECK (topic IN ('sykefravaer', 'avvik', 'risiko', 'organisasjon',
        'hms_system', 'oppfolging', 'annet')),
    basis VARCHAR,                     -- saksgrunnlag
    proposal VARCHAR,                  -- innstilling
    snapshot JSON,                     -- the panel figures as the AMU saw them (suppressed)
    snapshot_at TIMESTAMP,
    UNIQUE (committee_id, year, number)
);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL,
    case_id INTEGER,                   -- NULL for decisions imported from an old log
    meeting_date DATE,
    case_number VARCHAR,               -- 'PS 12/25' as shown
    case_title VARCHAR,
    text VARCHAR NOT NULL,
    owner VARCHAR,
    deadline DATE,
    status VARCHAR NOT NULL CHECK (status IN ('åpen', 'pågår', 'utført', 'lukket', 'avvist')),
    closed_date DATE,
    closed_reason VARCHAR,
    closed_by_case INTEGER,            -- the later meeting's case that closed it
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL,
    import_id INTEGER,                 -- set when it came from a decision-log import
    source_row INTEGER
);

-- Append-only: every change of a decision, with who and when. Never updated or deleted.
CREATE TABLE decision_log (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    changed_by VARCHAR NOT NULL,
    field VARCHAR NOT NULL CHECK (field IN ('opprettet', 'status', 'deadline', 'owner',
        'text', 'comment')),
    old VARCHAR,
    new VARCHAR,
    comment VARCHAR
);

-- The annual wheel: one row per planned activity of a year.
CREATE TABLE wheel_activities (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    committee_id INTEGER,              -- the committee whose plan it is (NULL: a unit's own plan)
    unit_id INTEGER,                   -- the unit it concerns (a unit's vernerunde)
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    kind VARCHAR NOT NULL CHECK (kind IN ('amu_mote', 'vernerunde', 'medarbeidersamtaler',
        'arbeidsmiljoundersokelse', 'risikovurdering', 'hms_arsrapport',
        'sykefravaersoppfolging', 'annet')),
    activity VARCHAR NOT NULL,
    owner VARCHAR,
    status VARCHAR NOT NULL CHECK (status IN ('planlagt', 'gjennomført', 'utsatt')),
    note VARCHAR
);

-- The default plan a new year starts from when there is no earlier year to carry over.
CREATE TABLE wheel_template (
    position INTEGER PRIMARY KEY,
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    kind VARCHAR NOT NULL,
    activity VARCHAR NOT NULL,
    owner VARCHAR,
    per_unit BOOLEAN NOT NULL DEFAULT FALSE  -- one activity for each unit in the scope
);
INSERT INTO wheel_template VALUES
    (1, 1, 'sykefravaersoppfolging', 'Sykefraværsoppfølging (fast sak)', 'HMS-rådgiver', FALSE),
    (2, 2, 'amu_mote', 'AMU-møte 1. kvartal', 'Sekretær', FALSE),
    (3, 3, 'hms_arsrapport', 'HMS-årsrapport for året før', 'Leder', FALSE),
    (4, 3, 'risikovurdering', 'Risikovurderinger gjennomgås', 'Leder', FALSE),
    (5, 4, 'sykefravaersoppfolging', 'Sykefraværsoppfølging (fast sak)', 'HMS-rådgiver', FALSE),
    (6, 5, 'amu_mote', 'AMU-møte 2. kvartal', 'Sekretær', FALSE),
    (7, 5, 'vernerunde', 'Vernerunde', 'Leder og verneombud', TRUE),
    (8, 7, 'sykefravaersoppfolging', 'Sykefraværsoppfølging (fast sak)', 'HMS-rådgiver', FALSE),
    (9, 9, 'amu_mote', 'AMU-møte 3. kvartal', 'Sekretær', FALSE),
    (10, 10, 'arbeidsmiljoundersokelse', 'Arbeidsmiljøundersøkelse (10-faktor)', 'HR', FALSE),
    (11, 10, 'sykefravaersoppfolging', 'Sykefraværsoppfølging (fast sak)', 'HMS-rådgiver', FALSE),
    (12, 11, 'medarbeidersamtaler', 'Medarbeidersamtaler', 'Leder', FALSE),
    (13, 12, 'amu_mote', 'AMU-møte 4. kvartal', 'Sekretær', FALSE);
