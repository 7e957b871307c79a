//! Sessions, their sittings and agenda, state changes, and the snapshot.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path};
use super::AppState;
use kyhop_domain::{
    AgendaItem, AgendaItemPatch, GoAhead, NewAgendaItem, NewSession, NewSitting, Role, Session,
    SessionPatch, SessionState, Sitting, SittingPatch,
};
use kyhop_store::SessionSnapshot;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_sessions, create_session))
        .routes(routes!(get_session, update_session, delete_session))
        .routes(routes!(convene_session))
        .routes(routes!(start_session))
        .routes(routes!(close_session))
        .routes(routes!(list_sittings, create_sitting))
        .routes(routes!(update_sitting, delete_sitting))
        .routes(routes!(list_agenda, create_agenda_item))
        .routes(routes!(update_agenda_item, delete_agenda_item))
        .routes(routes!(snapshot))
}

/// Loads a session the caller may see.
pub(super) async fn visible_session(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<Session, ApiError> {
    let session = state.store.session(id).await?;
    caller.in_council(session.council_id, "session")?;
    Ok(session)
}

/// Loads a session the caller may act on with one of `roles`.
async fn session_for(
    state: &AppState,
    caller: &Caller,
    id: i64,
    roles: &[Role],
) -> Result<Session, ApiError> {
    let session = visible_session(state, caller, id).await?;
    caller.require(roles)?;
    Ok(session)
}

#[utoipa::path(get, path = "/api/councils/{id}/sessions", tag = "sessions", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Session>), (status = 404, body = ErrorBody)))]
async fn list_sessions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Session>>, ApiError> {
    caller.in_council(id, "council")?;
    state.store.council(id).await?;
    Ok(Json(state.store.sessions(id).await?))
}

#[utoipa::path(post, path = "/api/councils/{id}/sessions", tag = "sessions", params(("id" = i64, Path)),
    request_body = NewSession,
    responses((status = 201, body = Session), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewSession>,
) -> Result<(StatusCode, Json<Session>), ApiError> {
    caller.may(id, "council", policy::SESSION_SETUP)?;
    state.store.council(id).await?;
    let session = state
        .store
        .create_session(caller.id(), id, new.validated()?)
        .await?;
    Ok((StatusCode::CREATED, Json(session)))
}

#[utoipa::path(get, path = "/api/sessions/{id}", tag = "sessions", params(("id" = i64, Path)),
    responses((status = 200, body = Session), (status = 404, body = ErrorBody)))]
async fn get_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Session>, ApiError> {
    Ok(Json(visible_session(&state, &caller, id).await?))
}

/// Change a session's details while it is a draft or convened.
#[utoipa::path(patch, path = "/api/sessions/{id}", tag = "sessions", params(("id" = i64, Path)),
    request_body = SessionPatch,
    responses((status = 200, body = Session), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(patch): Json<SessionPatch>,
) -> Result<Json<Session>, ApiError> {
    session_for(&state, &caller, id, policy::SESSION_SETUP).await?;
    Ok(Json(
        state
            .store
            .update_session(caller.id(), id, Box::new(move |s| Ok(patch.apply(s)?)))
            .await?,
    ))
}

/// Delete a draft session.
#[utoipa::path(delete, path = "/api/sessions/{id}", tag = "sessions", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    session_for(&state, &caller, id, policy::SESSION_SETUP).await?;
    state.store.delete_session(caller.id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn transition(
    state: &AppState,
    caller: &Caller,
    id: i64,
    roles: &[Role],
    to: SessionState,
    go_ahead: GoAhead,
) -> Result<Json<Session>, ApiError> {
    session_for(state, caller, id, roles).await?;
    Ok(Json(
        state
            .store
            .transition_session(caller.id(), id, to, go_ahead)
            .await?,
    ))
}

/// Convene a draft session (triệu tập): its date and agenda are announced.
#[utoipa::path(post, path = "/api/sessions/{id}/convene", tag = "sessions", params(("id" = i64, Path)),
    responses((status = 200, body = Session), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn convene_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Session>, ApiError> {
    transition(
        &state,
        &caller,
        id,
        policy::SESSION_SETUP,
        SessionState::Convened,
        GoAhead::default(),
    )
    .await
}

/// The chair opens a convened session (khai mạc). Below the quorum the
/// council either refuses (`quorum_not_reached`) or warns (`below_quorum`)
/// until the chair confirms with `below_quorum_confirmed`.
#[utoipa::path(post, path = "/api/sessions/{id}/start", tag = "sessions", params(("id" = i64, Path)),
    request_body(content = Option<GoAhead>),
    responses((status = 200, body = Session), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "below_quorum, quorum_not_reached, invalid_state")))]
async fn start_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    go_ahead: Option<Json<GoAhead>>,
) -> Result<Json<Session>, ApiError> {
    let go_ahead = go_ahead.map(|Json(g)| g).unwrap_or_default();
    transition(
        &state,
        &caller,
        id,
        policy::CHAIR,
        SessionState::InProgress,
        go_ahead,
    )
    .await
}

