-- Whether a council's resolutions are signed for the long term (PAdES
-- B-LTA) when the server has a time-stamping authority; B-B when not.
ALTER TABLE councils ADD COLUMN long_term_signatures INTEGER NOT NULL DEFAULT 1
    CHECK (long_term_signatures IN (0, 1));
