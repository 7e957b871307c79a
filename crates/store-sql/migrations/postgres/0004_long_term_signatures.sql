-- Whether a council's resolutions are signed for the long term (as SQLite's 0021).
ALTER TABLE councils ADD COLUMN long_term_signatures BOOLEAN NOT NULL DEFAULT TRUE;
