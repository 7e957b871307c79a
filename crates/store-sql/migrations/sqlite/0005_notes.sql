-- Private notes and highlights: visible to their author only. Anchored by
-- the quoted text with a little context (W3C TextQuoteSelector), so that
-- they find their passage again in a new version.
CREATE TABLE notes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('note', 'highlight')),
    version      INTEGER NOT NULL,
    page         INTEGER NOT NULL,
    exact        TEXT    NOT NULL CHECK (length(exact) > 0),
    prefix       TEXT    NOT NULL DEFAULT '',
    suffix       TEXT    NOT NULL DEFAULT '',
    body         TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX notes_owner ON notes (account_id, document_id);
