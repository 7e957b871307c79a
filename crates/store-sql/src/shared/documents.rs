//! Documents, their versions, page texts and the search index.

use async_trait::async_trait;
use sqlx::Row;

use super::sessions::{agenda_item_in, session_in};
use super::SqlStore;
use super::{db_time, rows, Conn, DbTime};
use kyhop_domain::events::Stream;
use kyhop_domain::search;
use kyhop_domain::{
    AudienceEntry, AudienceKind, Document, DocumentVersion, NewDocument, NewNote, ReadReceipts,
    ReaderCopy, ReceiptLine, SearchHit,
};
use kyhop_domain::{OcrPage, PageText, Recognition, RecognitionState};
use kyhop_store::{
    DocumentStore, NewVersion, NoteScope, PageRecognition, PageSearch, Result, StoreError,
    StoredNote,
};

async fn reader_copy_in(
    conn: &mut Conn,
    document_id: i64,
    version: u32,
    account_id: i64,
) -> Result<Option<ReaderCopy>> {
    let row = sqlx::query(
        "SELECT sha256, byte_size, issued_at FROM reader_copies \
         WHERE document_id = $1 AND version = $2 AND account_id = $3",
    )
    .bind(document_id)
    .bind(i64::from(version))
    .bind(account_id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(ReaderCopy {
            document_id,
            version,
            account_id,
            sha256: row.try_get("sha256")?,
            byte_size: u64::try_from(row.try_get::<i64, _>("byte_size")?).unwrap_or(0),
            issued_at: row.try_get("issued_at")?,
        })
    })
    .transpose()
}

