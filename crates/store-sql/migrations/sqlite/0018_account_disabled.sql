-- An administrator may disable an account: it signs in nowhere (its tokens
-- are deleted when it is disabled) and stays in the records.
ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
