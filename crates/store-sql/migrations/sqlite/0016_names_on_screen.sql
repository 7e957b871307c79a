-- A closed named poll's list of who chose what, on the chamber screen when
-- the chair shows it (it is always in the minutes).
ALTER TABLE polls ADD COLUMN names_on_screen INTEGER NOT NULL DEFAULT 0;