pub(super) async fn document_in(conn: &mut Conn, id: i64) -> Result<Document> {
    let row = sqlx::query("SELECT * FROM documents WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("document"))?;
    let audience = sqlx::query(
        "SELECT kind, ref_id FROM document_audience WHERE document_id = $1 ORDER BY kind, ref_id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(AudienceEntry {
            kind: r.try_get::<String, _>("kind")?.parse()?,
            id: r.try_get("ref_id")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let versions = sqlx::query(
        "SELECT v.*, (SELECT string_agg(CAST(page AS TEXT), ',' ORDER BY page) FROM document_pages p WHERE p.version_id = v.id AND p.scanned)
            AS scanned_pages
         FROM document_versions v WHERE v.document_id = $1 ORDER BY v.version",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let scanned: Option<String> = r.try_get("scanned_pages")?;
        let mut scanned_pages: Vec<u32> =
            scanned.unwrap_or_default().split(',').filter_map(|p| p.parse().ok()).collect();
        scanned_pages.sort_unstable();
        Ok(DocumentVersion {
            version: rows::int(r, "version")?,
            sha256: r.try_get("sha256")?,
            byte_size: u64::try_from(r.try_get::<i64, _>("byte_size")?).unwrap_or(0),
            page_count: rows::int(r, "page_count")?,
            scanned_pages,
            recognition: super::recognition::recognition_of(r)?,
            file_name: r.try_get("file_name")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let timing = sqlx::query(
        "SELECT s.planned_start, c.lead_time_days FROM sessions s JOIN councils c ON c.id = s.council_id WHERE s.id = $1",
    )
    .bind(row.try_get::<i64, _>("session_id")?)
    .fetch_one(&mut *conn)
    .await?;
    let planned_start: chrono::NaiveDate = timing.try_get("planned_start")?;
    let lead_time_days: i64 = timing.try_get("lead_time_days")?;
    let published_at: Option<chrono::DateTime<chrono::Utc>> = row.try_get("published_at")?;
    // Days count in Vietnam's time zone, where the session sits.
    use kyhop_domain::vi::vietnam_date;
    let days_before_session = published_at.map(|t| (planned_start - vietnam_date(t)).num_days());
    let days_left = days_before_session
        .unwrap_or_else(|| (planned_start - vietnam_date(chrono::Utc::now())).num_days());
    Ok(Document {
        id,
        days_before_session,
        late: days_left < lead_time_days,
        session_id: row.try_get("session_id")?,
        agenda_item_id: row.try_get("agenda_item_id")?,
        title: row.try_get("title")?,
        number: row.try_get("number")?,
        withdrawn_at: row.try_get("withdrawn_at")?,
        withdrawal_reason: row.try_get("withdrawal_reason")?,
        kind: row.try_get::<String, _>("kind")?.parse()?,
        confidentiality: row.try_get::<String, _>("confidentiality")?.parse()?,
        audience,
        created_at: row.try_get("created_at")?,
        published_at,
        versions,
    })
}

/// Checks a document's description against its session: the agenda item
/// is one of the session's, the audience names people and bodies of its
/// council.
async fn check_description(conn: &mut Conn, session_id: i64, new: &NewDocument) -> Result<()> {
    let session = session_in(&mut *conn, session_id).await?;
    if let Some(item) = new.agenda_item_id {
        let ok = agenda_item_in(&mut *conn, item)
            .await
            .is_ok_and(|i| i.session_id == session_id);
        if !ok {
            return Err(StoreError::invalid_reference(
                "agenda_item_id",
                format!("no agenda item {item} in this session"),
            ));
        }
    }
    check_audience(conn, session.council_id, &new.audience).await
}

async fn insert_audience(
    conn: &mut Conn,
    document_id: i64,
    audience: &[AudienceEntry],
) -> Result<()> {
    for entry in audience {
        sqlx::query(
            "INSERT INTO document_audience (document_id, kind, ref_id) VALUES ($1, $2, $3)",
        )
        .bind(document_id)
        .bind(entry.kind.as_str())
        .bind(entry.id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Checks that every audience entry names something of the council.
async fn check_audience(
    conn: &mut Conn,
    council_id: i64,
    audience: &[AudienceEntry],
) -> Result<()> {
    for entry in audience {
        let table = match entry.kind {
            AudienceKind::Group => "delegate_groups",
            AudienceKind::Committee => "committees",
            AudienceKind::Person => "people",
        };
        let council: Option<i64> =
            sqlx::query_scalar(&format!("SELECT council_id FROM {table} WHERE id = $1"))
                .bind(entry.id)
                .fetch_optional(&mut *conn)
                .await?;
        if council != Some(council_id) {
            return Err(StoreError::invalid_reference(
                "audience",
                format!("no {} {} in this council", entry.kind, entry.id),
            ));
        }
    }
    Ok(())
}

/// Stores a version's row and pages, and makes its pages the document's
/// searchable text (replacing the previous version's).
async fn insert_version(
    conn: &mut Conn,
    document_id: i64,
    number: u32,
    version: &NewVersion,
    now: &DbTime,
) -> Result<()> {
    let page_count = i64::try_from(version.pages.len()).unwrap_or(i64::MAX);
    // The previous version's scans are not worth reading any more.
    let previous: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM document_versions WHERE document_id = $1")
            .bind(document_id)
            .fetch_all(&mut *conn)
            .await?;
    for id in previous {
        super::recognition::cancel_open(&mut *conn, id).await?;
    }
    let recognition = version.recognition.as_ref();
    let version_id = sqlx::query_scalar::<_, i64>(
        "INSERT INTO document_versions (document_id, version, sha256, byte_size, page_count, file_name, created_at,
                                        recognition_state, recognition_total, recognition_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(document_id)
    .bind(i64::from(number))
    .bind(&version.sha256)
    .bind(i64::try_from(version.byte_size).unwrap_or(i64::MAX))
    .bind(page_count)
    .bind(&version.file_name)
    .bind(now)
    .bind(recognition.map(|r| r.state.as_str()))
    .bind(i64::from(recognition.map_or(0, |r| r.pages_total)))
    .bind(recognition.and_then(|r| r.reason.as_deref()))
    .fetch_one(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM page_search WHERE document_id = $1")
        .bind(document_id)
        .execute(&mut *conn)
        .await?;
    for page in &version.pages {
        sqlx::query(
            "INSERT INTO document_pages (version_id, page, text, scanned) VALUES ($1, $2, $3, $4)",
        )
        .bind(version_id)
        .bind(i64::from(page.page))
        .bind(&page.text)
        .bind(page.scanned)
        .execute(&mut *conn)
        .await?;
        if !page.scanned {
            index_page(&mut *conn, document_id, version_id, page.page, &page.text).await?;
        }
    }
    Ok(())
}

/// Makes a page of the document's current version searchable by the
/// store's own index.
pub(super) async fn index_page(
    conn: &mut Conn,
    document_id: i64,
    version_id: i64,
    page: u32,
    text: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO page_search (text, document_id, version_id, page) VALUES ($1, $2, $3, $4)",
    )
    .bind(super::dialect::index_text(text))
    .bind(document_id)
    .bind(version_id)
    .bind(i64::from(page))
    .execute(conn)
    .await?;
    Ok(())
}

#[async_trait]
impl DocumentStore for SqlStore {
    async fn create_document(
        &self,
        actor: i64,
        session_id: i64,
        new: NewDocument,
        version: NewVersion,
    ) -> Result<Document> {
        let mut tx = self.write(Some(actor)).await?;
        check_description(tx.conn(), session_id, &new).await?;
        let now = tx.now_db();
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO documents (session_id, agenda_item_id, title, number, kind, confidentiality, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(session_id)
        .bind(new.agenda_item_id)
        .bind(&new.title)
        .bind(&new.number)
        .bind(new.kind.as_str())
        .bind(new.confidentiality.as_str())
        .bind(&now)
        .fetch_one(tx.conn())
        .await?;
        insert_audience(tx.conn(), id, &new.audience).await?;
        insert_version(tx.conn(), id, 1, &version, &now).await?;
        let document = document_in(tx.conn(), id).await?;
        // Ids only: everyone in the council follows the session's stream,
        // and a document has an audience (clients fetch what they may read).
        tx.emit(
            Stream::Session(session_id),
            "document.uploaded",
            &serde_json::json!({ "id": id }),
        )
        .await?;
        tx.commit().await?;
        Ok(document)
    }

    async fn add_version(
        &self,
        actor: i64,
        document_id: i64,
        version: NewVersion,
    ) -> Result<Document> {
        let mut tx = self.write(Some(actor)).await?;
        let doc = document_in(tx.conn(), document_id).await?;
        let number = doc.current().map_or(1, |v| v.version + 1);
        let now = tx.now_db();
        insert_version(tx.conn(), document_id, number, &version, &now).await?;
        let document = document_in(tx.conn(), document_id).await?;
        tx.emit(
            Stream::Session(doc.session_id),
            "document.updated",
            &serde_json::json!({ "id": document_id, "version": number }),
        )
        .await?;
        tx.commit().await?;
        Ok(document)
    }

    async fn version_pages(&self, document_id: i64, version: u32) -> Result<Vec<PageText>> {
        let rows = sqlx::query(
            "SELECT p.page, p.text, p.scanned FROM document_pages p JOIN document_versions v ON v.id = p.version_id
             WHERE v.document_id = $1 AND v.version = $2 ORDER BY p.page",
        )
        .bind(document_id)
        .bind(i64::from(version))
        .fetch_all(&self.reader)
        .await?;
        if rows.is_empty() {
            return Err(StoreError::NotFound("version"));
        }
        rows.iter()
            .map(|r| {
                Ok(PageText {
                    page: rows::int(r, "page")?,
                    text: r.try_get("text")?,
                    scanned: r.try_get("scanned")?,
                })
            })
            .collect()
    }

    async fn open_recognitions(&self) -> Result<Vec<(i64, u32)>> {
        self.open_recognitions_impl().await
    }

    async fn pages_to_recognise(&self, document_id: i64, version: u32) -> Result<Vec<u32>> {
        self.pages_to_recognise_impl(document_id, version).await
    }

    async fn record_recognised_page(
        &self,
        document_id: i64,
        version: u32,
        page: u32,
        outcome: PageRecognition,
    ) -> Result<Recognition> {
        self.record_recognised_page_impl(document_id, version, page, outcome)
            .await
    }

    async fn finish_recognition(
        &self,
        document_id: i64,
        version: u32,
        state: RecognitionState,
        reason: Option<String>,
    ) -> Result<Recognition> {
        self.finish_recognition_impl(document_id, version, state, reason)
            .await
    }

    async fn cancel_recognition(&self, actor: i64, document_id: i64) -> Result<Document> {
        self.cancel_recognition_impl(actor, document_id).await
    }

    async fn ocr_pages(&self, document_id: i64, version: u32) -> Result<Vec<OcrPage>> {
        self.ocr_pages_impl(document_id, version).await
    }

    async fn create_note(
        &self,
        account: i64,
        document_id: i64,
        note: NewNote,
    ) -> Result<StoredNote> {
        self.create_note_impl(account, document_id, note).await
    }

    async fn notes(&self, account: i64, scope: NoteScope) -> Result<Vec<StoredNote>> {
        self.notes_impl(account, scope).await
    }

    async fn update_note(&self, account: i64, id: i64, body: String) -> Result<StoredNote> {
        self.update_note_impl(account, id, body).await
    }

    async fn delete_note(&self, account: i64, id: i64) -> Result<()> {
        self.delete_note_impl(account, id).await
    }

    async fn document(&self, id: i64) -> Result<Document> {
        document_in(&mut *self.reader.acquire().await?, id).await
    }

    async fn documents(&self, session_id: i64) -> Result<Vec<Document>> {
        let mut conn = self.reader.acquire().await?;
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM documents WHERE session_id = $1 ORDER BY id")
                .bind(session_id)
                .fetch_all(&mut *conn)
                .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(document_in(&mut conn, id).await?);
        }
        Ok(out)
    }

    async fn update_document(&self, actor: i64, id: i64, new: NewDocument) -> Result<Document> {
        let mut tx = self.write(Some(actor)).await?;
        let current = document_in(tx.conn(), id).await?;
        current.require_not_withdrawn()?;
        check_description(tx.conn(), current.session_id, &new).await?;
        sqlx::query(
            "UPDATE documents SET agenda_item_id = $1, title = $2, number = $3, kind = $4,
                confidentiality = $5 WHERE id = $6",
        )
        .bind(new.agenda_item_id)
        .bind(&new.title)
        .bind(&new.number)
        .bind(new.kind.as_str())
        .bind(new.confidentiality.as_str())
        .bind(id)
        .execute(tx.conn())
        .await?;
        sqlx::query("DELETE FROM document_audience WHERE document_id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        insert_audience(tx.conn(), id, &new.audience).await?;
        let document = document_in(tx.conn(), id).await?;
        // Ids only, as for every document event.
        tx.emit(
            Stream::Session(document.session_id),
            "document.updated",
            &serde_json::json!({ "id": id }),
        )
        .await?;
        tx.commit().await?;
        Ok(document)
    }

    async fn withdraw_document(&self, actor: i64, id: i64, reason: String) -> Result<Document> {
        let mut tx = self.write(Some(actor)).await?;
        let current = document_in(tx.conn(), id).await?;
        current.require_withdrawable()?;
        let now = tx.now_db();
        sqlx::query("UPDATE documents SET withdrawn_at = $1, withdrawal_reason = $2 WHERE id = $3")
            .bind(&now)
            .bind(&reason)
            .bind(id)
            .execute(tx.conn())
            .await?;
        // Its text is no longer found by search; readers' notes stay.
        sqlx::query("DELETE FROM page_search WHERE document_id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        let document = document_in(tx.conn(), id).await?;
        tx.emit(
            Stream::Session(document.session_id),
            "document.withdrawn",
            &serde_json::json!({ "id": id }),
        )
        .await?;
        tx.commit().await?;
        Ok(document)
    }

    async fn delete_document(&self, actor: i64, id: i64) -> Result<()> {
        let mut tx = self.write(Some(actor)).await?;
        let current = document_in(tx.conn(), id).await?;
        current.require_deletable()?;
        sqlx::query("DELETE FROM page_search WHERE document_id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.delete(
            "documents",
            id,
            Stream::Session(current.session_id),
            "document",
        )
        .await?;
        tx.commit().await
    }

    async fn publish(&self, actor: i64, session_id: i64, ids: &[i64]) -> Result<Vec<Document>> {
        let mut tx = self.write(Some(actor)).await?;
        let now = tx.now_db();
        let mut published = Vec::with_capacity(ids.len());
        for &id in ids {
            let doc = document_in(tx.conn(), id)
                .await
                .ok()
                .filter(|d| d.session_id == session_id);
            let Some(doc) = doc else {
                return Err(StoreError::invalid_reference(
                    "document_ids",
                    format!("no document {id} in this session"),
                ));
            };
            if doc.published_at.is_none() {
                sqlx::query("UPDATE documents SET published_at = $1 WHERE id = $2")
                    .bind(&now)
                    .bind(id)
                    .execute(tx.conn())
                    .await?;
            }
            published.push(document_in(tx.conn(), id).await?);
        }
        let ids: Vec<i64> = published.iter().map(|d| d.id).collect();
        tx.emit(
            Stream::Session(session_id),
            "documents.published",
            &serde_json::json!({ "ids": ids }),
        )
        .await?;
        tx.commit().await?;
        Ok(published)
    }

    async fn record_read(
        &self,
        document_id: i64,
        version: u32,
        account_id: i64,
        person_id: Option<i64>,
    ) -> Result<()> {
        // A read is a fact for the secretariat's receipts, not a change of
        // the session: it is kept, but not in the event log.
        let mut tx = self.write(Some(account_id)).await?;
        let now = tx.now_db();
        sqlx::query("INSERT INTO document_reads (document_id, version, account_id, person_id, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(document_id)
            .bind(i64::from(version))
            .bind(account_id)
            .bind(person_id)
            .bind(&now)
            .execute(tx.conn())
            .await?;
        tx.commit().await
    }

    async fn reader_copy(
        &self,
        document_id: i64,
        version: u32,
        account_id: i64,
    ) -> Result<Option<ReaderCopy>> {
        let mut conn = self.reader.acquire().await?;
        reader_copy_in(&mut conn, document_id, version, account_id).await
    }

    async fn keep_reader_copy(&self, copy: ReaderCopy) -> Result<ReaderCopy> {
        // Like a read receipt, a copy is a fact about delivery, not a change
        // of the session: kept, not logged as an event.
        let mut tx = self.write(Some(copy.account_id)).await?;
        sqlx::query(
            "INSERT INTO reader_copies (document_id, version, account_id, sha256, byte_size, issued_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(copy.document_id)
        .bind(i64::from(copy.version))
        .bind(copy.account_id)
        .bind(&copy.sha256)
        .bind(i64::try_from(copy.byte_size).unwrap_or(i64::MAX))
        .bind(db_time(copy.issued_at))
        .execute(tx.conn())
        .await?;
        let kept = reader_copy_in(tx.conn(), copy.document_id, copy.version, copy.account_id)
            .await?
            .ok_or(StoreError::NotFound("reader copy"))?;
        tx.commit().await?;
        Ok(kept)
    }

    async fn session_reads(&self, session_id: i64) -> Result<Vec<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT DISTINCT r.document_id, r.person_id FROM document_reads r
             JOIN documents d ON d.id = r.document_id
             WHERE d.session_id = $1 AND r.person_id IS NOT NULL",
        )
        .bind(session_id)
        .fetch_all(&self.reader)
        .await?)
    }

    async fn read_receipts(&self, document_id: i64) -> Result<ReadReceipts> {
        let mut conn = self.reader.acquire().await?;
        let doc = document_in(&mut conn, document_id).await?;
        let rows = sqlx::query(
            "SELECT p.id, p.full_name,
                    (SELECT MIN(r.at) FROM document_reads r WHERE r.document_id = $1 AND r.person_id = p.id)
                    AS first_opened_at
             FROM people p JOIN sessions s ON s.council_id = p.council_id
             WHERE s.id = $2 AND p.kind = 'delegate' ORDER BY p.full_name, p.id",
        )
        .bind(document_id)
        .bind(doc.session_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut receipts = ReadReceipts {
            document_id,
            opened: Vec::new(),
            not_opened: Vec::new(),
        };
        for r in &rows {
            let line = ReceiptLine {
                person_id: r.try_get("id")?,
                full_name: r.try_get("full_name")?,
                first_opened_at: r.try_get("first_opened_at")?,
            };
            if line.first_opened_at.is_some() {
                receipts.opened.push(line);
            } else {
                receipts.not_opened.push(line);
            }
        }
        Ok(receipts)
    }
}

#[async_trait]
impl PageSearch for SqlStore {
    async fn search(
        &self,
        session_id: i64,
        query: &str,
        among: &[i64],
        limit: u32,
    ) -> Result<Vec<SearchHit>> {
        let terms = search::query_terms(query);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let rows =
            super::dialect::search_pages(&self.reader, session_id, &terms, among, limit).await?;
        rows.iter()
            .map(|r| {
                Ok(SearchHit {
                    document_id: r.try_get::<i64, _>("document_id")?,
                    title: r.try_get("title")?,
                    version: rows::int(r, "version")?,
                    page: u32::try_from(r.try_get::<i64, _>("page")?).unwrap_or(0),
                    snippet: search::snippet(&r.try_get::<String, _>("text")?, &terms, 16),
                })
            })
            .collect()
    }
}
