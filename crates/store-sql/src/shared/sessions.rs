use async_trait::async_trait;
use chrono::Utc;

use super::councils::council_in;
use super::floor::{
    admitted_quorum_in, attendance_in, begin_first_sitting, keep_roll, quorum_in,
    session_speeches_in, wind_up_session,
};
use super::polls::session_polls_in;
use super::rows::{self, fetch_all, fetch_one, AGENDA_COLUMNS, SESSION_COLUMNS};
use super::SqlStore;
use super::{db_time, Conn};
use kyhop_domain::events::Stream;
use kyhop_domain::{
    check_in_opens_at, current_sitting, AgendaItem, AgendaState, GoAhead, NewAgendaItem,
    NewSession, NewSitting, Session, SessionState, Sitting,
};
use kyhop_store::{Edit, Result, SessionSnapshot, SessionStore, StoreError};

pub(super) async fn session_in(conn: &mut Conn, id: i64) -> Result<Session> {
    let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = $1");
    fetch_one!(sqlx::query(&sql).bind(id), conn, rows::session, "session")
}

/// A session's sittings in order (by start, then id).
pub(super) async fn sittings_in(conn: &mut Conn, session_id: i64) -> Result<Vec<Sitting>> {
    fetch_all!(
        sqlx::query("SELECT * FROM sittings WHERE session_id = $1 ORDER BY starts_at, id")
            .bind(session_id),
        conn,
        rows::sitting
    )
}

pub(super) async fn sitting_in(conn: &mut Conn, id: i64) -> Result<Sitting> {
    fetch_one!(
        sqlx::query("SELECT * FROM sittings WHERE id = $1").bind(id),
        conn,
        rows::sitting,
        "sitting"
    )
}

pub(super) async fn agenda_item_in(conn: &mut Conn, id: i64) -> Result<AgendaItem> {
    let sql = format!("SELECT {AGENDA_COLUMNS} FROM agenda_items WHERE id = $1");
    fetch_one!(
        sqlx::query(&sql).bind(id),
        conn,
        rows::agenda_item,
        "agenda item"
    )
}

