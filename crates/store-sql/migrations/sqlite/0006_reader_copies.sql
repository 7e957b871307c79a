-- The watermarked copy of a confidential document made for one reader, so
-- that resuming a download (Range) and syncing the packet (SHA-256) see the
-- same bytes each time. The original blob is never changed.
CREATE TABLE reader_copies (
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    sha256       TEXT    NOT NULL,
    byte_size    INTEGER NOT NULL,
    issued_at    TEXT    NOT NULL,
    PRIMARY KEY (document_id, version, account_id)
);
