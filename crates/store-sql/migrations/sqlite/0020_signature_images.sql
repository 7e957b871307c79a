-- The council's own seal and its signers' signatures, shown in the
-- signature block of its resolutions (the PNG itself is in the blob store,
-- by SHA-256). One seal per council, one signature per person.
CREATE TABLE signature_images (
    id          INTEGER PRIMARY KEY,
    council_id  INTEGER NOT NULL REFERENCES councils (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('seal', 'signature')),
    person_id   INTEGER REFERENCES people (id) ON DELETE CASCADE,
    sha256      TEXT    NOT NULL,
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    uploaded_at TEXT    NOT NULL,
    CHECK ((kind = 'seal') = (person_id IS NULL))
);
CREATE UNIQUE INDEX signature_images_one ON signature_images (council_id, kind, COALESCE(person_id, 0));
