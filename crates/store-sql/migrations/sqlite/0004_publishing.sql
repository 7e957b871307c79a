-- Every open and download of a document, for the secretariat's read receipts.
CREATE TABLE document_reads (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    person_id    INTEGER REFERENCES people (id) ON DELETE SET NULL,
    at           TEXT    NOT NULL
);
CREATE INDEX document_reads_document ON document_reads (document_id, person_id);
