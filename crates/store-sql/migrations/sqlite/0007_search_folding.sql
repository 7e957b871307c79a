-- The index holds page text with đ/Đ as d/D: SQLite's remove_diacritics
-- does not fold that letter, so "dai bieu" did not find "đại biểu".
-- Snippets are now cut from document_pages, which keeps the original.
DELETE FROM page_search;
INSERT INTO page_search (text, document_id, version_id, page)
SELECT replace(replace(p.text, 'đ', 'd'), 'Đ', 'D'), v.document_id, p.version_id, p.page
FROM document_pages p
JOIN document_versions v ON v.id = p.version_id
WHERE p.scanned = 0
  AND v.version = (SELECT MAX(version) FROM document_versions w WHERE w.document_id = v.document_id);
