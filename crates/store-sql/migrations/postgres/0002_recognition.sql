-- Scanned pages are read by OCR in the background (as SQLite's 0019).
ALTER TABLE document_versions ADD COLUMN recognition_state TEXT
    CHECK (recognition_state IN ('queued', 'running', 'done', 'cancelled', 'unavailable'));
ALTER TABLE document_versions ADD COLUMN recognition_total BIGINT NOT NULL DEFAULT 0 CHECK (recognition_total >= 0);
ALTER TABLE document_versions ADD COLUMN recognition_done BIGINT NOT NULL DEFAULT 0 CHECK (recognition_done >= 0);
ALTER TABLE document_versions ADD COLUMN recognition_failed BIGINT NOT NULL DEFAULT 0 CHECK (recognition_failed >= 0);
ALTER TABLE document_versions ADD COLUMN recognition_reason TEXT;
ALTER TABLE document_pages ADD COLUMN ocr TEXT CHECK (ocr IN ('read', 'failed'));
ALTER TABLE document_pages ADD COLUMN ocr_confidence REAL;
ALTER TABLE document_pages ADD COLUMN ocr_lines TEXT;
UPDATE document_versions
   SET recognition_state = 'queued',
       recognition_total = (SELECT count(*) FROM document_pages p WHERE p.version_id = document_versions.id AND p.scanned)
 WHERE EXISTS (SELECT 1 FROM document_pages p WHERE p.version_id = document_versions.id AND p.scanned);
