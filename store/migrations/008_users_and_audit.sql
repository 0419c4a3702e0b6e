-- Who may sign in, what each may do where, and an append-only record of what was done.

-- Local accounts (password_hash set) or identity-provider accounts (matched on email).
CREATE TABLE users (
    username VARCHAR PRIMARY KEY,      -- lower case
    display_name VARCHAR NOT NULL,
    email VARCHAR,                     -- matched against the identity provider's e-mail (OIDC)
    password_hash VARCHAR,             -- argon2id; NULL for identity-provider-only accounts
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL
);

-- One row per role a user holds over a subtree of the organisation (unit_id is its root).
CREATE TABLE grants (
    username VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('radgiver', 'amu', 'leder', 'admin')),
    unit_id INTEGER NOT NULL,
    PRIMARY KEY (username, role, unit_id)
);

-- Append-only: sign-ins, imports, mapping and settings changes, decision changes, exports,
-- user administration. Never updated or deleted by the app.
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY,
    logged_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    target VARCHAR,
    scope VARCHAR,
    details VARCHAR
);
