-- Pairing cards that nobody can use to vote for someone else: a card
-- issued while a session of the council is convened or sitting works only
-- once the chair has confirmed it; who issued and who confirmed is kept.
ALTER TABLE pairing_codes ADD COLUMN issued_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE pairing_codes ADD COLUMN awaits_chair INTEGER NOT NULL DEFAULT 0 CHECK (awaits_chair IN (0, 1));
ALTER TABLE pairing_codes ADD COLUMN confirmed_at TEXT;
ALTER TABLE pairing_codes ADD COLUMN confirmed_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL;
