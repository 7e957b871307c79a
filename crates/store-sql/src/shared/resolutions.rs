//! Resolutions and their numbers.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use sqlx::Row;

use super::polls::poll_in;
use super::sessions::{agenda_item_in, session_in};
use super::{rows, Conn, DbRow};
use super::{SqlStore, WriteTx};
use kyhop_domain::events::Stream;
use kyhop_domain::{
    NewResolution, Resolution, ResolutionContent, ResolutionNumber, ResolutionPatch,
};
use kyhop_store::{ResolutionStore, Result, StoreError};

fn resolution_row(r: &DbRow) -> Result<Resolution> {
    let content: String = r.try_get("content")?;
    let content: ResolutionContent =
        serde_json::from_str(&content).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let number = match (
        r.try_get::<Option<i32>, _>("number_year")?,
        rows::int_opt::<u32>(r, "number_seq")?,
        r.try_get::<Option<String>, _>("number_text")?,
    ) {
        (Some(year), Some(seq), Some(text)) => Some(ResolutionNumber { year, seq, text }),
        _ => None,
    };
    Ok(Resolution {
        id: r.try_get("id")?,
        council_id: r.try_get("council_id")?,
        session_id: r.try_get("session_id")?,
        agenda_item_id: r.try_get("agenda_item_id")?,
        poll_id: r.try_get("poll_id")?,
        content,
        state: r.try_get::<String, _>("state")?.parse()?,
        number,
        issued_on: r.try_get("issued_on")?,
        issued_at: r.try_get("issued_at")?,
        pdf_sha256: r.try_get("pdf_sha256")?,
        created_at: r.try_get("created_at")?,
        poll_result: None,
    })
}

