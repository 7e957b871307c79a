//! Attendance, the running agenda and the speakers' queue.

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::councils::council_in;
use super::people::person_in;
use super::rows::{self, fetch_all, fetch_one, SPEECH_COLUMNS};
use super::sessions::{agenda_in, agenda_item_in, session_in, sitting_in, sittings_in};
use super::{db_time, Conn};
use super::{SqlStore, WriteTx};
use kyhop_domain::events::Stream;
use kyhop_domain::{
    check_agenda_order, check_speaker_order, check_speech_request, current_sitting, queue_position,
    require_check_in_open, require_sitting_beginnable, roll_source, urgent_item_position,
    AgendaItem, AgendaState, Attendance, AttendanceChange, AttendanceStatus, FloorActivity,
    FloorState, GoAhead, ItemChange, NewAgendaItem, PersonKind, Quorum, Reorder, RollSource,
    Session, SessionState, Sitting, Speech, SpeechAction, SpeechKind, SpeechOnLeaving, SpeechState,
};
use kyhop_store::{FloorStore, Result, SittingRoll, SpeechAlarm, StoreError};

/// Present delegates against the council's seats and quorum, inside `conn`'s transaction.
pub(super) async fn quorum_in(conn: &mut Conn, session: &Session) -> Result<Quorum> {
    let present: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM attendance WHERE session_id = $1 AND status = 'present'",
    )
    .bind(session.id)
    .fetch_one(&mut *conn)
    .await?;
    let council = council_in(&mut *conn, session.council_id).await?;
    Ok(Quorum::new(
        u32::try_from(present).unwrap_or(u32::MAX),
        council.settings.total_seats,
        council.settings.quorum,
    ))
}

/// The quorum now, if the council's rule lets the chair go on with it
/// (starting the session, opening a poll): see [`Quorum::admits`].
pub(super) async fn admitted_quorum_in(
    conn: &mut Conn,
    session: &Session,
    go_ahead: GoAhead,
) -> Result<Quorum> {
    let quorum = quorum_in(&mut *conn, session).await?;
    let rule = council_in(&mut *conn, session.council_id)
        .await?
        .settings
        .below_quorum;
    quorum.admits(rule, go_ahead.below_quorum_confirmed)?;
    Ok(quorum)
}

pub(super) async fn attendance_in(conn: &mut Conn, session_id: i64) -> Result<Vec<Attendance>> {
    fetch_all!(
        sqlx::query("SELECT * FROM attendance WHERE session_id = $1 ORDER BY person_id")
            .bind(session_id),
        conn,
        rows::attendance
    )
}

/// Keeps the roll so far as the current sitting's (when the next sitting
/// begins or the session closes). A session without sittings keeps only
/// its one live roll.
pub(super) async fn keep_roll(tx: &mut WriteTx<'_>, session: &Session) -> Result<()> {
    let sittings = sittings_in(tx.conn(), session.id).await?;
    let Some(current) = current_sitting(&sittings) else {
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO sitting_rolls (sitting_id, person_id, status, mode, reason, updated_at)
         SELECT $1, person_id, status, mode, reason, updated_at FROM attendance WHERE session_id = $2
         ON CONFLICT (sitting_id, person_id) DO UPDATE SET
            status = excluded.status, mode = excluded.mode, reason = excluded.reason,
            updated_at = excluded.updated_at",
    )
    .bind(current.id)
    .bind(session.id)
    .execute(tx.conn())
    .await?;
    Ok(())
}

/// Marks `sitting` begun now and tells the floor, with the quorum now.
async fn mark_begun(
    tx: &mut WriteTx<'_>,
    mut sitting: Sitting,
    quorum: &Quorum,
) -> Result<Sitting> {
    sitting.begun_at = Some(tx.now);
    sqlx::query("UPDATE sittings SET begun_at = $1 WHERE id = $2")
        .bind(tx.now_db())
        .bind(sitting.id)
        .execute(tx.conn())
        .await?;
    tx.emit(
        Stream::Session(sitting.session_id),
        "sitting.begun",
        &serde_json::json!({ "sitting": sitting, "quorum": quorum }),
    )
    .await?;
    Ok(sitting)
}

