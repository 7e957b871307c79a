//! The recognition (OCR) of scanned pages: its state per version, each page's
//! outcome, and the read lines the viewer lays over a scan.

use sqlx::Row;

use super::{rows, Conn, DbRow, SqlStore};
use kyhop_domain::events::Stream;
use kyhop_domain::{announce_progress, OcrLine, OcrPage, Recognition, RecognitionState};
use kyhop_store::{PageRecognition, Result, StoreError};

/// The recognition columns of a `document_versions` row.
pub(super) fn recognition_of(row: &DbRow) -> Result<Option<Recognition>> {
    let Some(state) = row.try_get::<Option<String>, _>("recognition_state")? else {
        return Ok(None);
    };
    Ok(Some(Recognition {
        state: state.parse()?,
        pages_total: rows::int(row, "recognition_total")?,
        pages_done: rows::int(row, "recognition_done")?,
        pages_failed: rows::int(row, "recognition_failed")?,
        reason: row.try_get("recognition_reason")?,
    }))
}

/// A version's row id, session and recognition.
struct Version {
    id: i64,
    session_id: i64,
    current: bool,
    recognition: Option<Recognition>,
}

async fn version_in(conn: &mut Conn, document_id: i64, version: u32) -> Result<Version> {
    let row = sqlx::query(
        "SELECT v.*, d.session_id,
                v.version = (SELECT max(w.version) FROM document_versions w WHERE w.document_id = v.document_id) AS current
           FROM document_versions v JOIN documents d ON d.id = v.document_id
          WHERE v.document_id = $1 AND v.version = $2",
    )
    .bind(document_id)
    .bind(i64::from(version))
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(StoreError::NotFound("version"))?;
    Ok(Version {
        id: row.try_get("id")?,
        session_id: row.try_get("session_id")?,
        current: row.try_get("current")?,
        recognition: recognition_of(&row)?,
    })
}

/// The open recognition of a version, or `recognition_closed`.
fn open(version: &Version) -> Result<Recognition> {
    match &version.recognition {
        Some(r) if r.state.is_open() => Ok(r.clone()),
        _ => Err(StoreError::refused(
            "recognition_closed",
            "the recognition of this version has ended or was cancelled",
        )),
    }
}

