-- Scanned pages are read by OCR in the background. A version's recognition:
-- NULL when every page had text; otherwise queued, running, done,
-- cancelled or unavailable, with its progress and the reason it is
-- unavailable or its last page failed.
ALTER TABLE document_versions ADD COLUMN recognition_state TEXT
    CHECK (recognition_state IN ('queued', 'running', 'done', 'cancelled', 'unavailable'));
ALTER TABLE document_versions ADD COLUMN recognition_total INTEGER NOT NULL DEFAULT 0 CHECK (recognition_total >= 0);
ALTER TABLE document_versions ADD COLUMN recognition_done INTEGER NOT NULL DEFAULT 0 CHECK (recognition_done >= 0);
ALTER TABLE document_versions ADD COLUMN recognition_failed INTEGER NOT NULL DEFAULT 0 CHECK (recognition_failed >= 0);
ALTER TABLE document_versions ADD COLUMN recognition_reason TEXT;
-- A page given to the reader: read (its text replaced, its lines and mean
-- confidence kept for the viewer) or failed (it stays scanned).
ALTER TABLE document_pages ADD COLUMN ocr TEXT CHECK (ocr IN ('read', 'failed'));
ALTER TABLE document_pages ADD COLUMN ocr_confidence REAL;
ALTER TABLE document_pages ADD COLUMN ocr_lines TEXT;
-- Scans filed before this release are read too.
UPDATE document_versions
   SET recognition_state = 'queued',
       recognition_total = (SELECT count(*) FROM document_pages p WHERE p.version_id = document_versions.id AND p.scanned)
 WHERE EXISTS (SELECT 1 FROM document_pages p WHERE p.version_id = document_versions.id AND p.scanned);