/// The first sitting begins with the session (its roll is the one kept
/// since the session was convened).
pub(super) async fn begin_first_sitting(
    tx: &mut WriteTx<'_>,
    session: &Session,
    quorum: &Quorum,
) -> Result<()> {
    let sittings = sittings_in(tx.conn(), session.id).await?;
    match current_sitting(&sittings) {
        Some(first) if first.begun_at.is_none() => {
            mark_begun(tx, first.clone(), quorum).await?;
        }
        _ => {}
    }
    Ok(())
}

pub(super) async fn speech_in(conn: &mut Conn, id: i64) -> Result<Speech> {
    let sql = format!("SELECT {SPEECH_COLUMNS} FROM speeches WHERE id = $1");
    fetch_one!(sqlx::query(&sql).bind(id), conn, rows::speech, "speech")
}

/// The session's speeches, by agenda item and queue position.
pub(super) async fn session_speeches_in(conn: &mut Conn, session_id: i64) -> Result<Vec<Speech>> {
    let sql = format!(
        "SELECT {SPEECH_COLUMNS} FROM speeches WHERE session_id = $1 ORDER BY agenda_item_id, position, id"
    );
    fetch_all!(sqlx::query(&sql).bind(session_id), conn, rows::speech)
}

async fn item_speeches_in(conn: &mut Conn, item_id: i64) -> Result<Vec<Speech>> {
    let sql = format!(
        "SELECT {SPEECH_COLUMNS} FROM speeches WHERE agenda_item_id = $1 ORDER BY position, id"
    );
    fetch_all!(sqlx::query(&sql).bind(item_id), conn, rows::speech)
}

/// Closes the current item of a session, if any, adding its time.
async fn close_current(
    tx: &mut WriteTx<'_>,
    session_id: i64,
    change: ItemChange,
) -> Result<Option<AgendaItem>> {
    let current: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM agenda_items WHERE session_id = $1 AND state = 'current'",
    )
    .bind(session_id)
    .fetch_optional(tx.conn())
    .await?;
    let Some(id) = current else { return Ok(None) };
    let under_way: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM speeches WHERE agenda_item_id = $1 AND state IN ('speaking', 'paused')
         ORDER BY state = 'paused', id",
    )
    .bind(id)
    .fetch_all(tx.conn())
    .await?;
    for speech in under_way {
        let speech = speech_in(tx.conn(), speech).await?;
        if let Some(action) = change.speech_action(Some(&speech))? {
            apply_speech_action(tx, speech.id, action).await?;
        }
    }
    let item = agenda_item_in(tx.conn(), id).await?;
    let ran = item
        .opened_at
        .map_or(0, |at| (tx.now - at).num_seconds().max(0));
    sqlx::query(
        "UPDATE agenda_items SET state = 'done', opened_at = NULL, elapsed_seconds = elapsed_seconds + $1 WHERE id = $2",
    )
    .bind(ran)
    .bind(id)
    .execute(tx.conn())
    .await?;
    let item = agenda_item_in(tx.conn(), id).await?;
    tx.emit(Stream::Session(session_id), "agenda_item.closed", &item)
        .await?;
    Ok(Some(item))
}

/// Ends every running or paused speech of a session (the session closes).
pub(super) async fn wind_up_session(tx: &mut WriteTx<'_>, session: &Session) -> Result<()> {
    let open: Option<i64> =
        sqlx::query_scalar("SELECT id FROM polls WHERE session_id = $1 AND state = 'open'")
            .bind(session.id)
            .fetch_optional(tx.conn())
            .await?;
    Session::require_no_open_poll_to_close(open)?;
    // Every speech ends with the session (below).
    let end = ItemChange {
        running_speech: Some(SpeechOnLeaving::End),
    };
    close_current(tx, session.id, end).await?;
    let running: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM speeches WHERE session_id = $1 AND state IN ('speaking', 'paused')",
    )
    .bind(session.id)
    .fetch_all(tx.conn())
    .await?;
    for id in running {
        apply_speech_action(tx, id, SpeechAction::End).await?;
    }
    Ok(())
}