async fn resolution_in(conn: &mut Conn, id: i64) -> Result<Resolution> {
    let row = sqlx::query("SELECT * FROM resolutions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("resolution"))?;
    let mut resolution = resolution_row(&row)?;
    if let Some(poll) = resolution.poll_id {
        resolution.poll_result = poll_in(conn, poll).await?.result;
    }
    Ok(resolution)
}

/// The poll must be on the resolution's own agenda item.
async fn check_poll(conn: &mut Conn, poll: Option<i64>, item: i64) -> Result<()> {
    let Some(poll) = poll else { return Ok(()) };
    let ok = poll_in(conn, poll)
        .await
        .is_ok_and(|p| p.agenda_item_id == item);
    if ok {
        Ok(())
    } else {
        Err(StoreError::invalid_reference(
            "poll_id",
            "the adopting poll must be on the resolution's agenda item",
        ))
    }
}

fn content_json(content: &ResolutionContent) -> Result<String> {
    serde_json::to_string(content).map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[async_trait]
impl ResolutionStore for SqlStore {
    async fn create_resolution(
        &self,
        actor: i64,
        session_id: i64,
        new: NewResolution,
    ) -> Result<Resolution> {
        let content = new.content.validated()?;
        let mut tx = self.write(Some(actor)).await?;
        let session = session_in(tx.conn(), session_id).await?;
        let item_ok = agenda_item_in(tx.conn(), new.agenda_item_id)
            .await
            .is_ok_and(|i| i.session_id == session_id);
        if !item_ok {
            return Err(StoreError::invalid_reference(
                "agenda_item_id",
                "no such agenda item in this session",
            ));
        }
        check_poll(tx.conn(), new.poll_id, new.agenda_item_id).await?;
        let now = tx.now_db();
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO resolutions (council_id, session_id, agenda_item_id, poll_id, content, state, created_at)
             VALUES ($1, $2, $3, $4, $5, 'draft', $6) RETURNING id",
        )
        .bind(session.council_id)
        .bind(session_id)
        .bind(new.agenda_item_id)
        .bind(new.poll_id)
        .bind(content_json(&content)?)
        .bind(&now)
        .fetch_one(tx.conn())
        .await?;
        commit_with_event(tx, id, "resolution.created").await
    }

    async fn resolution(&self, id: i64) -> Result<Resolution> {
        resolution_in(&mut *self.reader.acquire().await?, id).await
    }

    async fn resolutions(&self, session_id: i64) -> Result<Vec<Resolution>> {
        let mut conn = self.reader.acquire().await?;
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM resolutions WHERE session_id = $1 ORDER BY id")
                .bind(session_id)
                .fetch_all(&mut *conn)
                .await?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(resolution_in(&mut conn, id).await?);
        }
        Ok(out)
    }

    async fn update_resolution(
        &self,
        actor: i64,
        id: i64,
        patch: ResolutionPatch,
    ) -> Result<Resolution> {
        let content = patch.content.validated()?;
        let mut tx = self.write(Some(actor)).await?;
        let current = resolution_in(tx.conn(), id).await?;
        current.require_draft()?;
        // What is being signed must stay what was numbered.
        refuse_while_issuing(tx.conn(), id).await?;
        check_poll(tx.conn(), patch.poll_id, current.agenda_item_id).await?;
        sqlx::query("UPDATE resolutions SET content = $1, poll_id = $2 WHERE id = $3")
            .bind(content_json(&content)?)
            .bind(patch.poll_id)
            .bind(id)
            .execute(tx.conn())
            .await?;
        commit_with_event(tx, id, "resolution.updated").await
    }

    async fn take_resolution_number(
        &self,
        actor: i64,
        id: i64,
        year: i32,
    ) -> Result<ResolutionNumber> {
        let mut tx = self.write(Some(actor)).await?;
        let resolution = resolution_in(tx.conn(), id).await?;
        resolution.require_issuable()?;
        // A double click must not cost a number: one issue at a time.
        refuse_while_issuing(tx.conn(), id).await?;
        // Void numbers count: a number is never handed out twice.
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(seq) FROM resolution_numbers WHERE council_id = $1 AND year = $2",
        )
        .bind(resolution.council_id)
        .bind(i64::from(year))
        .fetch_one(tx.conn())
        .await?;
        let next = u32::try_from(last.unwrap_or(0) + 1)
            .map_err(|_| StoreError::Corrupt(format!("resolution number {last:?}")))?;
        let number = ResolutionNumber::new(year, next, resolution.content.normative);
        let now = tx.now_db();
        sqlx::query(
            "INSERT INTO resolution_numbers (council_id, year, seq, resolution_id, state, taken_at)
             VALUES ($1, $2, $3, $4, 'taken', $5)",
        )
        .bind(resolution.council_id)
        .bind(i64::from(year))
        .bind(i64::from(number.seq))
        .bind(id)
        .bind(&now)
        .execute(tx.conn())
        .await?;
        tx.emit(
            Stream::Session(resolution.session_id),
            "resolution.number_taken",
            &serde_json::json!({ "resolution_id": id, "number": number }),
        )
        .await?;
        tx.commit().await?;
        Ok(number)
    }

    async fn complete_issue(
        &self,
        actor: i64,
        id: i64,
        number: &ResolutionNumber,
        issued_on: NaiveDate,
        pdf_sha256: &str,
    ) -> Result<Resolution> {
        let mut tx = self.write(Some(actor)).await?;
        let resolution = resolution_in(tx.conn(), id).await?;
        resolution.require_unissued()?;
        let taken = sqlx::query(
            "UPDATE resolution_numbers SET state = 'issued'
             WHERE council_id = $1 AND year = $2 AND seq = $3 AND resolution_id = $4 AND state = 'taken'",
        )
        .bind(resolution.council_id)
        .bind(i64::from(number.year))
        .bind(i64::from(number.seq))
        .bind(id)
        .execute(tx.conn())
        .await?
        .rows_affected();
        if taken != 1 {
            return Err(StoreError::InvalidState(format!(
                "number {} was not taken for this resolution",
                number.text
            )));
        }
        let now = tx.now_db();
        sqlx::query(
            "UPDATE resolutions SET state = 'issued', number_year = $1, number_seq = $2, number_text = $3,
                issued_on = $4, issued_at = $5, pdf_sha256 = $6 WHERE id = $7",
        )
        .bind(i64::from(number.year))
        .bind(i64::from(number.seq))
        .bind(&number.text)
        .bind(issued_on)
        .bind(&now)
        .bind(pdf_sha256)
        .bind(id)
        .execute(tx.conn())
        .await?;
        commit_with_event(tx, id, "resolution.issued").await
    }

    async fn minutes_narratives(&self, session_id: i64) -> Result<HashMap<i64, String>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT agenda_item_id, text FROM minutes_narratives WHERE session_id = $1",
        )
        .bind(session_id)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows.into_iter().collect())
    }

    async fn set_minutes_narrative(
        &self,
        actor: i64,
        agenda_item_id: i64,
        text: String,
    ) -> Result<()> {
        let text = kyhop_domain::text::multiline("text", &text, 50_000)?;
        let mut tx = self.write(Some(actor)).await?;
        let item = agenda_item_in(tx.conn(), agenda_item_id).await?;
        let now = tx.now_db();
        sqlx::query(
            "INSERT INTO minutes_narratives (session_id, agenda_item_id, text, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (session_id, agenda_item_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
        )
        .bind(item.session_id)
        .bind(agenda_item_id)
        .bind(&text)
        .bind(&now)
        .execute(tx.conn())
        .await?;
        tx.emit(
            Stream::Session(item.session_id),
            "minutes.narrative_updated",
            // Not the text: the session stream reaches every delegate, and
            // the draft minutes are the staff's.
            &serde_json::json!({ "agenda_item_id": agenda_item_id }),
        )
        .await?;
        tx.commit().await
    }

    async fn void_resolution_number(
        &self,
        actor: i64,
        id: i64,
        number: &ResolutionNumber,
        reason: &str,
    ) -> Result<()> {
        let mut tx = self.write(Some(actor)).await?;
        let resolution = resolution_in(tx.conn(), id).await?;
        sqlx::query(
            "UPDATE resolution_numbers SET state = 'void'
             WHERE council_id = $1 AND year = $2 AND seq = $3 AND resolution_id = $4 AND state = 'taken'",
        )
        .bind(resolution.council_id)
        .bind(i64::from(number.year))
        .bind(i64::from(number.seq))
        .bind(id)
        .execute(tx.conn())
        .await?;
        tx.emit(
            Stream::Session(resolution.session_id),
            "resolution.number_voided",
            &serde_json::json!({ "resolution_id": id, "number": number, "reason": reason }),
        )
        .await?;
        tx.commit().await
    }

    async fn void_interrupted_issues(&self) -> Result<usize> {
        let mut tx = self.write(None).await?;
        let taken: Vec<(i64, i32, i64, i64, String)> = sqlx::query_as(
            "SELECT r.session_id, n.year, n.seq, n.resolution_id, r.content
             FROM resolution_numbers n JOIN resolutions r ON r.id = n.resolution_id
             WHERE n.state = 'taken'",
        )
        .fetch_all(tx.conn())
        .await?;
        for (session_id, year, seq, resolution_id, content) in &taken {
            let normative = serde_json::from_str::<kyhop_domain::ResolutionContent>(content)
                .map(|c| c.normative)
                .unwrap_or(false);
            let seq = u32::try_from(*seq)
                .map_err(|_| StoreError::Corrupt(format!("resolution number {seq}")))?;
            let number = ResolutionNumber::new(*year, seq, normative);
            sqlx::query(
                "UPDATE resolution_numbers SET state = 'void' WHERE resolution_id = $1 AND year = $2 AND seq = $3",
            )
            .bind(resolution_id)
            .bind(year)
            .bind(i64::from(seq))
            .execute(tx.conn())
            .await?;
            tx.emit(
                Stream::Session(*session_id),
                "resolution.number_voided",
                &serde_json::json!({ "resolution_id": resolution_id, "number": number, "reason": "interrupted" }),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(taken.len())
    }
}

/// Refuses while a number is taken for the resolution and its issue runs.
async fn refuse_while_issuing(conn: &mut Conn, id: i64) -> Result<()> {
    let in_progress: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM resolution_numbers WHERE resolution_id = $1 AND state = 'taken')",
    )
    .bind(id)
    .fetch_one(conn)
    .await?;
    Ok(kyhop_domain::refuse_while_issuing(in_progress)?)
}

/// Reads the resolution back, records `kind` with it on its session's
/// stream, and commits: the last step of every change to a resolution.
async fn commit_with_event(mut tx: WriteTx<'_>, id: i64, kind: &str) -> Result<Resolution> {
    let resolution = resolution_in(tx.conn(), id).await?;
    // Ids only: drafts are the staff's, and the stream is everyone's.
    tx.emit(
        Stream::Session(resolution.session_id),
        kind,
        &serde_json::json!({ "id": id, "state": resolution.state }),
    )
    .await?;
    tx.commit().await?;
    Ok(resolution)
}