/// The chair closes a running session (bế mạc).
#[utoipa::path(post, path = "/api/sessions/{id}/close", tag = "sessions", params(("id" = i64, Path)),
    responses((status = 200, body = Session), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn close_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Session>, ApiError> {
    transition(
        &state,
        &caller,
        id,
        policy::CHAIR,
        SessionState::Closed,
        GoAhead::default(),
    )
    .await
}

#[utoipa::path(get, path = "/api/sessions/{id}/sittings", tag = "sessions", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Sitting>), (status = 404, body = ErrorBody)))]
async fn list_sittings(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Sitting>>, ApiError> {
    visible_session(&state, &caller, id).await?;
    Ok(Json(state.store.sittings(id).await?))
}

#[utoipa::path(post, path = "/api/sessions/{id}/sittings", tag = "sessions", params(("id" = i64, Path)),
    request_body = NewSitting,
    responses((status = 201, body = Sitting), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_sitting(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewSitting>,
) -> Result<(StatusCode, Json<Sitting>), ApiError> {
    session_for(&state, &caller, id, policy::SESSION_SETUP).await?;
    let sitting = state
        .store
        .create_sitting(caller.id(), id, new.validated()?)
        .await?;
    Ok((StatusCode::CREATED, Json(sitting)))
}

/// Loads a sitting whose session the caller may set up.
async fn sitting_for(state: &AppState, caller: &Caller, id: i64) -> Result<Sitting, ApiError> {
    let sitting = state.store.sitting(id).await?;
    let session = state.store.session(sitting.session_id).await?;
    caller.may(session.council_id, "sitting", policy::SESSION_SETUP)?;
    Ok(sitting)
}

#[utoipa::path(patch, path = "/api/sittings/{id}", tag = "sessions", params(("id" = i64, Path)),
    request_body = SittingPatch,
    responses((status = 200, body = Sitting), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_sitting(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(patch): Json<SittingPatch>,
) -> Result<Json<Sitting>, ApiError> {
    sitting_for(&state, &caller, id).await?;
    Ok(Json(
        state
            .store
            .update_sitting(caller.id(), id, Box::new(move |s| Ok(patch.apply(s)?)))
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/sittings/{id}", tag = "sessions", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_sitting(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    sitting_for(&state, &caller, id).await?;
    state.store.delete_sitting(caller.id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The agenda: top-level items in order, each followed by its sub-items.
#[utoipa::path(get, path = "/api/sessions/{id}/agenda", tag = "sessions", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<AgendaItem>), (status = 404, body = ErrorBody)))]
async fn list_agenda(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<AgendaItem>>, ApiError> {
    visible_session(&state, &caller, id).await?;
    Ok(Json(state.store.agenda(id).await?))
}

/// Append an item (or a sub-item, with `parent_id`) to the agenda.
#[utoipa::path(post, path = "/api/sessions/{id}/agenda", tag = "sessions", params(("id" = i64, Path)),
    request_body = NewAgendaItem,
    responses((status = 201, body = AgendaItem), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn create_agenda_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewAgendaItem>,
) -> Result<(StatusCode, Json<AgendaItem>), ApiError> {
    session_for(&state, &caller, id, policy::SESSION_SETUP).await?;
    let item = state
        .store
        .create_agenda_item(caller.id(), id, new.validated()?)
        .await?;
    Ok((StatusCode::CREATED, Json(item)))
}

async fn agenda_item_for(
    state: &AppState,
    caller: &Caller,
    id: i64,
) -> Result<AgendaItem, ApiError> {
    let item = state.store.agenda_item(id).await?;
    let session = state.store.session(item.session_id).await?;
    caller.may(session.council_id, "agenda item", policy::SESSION_SETUP)?;
    Ok(item)
}

#[utoipa::path(patch, path = "/api/agenda-items/{id}", tag = "sessions", params(("id" = i64, Path)),
    request_body = AgendaItemPatch,
    responses((status = 200, body = AgendaItem), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_agenda_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(patch): Json<AgendaItemPatch>,
) -> Result<Json<AgendaItem>, ApiError> {
    agenda_item_for(&state, &caller, id).await?;
    Ok(Json(
        state
            .store
            .update_agenda_item(caller.id(), id, Box::new(move |a| Ok(patch.apply(a)?)))
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/agenda-items/{id}", tag = "sessions", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_agenda_item(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    agenda_item_for(&state, &caller, id).await?;
    state.store.delete_agenda_item(caller.id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The session's whole current state and the event sequence it reflects;
/// subscribe to the events with `Last-Event-ID: <seq>` to continue from it.
/// `voted_polls` lists the polls the signed-in delegate has voted in (only
/// that fact, never a choice).
#[utoipa::path(get, path = "/api/sessions/{id}/snapshot", tag = "live", params(("id" = i64, Path)),
    responses((status = 200, body = SessionSnapshot), (status = 404, body = ErrorBody)))]
async fn snapshot(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<SessionSnapshot>, ApiError> {
    visible_session(&state, &caller, id).await?;
    Ok(Json(state.store.snapshot(id, caller.person_id()).await?))
}