async fn apply_speech_action(
    tx: &mut WriteTx<'_>,
    id: i64,
    action: SpeechAction,
) -> Result<Speech> {
    let speech = speech_in(tx.conn(), id).await?;
    let running_other: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM speeches WHERE session_id = $1 AND state = 'speaking' AND id <> $2",
    )
    .bind(speech.session_id)
    .bind(id)
    .fetch_optional(tx.conn())
    .await?;
    let session = session_in(tx.conn(), speech.session_id).await?;
    let item = agenda_item_in(tx.conn(), speech.agenda_item_id).await?;
    let floor = FloorState {
        session: session.state,
        item_current: item.state == AgendaState::Current,
    };
    let step = speech.apply(action, tx.now, running_other, floor)?;
    let next = &step.speech;
    sqlx::query(
        "UPDATE speeches SET state = $1, running_since = $2, used_ms = $3, ended_at = $4,
            limit_seconds = $5, warned = $6, timed_out = $7 WHERE id = $8",
    )
    .bind(next.state.as_str())
    .bind(next.running_since.map(db_time))
    .bind(i64::try_from(next.used_ms).unwrap_or(i64::MAX))
    .bind(next.ended_at.map(db_time))
    .bind(i64::from(next.limit_seconds))
    .bind(next.warned)
    .bind(next.timed_out)
    .bind(id)
    .execute(tx.conn())
    .await?;
    let speech = speech_in(tx.conn(), id).await?;
    tx.emit(Stream::Session(speech.session_id), step.event, &speech)
        .await?;
    Ok(speech)
}