async fn save_recognition(conn: &mut Conn, version_id: i64, r: &Recognition) -> Result<()> {
    sqlx::query(
        "UPDATE document_versions SET recognition_state = $1, recognition_done = $2, recognition_failed = $3, recognition_reason = $4
          WHERE id = $5",
    )
    .bind(r.state.as_str())
    .bind(i64::from(r.pages_done))
    .bind(i64::from(r.pages_failed))
    .bind(&r.reason)
    .bind(version_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Tells the session's stream where a recognition stands: ids and
/// figures, nothing of the document's text (everyone in the council
/// follows the stream).
async fn announce(
    tx: &mut super::WriteTx<'_>,
    v: &Version,
    document_id: i64,
    version: u32,
    r: &Recognition,
) -> Result<()> {
    let event = serde_json::json!({
        "id": document_id,
        "version": version,
        "state": r.state,
        "pages_done": r.pages_done,
        "pages_total": r.pages_total,
        "pages_failed": r.pages_failed,
    });
    tx.emit(
        Stream::Session(v.session_id),
        "document.recognition",
        &event,
    )
    .await
}

/// Closes a version's open recognition as cancelled (a newer version took its
/// place); nothing when it has none.
pub(super) async fn cancel_open(conn: &mut Conn, version_id: i64) -> Result<()> {
    sqlx::query(
        "UPDATE document_versions SET recognition_state = 'cancelled'
          WHERE id = $1 AND recognition_state IN ('queued', 'running')",
    )
    .bind(version_id)
    .execute(conn)
    .await?;
    Ok(())
}

impl SqlStore {
    pub(super) async fn open_recognitions_impl(&self) -> Result<Vec<(i64, u32)>> {
        sqlx::query(
            "SELECT document_id, version FROM document_versions
              WHERE recognition_state IN ('queued', 'running') ORDER BY id",
        )
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("document_id")?, rows::int(r, "version")?)))
        .collect()
    }

    pub(super) async fn pages_to_recognise_impl(
        &self,
        document_id: i64,
        version: u32,
    ) -> Result<Vec<u32>> {
        let mut conn = self.reader.acquire().await?;
        let v = version_in(&mut conn, document_id, version).await?;
        sqlx::query(
            "SELECT page FROM document_pages WHERE version_id = $1 AND scanned AND ocr IS NULL ORDER BY page",
        )
        .bind(v.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| rows::int(r, "page"))
        .collect()
    }

    pub(super) async fn record_recognised_page_impl(
        &self,
        document_id: i64,
        version: u32,
        page: u32,
        outcome: PageRecognition,
    ) -> Result<Recognition> {
        let mut tx = self.write(None).await?;
        let v = version_in(tx.conn(), document_id, version).await?;
        let mut recognition = open(&v)?;
        let tried: Option<Option<String>> = sqlx::query_scalar(
            "SELECT ocr FROM document_pages WHERE version_id = $1 AND page = $2",
        )
        .bind(v.id)
        .bind(i64::from(page))
        .fetch_optional(tx.conn())
        .await?;
        match tried {
            None => return Err(StoreError::NotFound("page")),
            // Read already (a reader that stopped after the commit and
            // started again): the same recognition, unchanged.
            Some(Some(_)) => return Ok(recognition),
            Some(None) => {}
        }
        let before = recognition.pages_done;
        recognition.state = RecognitionState::Running;
        recognition.pages_done += 1;
        match outcome {
            PageRecognition::Recognised(read) => {
                let text = read.text();
                let lines = serde_json::to_string(&read.lines)
                    .map_err(|e| StoreError::Corrupt(format!("ocr lines: {e}")))?;
                let scanned = text.trim().is_empty();
                sqlx::query(
                    "UPDATE document_pages SET text = $1, scanned = $2, ocr = 'read', ocr_confidence = $3, ocr_lines = $4
                      WHERE version_id = $5 AND page = $6",
                )
                .bind(&text)
                .bind(scanned)
                .bind(read.confidence)
                .bind(lines)
                .bind(v.id)
                .bind(i64::from(page))
                .execute(tx.conn())
                .await?;
                if v.current && !scanned {
                    super::documents::index_page(tx.conn(), document_id, v.id, page, &text).await?;
                }
            }
            PageRecognition::Failed(code) => {
                sqlx::query(
                    "UPDATE document_pages SET ocr = 'failed' WHERE version_id = $1 AND page = $2",
                )
                .bind(v.id)
                .bind(i64::from(page))
                .execute(tx.conn())
                .await?;
                recognition.pages_failed += 1;
                recognition.reason = Some(code);
            }
        }
        save_recognition(tx.conn(), v.id, &recognition).await?;
        if announce_progress(before, recognition.pages_done, recognition.pages_total) {
            announce(&mut tx, &v, document_id, version, &recognition).await?;
        }
        tx.commit().await?;
        Ok(recognition)
    }

    pub(super) async fn finish_recognition_impl(
        &self,
        document_id: i64,
        version: u32,
        state: RecognitionState,
        reason: Option<String>,
    ) -> Result<Recognition> {
        let mut tx = self.write(None).await?;
        let v = version_in(tx.conn(), document_id, version).await?;
        let mut recognition = open(&v)?;
        if state.is_open() || state == RecognitionState::Cancelled {
            return Err(StoreError::InvalidState(format!(
                "a recognition does not finish as {state}"
            )));
        }
        recognition.state = state;
        if reason.is_some() {
            recognition.reason = reason;
        }
        save_recognition(tx.conn(), v.id, &recognition).await?;
        announce(&mut tx, &v, document_id, version, &recognition).await?;
        tx.commit().await?;
        Ok(recognition)
    }

    pub(super) async fn cancel_recognition_impl(
        &self,
        actor: i64,
        document_id: i64,
    ) -> Result<kyhop_domain::Document> {
        let mut tx = self.write(Some(actor)).await?;
        let version: Option<i64> =
            sqlx::query_scalar("SELECT max(version) FROM document_versions WHERE document_id = $1")
                .bind(document_id)
                .fetch_one(tx.conn())
                .await?;
        let version = version
            .and_then(|v| u32::try_from(v).ok())
            .ok_or(StoreError::NotFound("document"))?;
        let v = version_in(tx.conn(), document_id, version).await?;
        let mut recognition = open(&v)?;
        recognition.state = RecognitionState::Cancelled;
        save_recognition(tx.conn(), v.id, &recognition).await?;
        announce(&mut tx, &v, document_id, version, &recognition).await?;
        let document = super::documents::document_in(tx.conn(), document_id).await?;
        tx.commit().await?;
        Ok(document)
    }

    pub(super) async fn ocr_pages_impl(
        &self,
        document_id: i64,
        version: u32,
    ) -> Result<Vec<OcrPage>> {
        let mut conn = self.reader.acquire().await?;
        let v = version_in(&mut conn, document_id, version).await?;
        sqlx::query(
            "SELECT page, ocr_confidence, ocr_lines FROM document_pages
              WHERE version_id = $1 AND ocr = 'read' ORDER BY page",
        )
        .bind(v.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let lines: String = r
                .try_get::<Option<String>, _>("ocr_lines")?
                .unwrap_or_default();
            let lines: Vec<OcrLine> = serde_json::from_str(&lines)
                .map_err(|e| StoreError::Corrupt(format!("ocr lines: {e}")))?;
            Ok(OcrPage {
                page: rows::int(r, "page")?,
                confidence: r
                    .try_get::<Option<f32>, _>("ocr_confidence")?
                    .unwrap_or(0.0),
                lines,
            })
        })
        .collect()
    }
}
