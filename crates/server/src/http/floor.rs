//! The session floor over HTTP: attendance, the running agenda, speakers.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path};
use super::sessions::visible_session;
use super::AppState;
use kyhop_domain::SpeechAction;
use kyhop_domain::{
    AgendaItem, Attendance, AttendanceChange, ItemChange, NewAgendaItem, NewSpeech, Quorum,
    Reorder, Session, Sitting, Speech, SpeechLimit,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_attendance))
        .routes(routes!(set_attendance))
        .routes(routes!(begin_sitting))
        .routes(routes!(open_item))
        .routes(routes!(close_item))
        .routes(routes!(reorder_agenda))
        .routes(routes!(add_urgent_item))
        .routes(routes!(list_speakers, request_speech))
        .routes(routes!(reorder_speakers))
        .routes(routes!(start_speech))
        .routes(routes!(pause_speech))
        .routes(routes!(end_speech))
        .routes(routes!(withdraw_speech))
        .routes(routes!(set_speech_limit))
}

/// The session of an agenda item, checked visible to the caller.
async fn item_session(
    state: &AppState,
    caller: &Caller,
    item_id: i64,
) -> Result<(AgendaItem, Session), ApiError> {
    let item = state.store.agenda_item(item_id).await?;
    let session = state.store.session(item.session_id).await?;
    caller.in_council(session.council_id, "agenda item")?;
    Ok((item, session))
}

/// A speech the caller may see, with its session.
async fn visible_speech(state: &AppState, caller: &Caller, id: i64) -> Result<Speech, ApiError> {
    let speech = state.store.speech(id).await?;
    let session = state.store.session(speech.session_id).await?;
    caller.in_council(session.council_id, "speech")?;
    Ok(speech)
}

#[derive(Serialize, ToSchema)]
pub struct AttendanceSheet {
    pub quorum: Quorum,
    pub records: Vec<Attendance>,
}

/// Attendance of a session and the live quorum.
#[utoipa::path(get, path = "/api/sessions/{id}/attendance", tag = "floor", params(("id" = i64, Path)),
    responses((status = 200, body = AttendanceSheet), (status = 404, body = ErrorBody)))]
async fn list_attendance(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<AttendanceSheet>, ApiError> {
    visible_session(&state, &caller, id).await?;
    let (records, quorum) = state.store.attendance(id).await?;
    Ok(Json(AttendanceSheet { quorum, records }))
}

/// Check a delegate in or out, or mark them absent with a reason. A delegate
/// checks themselves in and out; the secretariat does any of it for anyone.
#[utoipa::path(post, path = "/api/sessions/{id}/attendance/{person_id}", tag = "floor",
    params(("id" = i64, Path), ("person_id" = i64, Path)), request_body = AttendanceChange,
    responses((status = 200, body = Attendance), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn set_attendance(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, person_id)): Path<(i64, i64)>,
    Json(change): Json<AttendanceChange>,
) -> Result<Json<Attendance>, ApiError> {
    visible_session(&state, &caller, id).await?;
    let own = caller.person_id() == Some(person_id)
        && !matches!(change, AttendanceChange::MarkAbsent { .. });
    if !own {
        caller.require(policy::ATTENDANCE_DESK)?;
    }
    Ok(Json(
        state
            .store
            .set_attendance(caller.id(), id, person_id, change.validated()?)
            .await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct SittingBegun {
    pub sitting: Sitting,
    /// The quorum of the fresh roll (nobody is checked in yet).
    pub quorum: Quorum,
}

/// The chair begins the next sitting (phiên họp): the roll so far is kept
/// as the current sitting's (its attendance report) and delegates check in
/// afresh. Only forward (`sitting_passed`), with no poll open
/// (`poll_open`) and no speech running (`speech_under_way`).
#[utoipa::path(post, path = "/api/sittings/{id}/begin", tag = "floor", params(("id" = i64, Path)),
    responses((status = 200, body = SittingBegun), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "sitting_passed, poll_open, speech_under_way, invalid_state")))]