/// Top-level items by position, each followed by its sub-items.
pub(super) async fn agenda_in(conn: &mut Conn, session_id: i64) -> Result<Vec<AgendaItem>> {
    let sql = format!(
        "SELECT {} FROM agenda_items a LEFT JOIN agenda_items p ON p.id = a.parent_id
         WHERE a.session_id = $1
         ORDER BY COALESCE(p.position, a.position), a.parent_id IS NOT NULL, a.position",
        AGENDA_COLUMNS
            .split(", ")
            .map(|c| format!("a.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    fetch_all!(sqlx::query(&sql).bind(session_id), conn, rows::agenda_item)
}

#[async_trait]
impl SessionStore for SqlStore {
    async fn create_session(
        &self,
        actor: i64,
        council_id: i64,
        new: NewSession,
    ) -> Result<Session> {
        let mut tx = self.write(Some(actor)).await?;
        let term_council: Option<i64> =
            sqlx::query_scalar("SELECT council_id FROM terms WHERE id = $1")
                .bind(new.term_id)
                .fetch_optional(tx.conn())
                .await?;
        if term_council != Some(council_id) {
            return Err(StoreError::invalid_reference(
                "term_id",
                format!("no term {} in this council", new.term_id),
            ));
        }
        let now = tx.now_db();
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO sessions (council_id, term_id, number, kind, title, place, planned_start,
                planned_end, state, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'draft', $9) RETURNING id",
        )
        .bind(council_id)
        .bind(new.term_id)
        .bind(i64::from(new.number))
        .bind(new.kind.as_str())
        .bind(&new.title)
        .bind(&new.place)
        .bind(new.planned_start)
        .bind(new.planned_end)
        .bind(&now)
        .fetch_one(tx.conn())
        .await?;
        let session = Session {
            id,
            council_id,
            term_id: new.term_id,
            number: new.number,
            kind: new.kind,
            title: new.title,
            place: new.place,
            planned_start: new.planned_start,
            planned_end: new.planned_end,
            state: SessionState::Draft,
            created_at: tx.now,
        };
        tx.emit(Stream::Session(id), "session.created", &session)
            .await?;
        tx.commit().await?;
        Ok(session)
    }

    async fn sessions(&self, council_id: i64) -> Result<Vec<Session>> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE council_id = $1 ORDER BY planned_start, id");
        fetch_all!(
            sqlx::query(&sql).bind(council_id),
            &self.reader,
            rows::session
        )
    }

    async fn session(&self, id: i64) -> Result<Session> {
        session_in(&mut *self.reader.acquire().await?, id).await
    }

    async fn update_session(&self, actor: i64, id: i64, edit: Edit<Session>) -> Result<Session> {
        let mut tx = self.write(Some(actor)).await?;
        let current = session_in(tx.conn(), id).await?;
        current.require_editable("details")?;
        let session = edit(&current)?;
        sqlx::query(
            "UPDATE sessions SET number = $1, kind = $2, title = $3, place = $4, planned_start = $5,
                planned_end = $6 WHERE id = $7",
        )
        .bind(i64::from(session.number))
        .bind(session.kind.as_str())
        .bind(&session.title)
        .bind(&session.place)
        .bind(session.planned_start)
        .bind(session.planned_end)
        .bind(id)
        .execute(tx.conn())
        .await?;
        tx.emit(Stream::Session(id), "session.updated", &session)
            .await?;
        tx.commit().await?;
        Ok(session)
    }

    async fn delete_session(&self, actor: i64, id: i64) -> Result<()> {
        let mut tx = self.write(Some(actor)).await?;
        let session = session_in(tx.conn(), id).await?;
        session.require_deletable()?;
        tx.delete("sessions", id, Stream::Session(id), "session")
            .await?;
        tx.commit().await
    }

    async fn transition_session(
        &self,
        actor: i64,
        id: i64,
        to: SessionState,
        go_ahead: GoAhead,
    ) -> Result<Session> {
        let mut tx = self.write(Some(actor)).await?;
        let mut session = session_in(tx.conn(), id).await?;
        session.require_transition(to)?;
        if to == SessionState::Closed {
            wind_up_session(&mut tx, &session).await?;
            keep_roll(&mut tx, &session).await?;
        }
        let quorum = if to == SessionState::InProgress {
            let quorum = admitted_quorum_in(tx.conn(), &session, go_ahead).await?;
            begin_first_sitting(&mut tx, &session, &quorum).await?;
            Some(quorum)
        } else {
            None
        };
        sqlx::query("UPDATE sessions SET state = $1 WHERE id = $2")
            .bind(to.as_str())
            .bind(id)
            .execute(tx.conn())
            .await?;
        let from = std::mem::replace(&mut session.state, to);
        tx.emit(
            Stream::Session(id),
            "session.state_changed",
            &serde_json::json!({ "id": id, "from": from, "to": to, "quorum": quorum }),
        )
        .await?;
        tx.commit().await?;
        Ok(session)
    }

    async fn create_sitting(
        &self,
        actor: i64,
        session_id: i64,
        new: NewSitting,
    ) -> Result<Sitting> {
        let mut tx = self.write(Some(actor)).await?;
        session_in(tx.conn(), session_id)
            .await?
            .require_not_closed()?;
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO sittings (session_id, title, starts_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(session_id)
        .bind(&new.title)
        .bind(db_time(new.starts_at))
        .fetch_one(tx.conn())
        .await?;
        let sitting = Sitting {
            id,
            session_id,
            title: new.title,
            starts_at: new.starts_at,
            begun_at: None,
        };
        tx.emit(Stream::Session(session_id), "sitting.created", &sitting)
            .await?;
        tx.commit().await?;
        Ok(sitting)
    }

    async fn sittings(&self, session_id: i64) -> Result<Vec<Sitting>> {
        sittings_in(&mut *self.reader.acquire().await?, session_id).await
    }

    async fn sitting(&self, id: i64) -> Result<Sitting> {
        sitting_in(&mut *self.reader.acquire().await?, id).await
    }

    async fn update_sitting(&self, actor: i64, id: i64, edit: Edit<Sitting>) -> Result<Sitting> {
        let mut tx = self.write(Some(actor)).await?;
        let current = sitting_in(tx.conn(), id).await?;
        session_in(tx.conn(), current.session_id)
            .await?
            .require_not_closed()?;
        let sitting = edit(&current)?;
        sqlx::query("UPDATE sittings SET title = $1, starts_at = $2 WHERE id = $3")
            .bind(&sitting.title)
            .bind(db_time(sitting.starts_at))
            .bind(id)
            .execute(tx.conn())
            .await?;
        tx.emit(
            Stream::Session(sitting.session_id),
            "sitting.updated",
            &sitting,
        )
        .await?;
        tx.commit().await?;
        Ok(sitting)
    }

    async fn delete_sitting(&self, actor: i64, id: i64) -> Result<()> {
        let mut tx = self.write(Some(actor)).await?;
        let sitting = sitting_in(tx.conn(), id).await?;
        session_in(tx.conn(), sitting.session_id)
            .await?
            .require_editable("sittings")?;
        tx.delete(
            "sittings",
            id,
            Stream::Session(sitting.session_id),
            "sitting",
        )
        .await?;
        tx.commit().await
    }

    async fn create_agenda_item(
        &self,
        actor: i64,
        session_id: i64,
        new: NewAgendaItem,
    ) -> Result<AgendaItem> {
        let mut tx = self.write(Some(actor)).await?;
        session_in(tx.conn(), session_id)
            .await?
            .require_editable("agenda")?;
        if let Some(parent_id) = new.parent_id {
            let parent = agenda_item_in(tx.conn(), parent_id)
                .await
                .ok()
                .filter(|p| p.session_id == session_id);
            match parent {
                None => {
                    return Err(StoreError::invalid_reference(
                        "parent_id",
                        format!("no agenda item {parent_id} in this session"),
                    ))
                }
                Some(p) if p.parent_id.is_some() => {
                    return Err(StoreError::invalid_reference(
                        "parent_id",
                        "agenda items have one level of sub-items only",
                    ))
                }
                Some(_) => {}
            }
        }
        let position: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE session_id = $1 AND parent_id IS NOT DISTINCT FROM $2",
        )
        .bind(session_id)
        .bind(new.parent_id)
        .fetch_one(tx.conn())
        .await?;
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO agenda_items (session_id, parent_id, position, title, presenter, planned_minutes, state)
             VALUES ($1, $2, $3, $4, $5, $6, 'pending') RETURNING id",
        )
        .bind(session_id)
        .bind(new.parent_id)
        .bind(position)
        .bind(&new.title)
        .bind(&new.presenter)
        .bind(i64::from(new.planned_minutes))
        .fetch_one(tx.conn())
        .await?;
        let item = agenda_item_in(tx.conn(), id).await?;
        tx.emit(Stream::Session(session_id), "agenda_item.created", &item)
            .await?;
        tx.commit().await?;
        Ok(item)
    }

    async fn agenda(&self, session_id: i64) -> Result<Vec<AgendaItem>> {
        agenda_in(&mut *self.reader.acquire().await?, session_id).await
    }

    async fn agenda_item(&self, id: i64) -> Result<AgendaItem> {
        agenda_item_in(&mut *self.reader.acquire().await?, id).await
    }

    async fn update_agenda_item(
        &self,
        actor: i64,
        id: i64,
        edit: Edit<AgendaItem>,
    ) -> Result<AgendaItem> {
        let mut tx = self.write(Some(actor)).await?;
        let current = agenda_item_in(tx.conn(), id).await?;
        session_in(tx.conn(), current.session_id)
            .await?
            .require_not_closed()?;
        current.require_changeable()?;
        let item = edit(&current)?;
        sqlx::query(
            "UPDATE agenda_items SET title = $1, presenter = $2, planned_minutes = $3 WHERE id = $4",
        )
        .bind(&item.title)
        .bind(&item.presenter)
        .bind(i64::from(item.planned_minutes))
        .bind(id)
        .execute(tx.conn())
        .await?;
        tx.emit(
            Stream::Session(item.session_id),
            "agenda_item.updated",
            &item,
        )
        .await?;
        tx.commit().await?;
        Ok(item)
    }

    async fn delete_agenda_item(&self, actor: i64, id: i64) -> Result<()> {
        let mut tx = self.write(Some(actor)).await?;
        let item = agenda_item_in(tx.conn(), id).await?;
        session_in(tx.conn(), item.session_id)
            .await?
            .require_editable("agenda")?;
        tx.delete(
            "agenda_items",
            id,
            Stream::Session(item.session_id),
            "agenda_item",
        )
        .await?;
        // Keep sibling positions contiguous.
        sqlx::query(
            "UPDATE agenda_items SET position = position - 1
             WHERE session_id = $1 AND parent_id IS NOT DISTINCT FROM $2 AND position > $3",
        )
        .bind(item.session_id)
        .bind(item.parent_id)
        .bind(i64::from(item.position))
        .execute(tx.conn())
        .await?;
        tx.commit().await
    }

    async fn snapshot(&self, session_id: i64, voter: Option<i64>) -> Result<SessionSnapshot> {
        // One read transaction: every part reflects the same commit, and `seq`
        // names it.
        let mut tx = self.reader.begin().await?;
        let session = session_in(&mut tx, session_id).await?;
        let seq: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM events WHERE stream = $1")
                .bind(Stream::Session(session_id).to_string())
                .fetch_one(&mut *tx)
                .await?;
        let council = council_in(&mut tx, session.council_id).await?;
        let sittings = sittings_in(&mut tx, session_id).await?;
        let agenda = agenda_in(&mut tx, session_id).await?;
        let attendance = attendance_in(&mut tx, session_id).await?;
        let quorum = quorum_in(&mut tx, &session).await?;
        let speeches = session_speeches_in(&mut tx, session_id).await?;
        let polls = session_polls_in(&mut tx, session_id).await?;
        let voted_polls: Vec<i64> = match voter {
            Some(person_id) => {
                sqlx::query_scalar(
                    "SELECT v.poll_id FROM poll_voters v JOIN polls p ON p.id = v.poll_id
                     WHERE p.session_id = $1 AND v.person_id = $2 ORDER BY v.poll_id",
                )
                .bind(session_id)
                .bind(person_id)
                .fetch_all(&mut *tx)
                .await?
            }
            None => Vec::new(),
        };
        tx.commit().await?;
        Ok(SessionSnapshot {
            seq,
            council,
            current_sitting_id: current_sitting(&sittings).map(|s| s.id),
            check_in_opens_at: check_in_opens_at(&session, &sittings),
            current_item_id: agenda
                .iter()
                .find(|i| i.state == AgendaState::Current)
                .map(|i| i.id),
            session,
            sittings,
            agenda,
            attendance,
            quorum,
            speeches,
            polls,
            voted_polls,
            server_time: Utc::now(),
        })
    }
}