#[async_trait]
impl FloorStore for SqlStore {
    async fn set_attendance(
        &self,
        actor: i64,
        session_id: i64,
        person_id: i64,
        change: AttendanceChange,
    ) -> Result<Attendance> {
        let mut tx = self.write(Some(actor)).await?;
        let session = session_in(tx.conn(), session_id).await?;
        session.require_state(SessionState::CONVENED_OR_SITTING, "keep attendance")?;
        let person = person_in(tx.conn(), person_id)
            .await
            .ok()
            .filter(|p| p.council_id == session.council_id);
        if person.is_none_or(|p| p.kind != PersonKind::Delegate) {
            return Err(StoreError::invalid_reference(
                "person_id",
                format!("no delegate {person_id} in this council"),
            ));
        }
        let current: Option<String> = sqlx::query_scalar(
            "SELECT status FROM attendance WHERE session_id = $1 AND person_id = $2",
        )
        .bind(session_id)
        .bind(person_id)
        .fetch_optional(tx.conn())
        .await?;
        let current = current.map(|s| s.parse::<AttendanceStatus>()).transpose()?;
        if matches!(change, AttendanceChange::CheckIn { .. }) {
            let sittings = sittings_in(tx.conn(), session_id).await?;
            require_check_in_open(&session, &sittings, tx.now)?;
        }
        let (status, mode, reason) = change.outcome(current)?;
        let now = tx.now_db();
        sqlx::query(
            "INSERT INTO attendance (session_id, person_id, status, mode, reason, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (session_id, person_id) DO UPDATE SET
                status = excluded.status, mode = excluded.mode, reason = excluded.reason, updated_at = excluded.updated_at",
        )
        .bind(session_id)
        .bind(person_id)
        .bind(status.as_str())
        .bind(mode.map(|m| m.as_str()))
        .bind(&reason)
        .bind(&now)
        .execute(tx.conn())
        .await?;
        let record = Attendance {
            session_id,
            person_id,
            status,
            mode,
            reason,
            updated_at: tx.now,
        };
        let quorum = quorum_in(tx.conn(), &session).await?;
        tx.emit(
            Stream::Session(session_id),
            "attendance.changed",
            &serde_json::json!({ "attendance": record, "quorum": quorum }),
        )
        .await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn attendance(&self, session_id: i64) -> Result<(Vec<Attendance>, Quorum)> {
        let mut tx = self.reader.begin().await?;
        let session = session_in(&mut tx, session_id).await?;
        let records = attendance_in(&mut tx, session_id).await?;
        let quorum = quorum_in(&mut tx, &session).await?;
        tx.commit().await?;
        Ok((records, quorum))
    }

    async fn begin_sitting(&self, actor: i64, id: i64) -> Result<(Sitting, Quorum)> {
        let mut tx = self.write(Some(actor)).await?;
        let sitting = sitting_in(tx.conn(), id).await?;
        let session = session_in(tx.conn(), sitting.session_id).await?;
        session.require_state(SessionState::SITTING, "begin a sitting")?;
        let sittings = sittings_in(tx.conn(), session.id).await?;
        let poll_open: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM polls WHERE session_id = $1 AND state = 'open')",
        )
        .bind(session.id)
        .fetch_one(tx.conn())
        .await?;
        let speech_under_way: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM speeches WHERE session_id = $1 AND state = 'speaking')",
        )
        .bind(session.id)
        .fetch_one(tx.conn())
        .await?;
        let floor = FloorActivity {
            poll_open,
            speech_under_way,
        };
        require_sitting_beginnable(&sittings, id, floor)?;
        keep_roll(&mut tx, &session).await?;
        sqlx::query("DELETE FROM attendance WHERE session_id = $1")
            .bind(session.id)
            .execute(tx.conn())
            .await?;
        let quorum = quorum_in(tx.conn(), &session).await?;
        let sitting = mark_begun(&mut tx, sitting, &quorum).await?;
        tx.commit().await?;
        Ok((sitting, quorum))
    }

    async fn sitting_roll(&self, id: i64) -> Result<SittingRoll> {
        let mut tx = self.reader.begin().await?;
        let sitting = sitting_in(&mut tx, id).await?;
        let session = session_in(&mut tx, sitting.session_id).await?;
        let sittings = sittings_in(&mut tx, session.id).await?;
        let records = match roll_source(&session, &sittings, id) {
            RollSource::Live => attendance_in(&mut tx, session.id).await?,
            RollSource::Kept => fetch_all!(
                sqlx::query(
                    "SELECT $1 AS session_id, person_id, status, mode, reason, updated_at
                     FROM sitting_rolls WHERE sitting_id = $2 ORDER BY person_id",
                )
                .bind(session.id)
                .bind(id),
                &mut *tx,
                rows::attendance
            )?,
            RollSource::NotBegun => {
                return Err(kyhop_domain::Refusal::refused(
                    "sitting_not_begun",
                    "this sitting has not begun; it has no roll",
                )
                .into())
            }
        };
        tx.commit().await?;
        Ok(SittingRoll {
            session,
            sitting,
            records,
        })
    }

    async fn open_agenda_item(
        &self,
        actor: i64,
        id: i64,
        change: ItemChange,
    ) -> Result<AgendaItem> {
        let mut tx = self.write(Some(actor)).await?;
        let item = agenda_item_in(tx.conn(), id).await?;
        session_in(tx.conn(), item.session_id)
            .await?
            .require_state(SessionState::SITTING, "open an agenda item")?;
        item.require_openable()?;
        close_current(&mut tx, item.session_id, change).await?;
        let now = tx.now_db();
        sqlx::query("UPDATE agenda_items SET state = 'current', opened_at = $1 WHERE id = $2")
            .bind(&now)
            .bind(id)
            .execute(tx.conn())
            .await?;
        let item = agenda_item_in(tx.conn(), id).await?;
        tx.emit(
            Stream::Session(item.session_id),
            "agenda_item.opened",
            &item,
        )
        .await?;
        tx.commit().await?;
        Ok(item)
    }

    async fn close_agenda_item(
        &self,
        actor: i64,
        id: i64,
        change: ItemChange,
    ) -> Result<AgendaItem> {
        let mut tx = self.write(Some(actor)).await?;
        let item = agenda_item_in(tx.conn(), id).await?;
        item.require_current()?;
        let closed = close_current(&mut tx, item.session_id, change).await?;
        tx.commit().await?;
        closed.ok_or(StoreError::NotFound("agenda item"))
    }

    async fn reorder_agenda(
        &self,
        actor: i64,
        session_id: i64,
        order: Reorder,
    ) -> Result<Vec<AgendaItem>> {
        let mut tx = self.write(Some(actor)).await?;
        let session = session_in(tx.conn(), session_id).await?;
        session.require_state(
            &[
                SessionState::Draft,
                SessionState::Convened,
                SessionState::InProgress,
            ],
            "reorder",
        )?;
        let level: Vec<AgendaItem> = agenda_in(tx.conn(), session_id)
            .await?
            .into_iter()
            .filter(|i| i.parent_id == order.parent_id)
            .collect();
        check_agenda_order(&level, &order.order)?;
        for (index, id) in order.order.iter().enumerate() {
            sqlx::query("UPDATE agenda_items SET position = $1 WHERE id = $2")
                .bind(index as i64 + 1)
                .bind(id)
                .execute(tx.conn())
                .await?;
        }
        let agenda = agenda_in(tx.conn(), session_id).await?;
        tx.emit(
            Stream::Session(session_id),
            "agenda.reordered",
            &serde_json::json!({ "parent_id": order.parent_id, "order": order.order }),
        )
        .await?;
        tx.commit().await?;
        Ok(agenda)
    }

    async fn add_urgent_item(
        &self,
        actor: i64,
        session_id: i64,
        new: NewAgendaItem,
    ) -> Result<AgendaItem> {
        let mut tx = self.write(Some(actor)).await?;
        session_in(tx.conn(), session_id)
            .await?
            .require_state(SessionState::CONVENED_OR_SITTING, "add an urgent item")?;
        let position = urgent_item_position(&agenda_in(tx.conn(), session_id).await?);
        sqlx::query(
            "UPDATE agenda_items SET position = position + 1 WHERE session_id = $1 AND parent_id IS NULL AND position >= $2",
        )
        .bind(session_id)
        .bind(i64::from(position))
        .execute(tx.conn())
        .await?;
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO agenda_items (session_id, parent_id, position, title, presenter, planned_minutes, state, urgent)
             VALUES ($1, NULL, $2, $3, $4, $5, 'pending', TRUE) RETURNING id",
        )
        .bind(session_id)
        .bind(i64::from(position))
        .bind(&new.title)
        .bind(&new.presenter)
        .bind(i64::from(new.planned_minutes))
        .fetch_one(tx.conn())
        .await?;
        let item = agenda_item_in(tx.conn(), id).await?;
        tx.emit(
            Stream::Session(session_id),
            "agenda_item.added_urgent",
            &item,
        )
        .await?;
        tx.commit().await?;
        Ok(item)
    }

    async fn request_speech(
        &self,
        actor: i64,
        agenda_item_id: i64,
        person_id: i64,
        kind: SpeechKind,
        addressed_to: Option<i64>,
    ) -> Result<Speech> {
        let mut tx = self.write(Some(actor)).await?;
        let item = agenda_item_in(tx.conn(), agenda_item_id).await?;
        let session = session_in(tx.conn(), item.session_id).await?;
        session.require_state(SessionState::CONVENED_OR_SITTING, "ask to speak")?;
        item.require_not_done()?;
        let person = person_in(tx.conn(), person_id)
            .await
            .ok()
            .filter(|p| p.council_id == session.council_id);
        let Some(person) = person else {
            return Err(StoreError::invalid_reference(
                "person_id",
                format!("no person {person_id} in this council"),
            ));
        };
        let addressed_to_in_council = match addressed_to {
            Some(to) => Some(
                person_in(tx.conn(), to)
                    .await
                    .is_ok_and(|p| p.council_id == session.council_id),
            ),
            None => None,
        };
        let waiting: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM speeches WHERE agenda_item_id = $1 AND person_id = $2 AND state IN ('queued', 'paused')",
        )
        .bind(agenda_item_id)
        .bind(person_id)
        .fetch_optional(tx.conn())
        .await?;
        check_speech_request(
            kind,
            person.kind,
            addressed_to_in_council,
            waiting.is_some(),
        )?;
        let queue = item_speeches_in(tx.conn(), agenda_item_id).await?;
        let queued: Vec<&Speech> = queue
            .iter()
            .filter(|s| s.state == SpeechState::Queued)
            .collect();
        let council = council_in(tx.conn(), session.council_id).await?;
        let spoken: HashSet<i64> = sqlx::query_scalar(
            "SELECT DISTINCT person_id FROM speeches WHERE session_id = $1
             AND state IN ('speaking', 'paused', 'done')",
        )
        .bind(session.id)
        .fetch_all(tx.conn())
        .await?
        .into_iter()
        .collect();
        let position = queue_position(
            &queued,
            council.settings.first_speakers_first,
            person.kind,
            spoken.contains(&person_id),
            |p| spoken.contains(&p),
        );
        sqlx::query(
            "UPDATE speeches SET position = position + 1 WHERE agenda_item_id = $1 AND state = 'queued' AND position >= $2",
        )
        .bind(agenda_item_id)
        .bind(i64::from(position))
        .execute(tx.conn())
        .await?;
        let now = tx.now_db();
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO speeches (session_id, agenda_item_id, person_id, kind, addressed_to, state, position,
                limit_seconds, requested_at)
             VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8) RETURNING id",
        )
        .bind(session.id)
        .bind(agenda_item_id)
        .bind(person_id)
        .bind(kind.as_str())
        .bind(addressed_to)
        .bind(i64::from(position))
        .bind(i64::from(council.settings.speech_limit_seconds))
        .bind(&now)
        .fetch_one(tx.conn())
        .await?;
        let speech = speech_in(tx.conn(), id).await?;
        tx.emit(Stream::Session(session.id), "speech.requested", &speech)
            .await?;
        tx.commit().await?;
        Ok(speech)
    }

    async fn speeches(&self, agenda_item_id: i64) -> Result<Vec<Speech>> {
        item_speeches_in(&mut *self.reader.acquire().await?, agenda_item_id).await
    }

    async fn speech(&self, id: i64) -> Result<Speech> {
        speech_in(&mut *self.reader.acquire().await?, id).await
    }

    async fn speech_action(&self, actor: i64, id: i64, action: SpeechAction) -> Result<Speech> {
        let mut tx = self.write(Some(actor)).await?;
        let speech = apply_speech_action(&mut tx, id, action).await?;
        tx.commit().await?;
        Ok(speech)
    }

    async fn reorder_speakers(
        &self,
        actor: i64,
        agenda_item_id: i64,
        order: Vec<i64>,
    ) -> Result<Vec<Speech>> {
        let mut tx = self.write(Some(actor)).await?;
        let item = agenda_item_in(tx.conn(), agenda_item_id).await?;
        let queue = item_speeches_in(tx.conn(), agenda_item_id).await?;
        let queued: Vec<i64> = queue
            .iter()
            .filter(|s| s.state == SpeechState::Queued)
            .map(|s| s.id)
            .collect();
        check_speaker_order(&queued, &order)?;
        for (index, id) in order.iter().enumerate() {
            sqlx::query("UPDATE speeches SET position = $1 WHERE id = $2")
                .bind(index as i64 + 1)
                .bind(id)
                .execute(tx.conn())
                .await?;
        }
        tx.emit(
            Stream::Session(item.session_id),
            "speakers.reordered",
            &serde_json::json!({ "agenda_item_id": agenda_item_id, "order": order }),
        )
        .await?;
        let queue = item_speeches_in(tx.conn(), agenda_item_id).await?;
        tx.commit().await?;
        Ok(queue)
    }

    async fn ring_speech_alarm(
        &self,
        id: i64,
        alarm: SpeechAlarm,
        running_since: DateTime<Utc>,
    ) -> Result<Option<Speech>> {
        let mut tx = self.write(None).await?;
        let speech = speech_in(tx.conn(), id).await?;
        let rung = match alarm {
            SpeechAlarm::Warning => speech.warned,
            SpeechAlarm::TimeUp => speech.timed_out,
        };
        if speech.state != SpeechState::Speaking
            || speech.running_since != Some(running_since)
            || rung
        {
            return Ok(None);
        }
        let (column, kind) = match alarm {
            SpeechAlarm::Warning => ("warned", "speech.one_minute_left"),
            SpeechAlarm::TimeUp => ("timed_out", "speech.time_up"),
        };
        sqlx::query(&format!(
            "UPDATE speeches SET {column} = TRUE WHERE id = $1"
        ))
        .bind(id)
        .execute(tx.conn())
        .await?;
        let speech = speech_in(tx.conn(), id).await?;
        tx.emit(Stream::Session(speech.session_id), kind, &speech)
            .await?;
        tx.commit().await?;
        Ok(Some(speech))
    }

    async fn running_speeches(&self) -> Result<Vec<Speech>> {
        let sql = format!("SELECT {SPEECH_COLUMNS} FROM speeches WHERE state = 'speaking'");
        fetch_all!(sqlx::query(&sql), &self.reader, rows::speech)
    }
}