async fn begin_sitting(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<SittingBegun>, ApiError> {
    let sitting = state.store.sitting(id).await?;
    let session = state.store.session(sitting.session_id).await?;
    caller.may(session.council_id, "sitting", policy::CHAIR)?;
    let (sitting, quorum) = state.store.begin_sitting(caller.id(), id).await?;
    Ok(Json(SittingBegun { sitting, quorum }))
}

/// Make an item the current one (the item that was current is closed).
/// While a speech of the current item is under way the chair must say
/// whether it ends or pauses (`running_speech`), else `speech_under_way`.
#[utoipa::path(post, path = "/api/agenda-items/{id}/open", tag = "floor", params(("id" = i64, Path)),
    request_body(content = Option<ItemChange>),
    responses((status = 200, body = AgendaItem),
        (status = 409, body = ErrorBody, description = "speech_under_way, invalid_state")))]
async fn open_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    change: Option<Json<ItemChange>>,
) -> Result<Json<AgendaItem>, ApiError> {
    item_session(&state, &caller, id).await?;
    caller.require(policy::CHAIR)?;
    let change = change.map(|Json(c)| c).unwrap_or_default();
    Ok(Json(
        state
            .store
            .open_agenda_item(caller.id(), id, change)
            .await?,
    ))
}

/// Close the current item; a speech under way there ends or pauses as
/// `running_speech` says (else `speech_under_way`).
#[utoipa::path(post, path = "/api/agenda-items/{id}/close", tag = "floor", params(("id" = i64, Path)),
    request_body(content = Option<ItemChange>),
    responses((status = 200, body = AgendaItem),
        (status = 409, body = ErrorBody, description = "speech_under_way, invalid_state")))]
async fn close_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    change: Option<Json<ItemChange>>,
) -> Result<Json<AgendaItem>, ApiError> {
    item_session(&state, &caller, id).await?;
    caller.require(policy::CHAIR)?;
    let change = change.map(|Json(c)| c).unwrap_or_default();
    Ok(Json(
        state
            .store
            .close_agenda_item(caller.id(), id, change)
            .await?,
    ))
}

/// Reorder one level of the agenda: `order` lists every item of the level;
/// items already done or under way keep their places.
#[utoipa::path(post, path = "/api/sessions/{id}/agenda/reorder", tag = "floor", params(("id" = i64, Path)),
    request_body = Reorder,
    responses((status = 200, body = Vec<AgendaItem>), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reorder_agenda(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(order): Json<Reorder>,
) -> Result<Json<Vec<AgendaItem>>, ApiError> {
    visible_session(&state, &caller, id).await?;
    caller.require(policy::CHAIR)?;
    Ok(Json(
        state.store.reorder_agenda(caller.id(), id, order).await?,
    ))
}

/// Add an urgent item right after the item under way.
#[utoipa::path(post, path = "/api/sessions/{id}/agenda/urgent", tag = "floor", params(("id" = i64, Path)),
    request_body = NewAgendaItem,
    responses((status = 201, body = AgendaItem), (status = 409, body = ErrorBody)))]
async fn add_urgent_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewAgendaItem>,
) -> Result<(axum::http::StatusCode, Json<AgendaItem>), ApiError> {
    visible_session(&state, &caller, id).await?;
    caller.require(policy::CHAIR)?;
    let new = new.validated()?;
    if new.parent_id.is_some() {
        return Err(ApiError::from(kyhop_domain::text::ValidationError::new(
            "parent_id",
            "an urgent item is added at the top level",
        )));
    }
    let item = state.store.add_urgent_item(caller.id(), id, new).await?;
    Ok((axum::http::StatusCode::CREATED, Json(item)))
}

