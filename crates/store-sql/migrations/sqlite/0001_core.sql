-- Core council data model. Every table that a client can change is also
-- described by events in `events`; the rows here are the current state.

CREATE TABLE councils (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    name                  TEXT    NOT NULL UNIQUE,
    place_name            TEXT    NOT NULL,
    total_seats           INTEGER NOT NULL CHECK (total_seats > 0),
    yes_label             TEXT    NOT NULL,
    no_label              TEXT    NOT NULL,
    abstain_label         TEXT    NOT NULL,
    majority_base         TEXT    NOT NULL CHECK (majority_base IN ('total_seats', 'present', 'ballots_cast')),
    majority_numerator    INTEGER NOT NULL CHECK (majority_numerator > 0),
    majority_denominator  INTEGER NOT NULL CHECK (majority_denominator >= majority_numerator),
    majority_strict       INTEGER NOT NULL CHECK (majority_strict IN (0, 1)),
    quorum_numerator      INTEGER NOT NULL CHECK (quorum_numerator > 0),
    quorum_denominator    INTEGER NOT NULL CHECK (quorum_denominator >= quorum_numerator),
    lead_time_days        INTEGER NOT NULL CHECK (lead_time_days >= 0),
    speech_limit_seconds  INTEGER NOT NULL CHECK (speech_limit_seconds > 0),
    created_at            TEXT    NOT NULL
);

CREATE TABLE terms (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id  INTEGER NOT NULL REFERENCES councils (id) ON DELETE RESTRICT,
    name        TEXT    NOT NULL,
    start_year  INTEGER NOT NULL,
    end_year    INTEGER NOT NULL CHECK (end_year >= start_year),
    UNIQUE (council_id, name)
);

CREATE TABLE delegate_groups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id  INTEGER NOT NULL REFERENCES councils (id) ON DELETE RESTRICT,
    name        TEXT    NOT NULL,
    UNIQUE (council_id, name)
);

CREATE TABLE committees (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id  INTEGER NOT NULL REFERENCES councils (id) ON DELETE RESTRICT,
    name        TEXT    NOT NULL,
    UNIQUE (council_id, name)
);

CREATE TABLE people (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id         INTEGER NOT NULL REFERENCES councils (id) ON DELETE RESTRICT,
    kind               TEXT    NOT NULL CHECK (kind IN ('delegate', 'official', 'guest')),
    full_name          TEXT    NOT NULL,
    position_title     TEXT    NOT NULL DEFAULT '',
    organization       TEXT    NOT NULL DEFAULT '',
    delegate_group_id  INTEGER REFERENCES delegate_groups (id) ON DELETE RESTRICT,
    CHECK (delegate_group_id IS NULL OR kind = 'delegate')
);
CREATE INDEX people_council ON people (council_id, kind);

CREATE TABLE committee_members (
    committee_id  INTEGER NOT NULL REFERENCES committees (id) ON DELETE RESTRICT,
    person_id     INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (committee_id, person_id)
);
CREATE INDEX committee_members_person ON committee_members (person_id);

CREATE TABLE sessions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id     INTEGER NOT NULL REFERENCES councils (id) ON DELETE RESTRICT,
    term_id        INTEGER NOT NULL REFERENCES terms (id) ON DELETE RESTRICT,
    number         INTEGER NOT NULL CHECK (number > 0),
    kind           TEXT    NOT NULL CHECK (kind IN ('regular', 'thematic', 'urgent')),
    title          TEXT    NOT NULL,
    place          TEXT    NOT NULL,
    planned_start  TEXT    NOT NULL,
    planned_end    TEXT    NOT NULL CHECK (planned_end >= planned_start),
    state          TEXT    NOT NULL CHECK (state IN ('draft', 'convened', 'in_progress', 'closed')),
    created_at     TEXT    NOT NULL,
    UNIQUE (term_id, number)
);

CREATE TABLE sittings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    title       TEXT    NOT NULL,
    starts_at   TEXT    NOT NULL,
    UNIQUE (session_id, title)
);

CREATE TABLE agenda_items (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id        INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    parent_id         INTEGER REFERENCES agenda_items (id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    title             TEXT    NOT NULL,
    presenter         TEXT    NOT NULL DEFAULT '',
    planned_minutes   INTEGER NOT NULL CHECK (planned_minutes >= 0),
    state             TEXT    NOT NULL CHECK (state IN ('pending', 'current', 'done')),
    urgent            INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1))
);
CREATE INDEX agenda_items_session ON agenda_items (session_id, parent_id, position);

CREATE TABLE accounts (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    username              TEXT    NOT NULL UNIQUE,
    display_name          TEXT    NOT NULL,
    role                  TEXT    NOT NULL CHECK (role IN ('admin', 'secretary', 'chair', 'delegate', 'guest', 'display')),
    council_id            INTEGER REFERENCES councils (id) ON DELETE RESTRICT,
    person_id             INTEGER UNIQUE REFERENCES people (id) ON DELETE RESTRICT,
    password_hash         TEXT,
    must_change_password  INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    created_at            TEXT    NOT NULL,
    -- Only the system administrator stands outside every council.
    CHECK (role = 'admin' OR council_id IS NOT NULL)
);

-- Bearer tokens and pairing codes are stored as SHA-256 hashes only: a copy of
-- the database does not let anyone sign in.
CREATE TABLE tokens (
    token_hash  TEXT    PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL
);
CREATE INDEX tokens_account ON tokens (account_id);

CREATE TABLE pairing_codes (
    code_hash   TEXT    PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    used_at     TEXT,
    revoked_at  TEXT
);
CREATE INDEX pairing_codes_person ON pairing_codes (person_id);

-- The event log: one row per state change, written in the same transaction
-- as the change. `stream` is 'system', 'council:<id>' or 'session:<id>';
-- `seq` counts from 1 per stream; `hash` = SHA-256(prev_hash, fields).
CREATE TABLE events (
    stream     TEXT    NOT NULL,
    seq        INTEGER NOT NULL CHECK (seq > 0),
    at         TEXT    NOT NULL,
    actor      INTEGER,
    kind       TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    prev_hash  TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    PRIMARY KEY (stream, seq)
) WITHOUT ROWID;
