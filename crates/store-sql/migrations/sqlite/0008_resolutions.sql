-- Resolutions (nghị quyết) and their numbers.
CREATE TABLE resolutions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    council_id     INTEGER NOT NULL REFERENCES councils (id),
    session_id     INTEGER NOT NULL REFERENCES sessions (id),
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id),
    poll_id        INTEGER REFERENCES polls (id),
    -- The ResolutionContent as JSON: subject, bases, articles, recipients, signer.
    content        TEXT    NOT NULL,
    state          TEXT    NOT NULL CHECK (state IN ('draft', 'issued')),
    number_year    INTEGER,
    number_seq     INTEGER,
    number_text    TEXT,
    issued_on      TEXT,
    issued_at      TEXT,
    pdf_sha256     TEXT,
    created_at     TEXT    NOT NULL
);
CREATE INDEX resolutions_session ON resolutions (session_id);

-- Every number ever taken, per council and calendar year. A number is
-- taken (committed) before the PDF is made and signed; if issuing then
-- fails, the number is marked void and never handed out again.
CREATE TABLE resolution_numbers (
    council_id    INTEGER NOT NULL REFERENCES councils (id),
    year          INTEGER NOT NULL,
    seq           INTEGER NOT NULL CHECK (seq > 0),
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id),
    state         TEXT    NOT NULL CHECK (state IN ('taken', 'issued', 'void')),
    taken_at      TEXT    NOT NULL,
    PRIMARY KEY (council_id, year, seq)
);