/// The speakers' queue of an agenda item, in order, with past speeches.
#[utoipa::path(get, path = "/api/agenda-items/{id}/speakers", tag = "floor", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Speech>), (status = 404, body = ErrorBody)))]
async fn list_speakers(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Speech>>, ApiError> {
    item_session(&state, &caller, id).await?;
    Ok(Json(state.store.speeches(id).await?))
}

/// Ask to speak on an item. Delegates ask for themselves; the chair and the
/// secretariat may put anyone in the queue with `person_id` (an official
/// who replies, for instance).
#[utoipa::path(post, path = "/api/agenda-items/{id}/speakers", tag = "floor", params(("id" = i64, Path)),
    request_body = NewSpeech,
    responses((status = 201, body = Speech), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn request_speech(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewSpeech>,
) -> Result<(axum::http::StatusCode, Json<Speech>), ApiError> {
    item_session(&state, &caller, id).await?;
    let person = match new.person_id {
        Some(p) if caller.person_id() != Some(p) => {
            caller.require(policy::SPEAKERS_DESK)?;
            p
        }
        _ => caller.person_id().ok_or_else(|| {
            ApiError::forbidden("this account is not a delegate's").with_code("not_a_delegate")
        })?,
    };
    let speech = state
        .store
        .request_speech(caller.id(), id, person, new.kind, new.addressed_to)
        .await?;
    Ok((axum::http::StatusCode::CREATED, Json(speech)))
}

/// Reorder the queue of an item: `order` lists every queued speech.
#[utoipa::path(post, path = "/api/agenda-items/{id}/speakers/reorder", tag = "floor", params(("id" = i64, Path)),
    request_body = Reorder,
    responses((status = 200, body = Vec<Speech>), (status = 422, body = ErrorBody)))]
async fn reorder_speakers(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(order): Json<Reorder>,
) -> Result<Json<Vec<Speech>>, ApiError> {
    item_session(&state, &caller, id).await?;
    caller.require(policy::CHAIR)?;
    Ok(Json(
        state
            .store
            .reorder_speakers(caller.id(), id, order.order)
            .await?,
    ))
}

async fn chair_action(
    state: &AppState,
    caller: &Caller,
    id: i64,
    action: SpeechAction,
) -> Result<Json<Speech>, ApiError> {
    visible_speech(state, caller, id).await?;
    caller.require(policy::CHAIR)?;
    let speech = state.store.speech_action(caller.id(), id, action).await?;
    state.speech_clock.changed();
    Ok(Json(speech))
}

/// Start (or resume) a speech. Refused while another speech runs: the chair
/// pauses or ends it first, so nobody is cut off by a slip of the hand.
#[utoipa::path(post, path = "/api/speeches/{id}/start", tag = "floor", params(("id" = i64, Path)),
    responses((status = 200, body = Speech), (status = 409, body = ErrorBody, description = "speech_running")))]
async fn start_speech(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Speech>, ApiError> {
    chair_action(&state, &caller, id, SpeechAction::Start).await
}

#[utoipa::path(post, path = "/api/speeches/{id}/pause", tag = "floor", params(("id" = i64, Path)),
    responses((status = 200, body = Speech), (status = 409, body = ErrorBody)))]
async fn pause_speech(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Speech>, ApiError> {
    chair_action(&state, &caller, id, SpeechAction::Pause).await
}

#[utoipa::path(post, path = "/api/speeches/{id}/end", tag = "floor", params(("id" = i64, Path)),
    responses((status = 200, body = Speech), (status = 409, body = ErrorBody)))]
async fn end_speech(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Speech>, ApiError> {
    chair_action(&state, &caller, id, SpeechAction::End).await
}

/// Change a speech's time limit.
#[utoipa::path(patch, path = "/api/speeches/{id}", tag = "floor", params(("id" = i64, Path)),
    request_body = SpeechLimit,
    responses((status = 200, body = Speech), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_speech_limit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(limit): Json<SpeechLimit>,
) -> Result<Json<Speech>, ApiError> {
    let limit = limit.validated()?;
    chair_action(
        &state,
        &caller,
        id,
        SpeechAction::SetLimit(limit.limit_seconds),
    )
    .await
}

/// Withdraw a request to speak: one's own, or any as the chair.
#[utoipa::path(post, path = "/api/speeches/{id}/withdraw", tag = "floor", params(("id" = i64, Path)),
    responses((status = 200, body = Speech), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn withdraw_speech(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Speech>, ApiError> {
    let speech = visible_speech(&state, &caller, id).await?;
    if caller.person_id() != Some(speech.person_id) {
        caller.require(policy::CHAIR)?;
    }
    Ok(Json(
        state
            .store
            .speech_action(caller.id(), id, SpeechAction::Withdraw)
            .await?,
    ))
}
