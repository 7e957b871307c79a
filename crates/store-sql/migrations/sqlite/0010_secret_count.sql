-- The secret count. A secret, confidence or election poll's ballots are
-- stored only as the ciphertexts the server made on receipt (exponential
-- ElGamal under the poll's public key); their counters in poll_tallies stay
-- at zero until the close, which adds the ciphertexts, decrypts the totals
-- and writes them. A copy of the files (main, -wal, a backup) taken at any
-- moment therefore holds no choice in the clear: diffing two copies shows
-- who voted and an opaque ciphertext, never which counter moved.
--
-- (0002's comment on poll_voters overstates WITHOUT ROWID: the cells of a
-- page still sit in the order they were written. The order of voters is
-- not secret; their choices are, and those are no longer beside them.)

-- A poll's key pair. The private key is stored only sealed under the
-- counting key, a file outside the data directory, and set to NULL once
-- the result is published or the poll annulled.
CREATE TABLE poll_keys (
    poll_id          INTEGER PRIMARY KEY REFERENCES polls (id) ON DELETE CASCADE,
    public_key       BLOB    NOT NULL,
    sealed_secret    BLOB,
    counting_key_id  TEXT    NOT NULL
);

-- One row per secret ballot: its ciphertexts, with no voter and no time.
-- Deleted at the close, when the verification record takes them in random order.
CREATE TABLE secret_ballots (
    poll_id      INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    ciphertexts  BLOB    NOT NULL
);
CREATE INDEX secret_ballots_poll ON secret_ballots (poll_id);

-- A closed secret poll's verification record (JSON) and its SHA-256.
CREATE TABLE poll_records (
    poll_id  INTEGER PRIMARY KEY REFERENCES polls (id) ON DELETE CASCADE,
    record   BLOB    NOT NULL,
    sha256   TEXT    NOT NULL
);
