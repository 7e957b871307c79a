-- A poll may offer the council's own options (phương án 1, 2, 3…): option
-- kind 'alternative'. SQLite cannot change a CHECK in place, and this runs
-- in the migration's transaction with foreign keys on, where dropping
-- poll_options would cascade to its dependents: so the dependents are set
-- aside first (plain copies), the table is rebuilt keeping every id, and
-- the dependents come back as they were. secure_delete is on: nothing of
-- the old pages stays in the file.
CREATE TABLE m15_named_ballots AS SELECT poll_id, person_id, option_id, cast_at FROM named_ballots;
CREATE TABLE m15_poll_tallies AS SELECT poll_id, option_id, rating, count FROM poll_tallies;
DROP TABLE named_ballots;
DROP TABLE poll_tallies;

CREATE TABLE poll_options_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    poll_id    INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('yes', 'no', 'abstain', 'candidate', 'official', 'alternative')),
    label      TEXT    NOT NULL,
    person_id  INTEGER REFERENCES people (id) ON DELETE RESTRICT
);
INSERT INTO poll_options_new (id, poll_id, position, kind, label, person_id)
    SELECT id, poll_id, position, kind, label, person_id FROM poll_options;
DROP TABLE poll_options;
ALTER TABLE poll_options_new RENAME TO poll_options;
CREATE INDEX poll_options_poll ON poll_options (poll_id, position);

CREATE TABLE named_ballots (
    poll_id    INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    option_id  INTEGER NOT NULL REFERENCES poll_options (id) ON DELETE CASCADE,
    cast_at    TEXT    NOT NULL,
    PRIMARY KEY (poll_id, person_id)
) WITHOUT ROWID;
CREATE TABLE poll_tallies (
    poll_id    INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    option_id  INTEGER NOT NULL REFERENCES poll_options (id) ON DELETE CASCADE,
    rating     TEXT    NOT NULL CHECK (rating IN ('', 'high', 'medium', 'low', 'invalid')),
    count      INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0),
    PRIMARY KEY (poll_id, option_id, rating)
) WITHOUT ROWID;
INSERT INTO named_ballots (poll_id, person_id, option_id, cast_at)
    SELECT poll_id, person_id, option_id, cast_at FROM m15_named_ballots;
INSERT INTO poll_tallies (poll_id, option_id, rating, count)
    SELECT poll_id, option_id, rating, count FROM m15_poll_tallies;
DROP TABLE m15_named_ballots;
DROP TABLE m15_poll_tallies;
