-- Session documents: each upload is a version; the file lives in the blob
-- store under its SHA-256, the text of every page here for search.

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id       INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    agenda_item_id   INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL,
    title            TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('submission', 'draft_resolution', 'report', 'review_report', 'other')),
    confidentiality  TEXT    NOT NULL CHECK (confidentiality IN ('public', 'delegates', 'listed')),
    created_at       TEXT    NOT NULL,
    published_at     TEXT
);
CREATE INDEX documents_session ON documents (session_id);

-- Who may read a 'listed' document: delegate groups, committees or people.
CREATE TABLE document_audience (
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('group', 'committee', 'person')),
    ref_id       INTEGER NOT NULL,
    PRIMARY KEY (document_id, kind, ref_id)
) WITHOUT ROWID;

CREATE TABLE document_versions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL CHECK (version > 0),
    sha256       TEXT    NOT NULL,
    byte_size    INTEGER NOT NULL CHECK (byte_size > 0),
    page_count   INTEGER NOT NULL CHECK (page_count > 0),
    file_name    TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    UNIQUE (document_id, version)
);
CREATE INDEX document_versions_sha ON document_versions (sha256);

CREATE TABLE document_pages (
    version_id  INTEGER NOT NULL REFERENCES document_versions (id) ON DELETE CASCADE,
    page        INTEGER NOT NULL CHECK (page > 0),
    text        TEXT    NOT NULL,
    scanned     INTEGER NOT NULL CHECK (scanned IN (0, 1)),
    PRIMARY KEY (version_id, page)
) WITHOUT ROWID;

-- Diacritic-insensitive full-text search: "ngan sach" finds "ngân sách".
-- Rows are the pages of each document's current version.
CREATE VIRTUAL TABLE page_search USING fts5(
    text,
    document_id UNINDEXED,
    version_id UNINDEXED,
    page UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
