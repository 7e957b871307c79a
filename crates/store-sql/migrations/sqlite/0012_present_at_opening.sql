-- The delegates present when a poll opens are counted then, and only they
-- vote in it: the "present" base of its rule and result cannot move while
-- it runs, and no ballot comes from someone the count left out.
ALTER TABLE polls ADD COLUMN present_at_open INTEGER;
CREATE TABLE poll_eligible (
    poll_id    INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    PRIMARY KEY (poll_id, person_id)
) WITHOUT ROWID;
