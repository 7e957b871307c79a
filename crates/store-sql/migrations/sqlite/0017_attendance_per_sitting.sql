-- Attendance per sitting (phiên họp). `attendance` stays the roll of the
-- current sitting (the quorum counts it); when the chair begins the next
-- sitting the roll is kept in `sitting_rolls` as it stood and starts afresh.
-- The roll of the last sitting is kept there when the session closes.
ALTER TABLE sittings ADD COLUMN begun_at TEXT;

CREATE TABLE sitting_rolls (
    sitting_id  INTEGER NOT NULL REFERENCES sittings (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    status      TEXT    NOT NULL CHECK (status IN ('present', 'absent', 'left')),
    mode        TEXT    CHECK (mode IN ('chamber', 'online')),
    reason      TEXT    NOT NULL DEFAULT '',
    updated_at  TEXT    NOT NULL,
    CHECK ((status = 'present') = (mode IS NOT NULL)),
    PRIMARY KEY (sitting_id, person_id)
) WITHOUT ROWID;

-- Sessions that sat before this version: their first sitting began when the
-- session did, and the roll kept so far is that sitting's.
UPDATE sittings SET begun_at = (
    SELECT COALESCE(
        (SELECT MIN(e.at) FROM events e
         WHERE e.stream = 'session:' || sittings.session_id
           AND e.kind = 'session.state_changed'
           AND json_extract(e.payload, '$.to') = 'in_progress'),
        sittings.starts_at)
)
WHERE id IN (
    SELECT (SELECT s.id FROM sittings s WHERE s.session_id = x.id ORDER BY s.starts_at, s.id LIMIT 1)
    FROM sessions x WHERE x.state IN ('in_progress', 'closed')
);

INSERT INTO sitting_rolls (sitting_id, person_id, status, mode, reason, updated_at)
SELECT (SELECT s.id FROM sittings s WHERE s.session_id = a.session_id ORDER BY s.starts_at, s.id LIMIT 1),
       a.person_id, a.status, a.mode, a.reason, a.updated_at
FROM attendance a JOIN sessions x ON x.id = a.session_id
WHERE x.state = 'closed'
  AND EXISTS (SELECT 1 FROM sittings s WHERE s.session_id = a.session_id);
