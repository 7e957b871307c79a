-- The session floor: attendance, the running agenda, speakers and polls.

ALTER TABLE councils ADD COLUMN first_speakers_first INTEGER NOT NULL DEFAULT 1
    CHECK (first_speakers_first IN (0, 1));

-- Time an item has been current: `elapsed_seconds` from earlier openings plus
-- now − `opened_at` while it is current.
ALTER TABLE agenda_items ADD COLUMN opened_at TEXT;
ALTER TABLE agenda_items ADD COLUMN elapsed_seconds INTEGER NOT NULL DEFAULT 0;

CREATE TABLE attendance (
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    status      TEXT    NOT NULL CHECK (status IN ('present', 'absent', 'left')),
    mode        TEXT    CHECK (mode IN ('chamber', 'online')),
    reason      TEXT    NOT NULL DEFAULT '',
    updated_at  TEXT    NOT NULL,
    CHECK ((status = 'present') = (mode IS NOT NULL)),
    PRIMARY KEY (session_id, person_id)
) WITHOUT ROWID;

CREATE TABLE speeches (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    agenda_item_id  INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    person_id       INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    kind            TEXT    NOT NULL CHECK (kind IN ('debate', 'question', 'reply')),
    addressed_to    INTEGER REFERENCES people (id) ON DELETE RESTRICT,
    state           TEXT    NOT NULL CHECK (state IN ('queued', 'speaking', 'paused', 'done', 'withdrawn')),
    position        INTEGER NOT NULL,
    limit_seconds   INTEGER NOT NULL CHECK (limit_seconds > 0),
    used_ms         INTEGER NOT NULL DEFAULT 0,
    running_since   TEXT,
    warned          INTEGER NOT NULL DEFAULT 0,
    timed_out       INTEGER NOT NULL DEFAULT 0,
    requested_at    TEXT    NOT NULL,
    ended_at        TEXT,
    CHECK ((state = 'speaking') = (running_since IS NOT NULL))
);
CREATE INDEX speeches_item ON speeches (agenda_item_id, state, position);
-- One running speech per session, kept by the database itself.
CREATE UNIQUE INDEX speeches_one_running ON speeches (session_id) WHERE state = 'speaking';

CREATE TABLE polls (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id            INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    agenda_item_id        INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE RESTRICT,
    kind                  TEXT    NOT NULL CHECK (kind IN ('named', 'secret', 'confidence', 'election')),
    title                 TEXT    NOT NULL,
    state                 TEXT    NOT NULL CHECK (state IN ('draft', 'open', 'closed', 'annulled')),
    majority_base         TEXT    NOT NULL CHECK (majority_base IN ('total_seats', 'present', 'ballots_cast')),
    majority_numerator    INTEGER NOT NULL CHECK (majority_numerator > 0),
    majority_denominator  INTEGER NOT NULL CHECK (majority_denominator >= majority_numerator),
    majority_strict       INTEGER NOT NULL CHECK (majority_strict IN (0, 1)),
    max_choices           INTEGER NOT NULL CHECK (max_choices > 0),
    revote_of             INTEGER REFERENCES polls (id) ON DELETE RESTRICT,
    ballots_cast          INTEGER NOT NULL DEFAULT 0,
    created_at            TEXT    NOT NULL,
    opened_at             TEXT,
    closed_at             TEXT,
    annulled_at           TEXT,
    annul_reason          TEXT,
    result                TEXT
);
-- At most one open poll per session.
CREATE UNIQUE INDEX polls_one_open ON polls (session_id) WHERE state = 'open';

CREATE TABLE poll_options (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    poll_id    INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('yes', 'no', 'abstain', 'candidate', 'official')),
    label      TEXT    NOT NULL,
    person_id  INTEGER REFERENCES people (id) ON DELETE RESTRICT
);
CREATE INDEX poll_options_poll ON poll_options (poll_id, position);

-- "Delegate X has voted in poll P" and nothing else: no time, no order, no
-- choice. WITHOUT ROWID, so not even the insertion order is kept.
CREATE TABLE poll_voters (
    poll_id    INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    PRIMARY KEY (poll_id, person_id)
) WITHOUT ROWID;

-- Choices of named (open) polls, which are public by law. Secret, confidence
-- and election polls never write here.
CREATE TABLE named_ballots (
    poll_id    INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    option_id  INTEGER NOT NULL REFERENCES poll_options (id) ON DELETE CASCADE,
    cast_at    TEXT    NOT NULL,
    PRIMARY KEY (poll_id, person_id)
) WITHOUT ROWID;

-- Per-choice counters, created at zero with the poll so that a ballot only
-- ever updates them (an insert would reveal which choice came first).
-- `rating` is '' for yes/no/abstain/candidate options, and 'high', 'medium',
-- 'low' or 'invalid' for an official in a confidence vote.
CREATE TABLE poll_tallies (
    poll_id    INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    option_id  INTEGER NOT NULL REFERENCES poll_options (id) ON DELETE CASCADE,
    rating     TEXT    NOT NULL CHECK (rating IN ('', 'high', 'medium', 'low', 'invalid')),
    count      INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
    PRIMARY KEY (poll_id, option_id, rating)
) WITHOUT ROWID;
