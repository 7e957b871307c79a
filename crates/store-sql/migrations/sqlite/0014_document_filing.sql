-- A document's number and symbol (số, ký hiệu), and its withdrawal after
-- publishing (kept, marked, with the reason shown to its readers).
ALTER TABLE documents ADD COLUMN number TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN withdrawn_at TEXT;
ALTER TABLE documents ADD COLUMN withdrawal_reason TEXT;
