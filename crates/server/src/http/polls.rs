//! Polls over HTTP: the chair prepares, opens, closes and annuls them;
//! delegates cast ballots.

use axum::extract::State;
use axum::http::{header, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path};
use super::sessions::visible_session;
use super::AppState;
use crate::services::counting_key;
use kyhop_domain::{
    text, Annulment, Ballot, BallotReceipt, BallotRequest, GoAhead, NamesOnScreen, NewPoll, Poll,
};
use kyhop_store::secret_count::CountingKey;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_polls))
        .routes(routes!(create_poll))
        .routes(routes!(get_poll))
        .routes(routes!(open_poll))
        .routes(routes!(close_poll))
        .routes(routes!(annul_poll))
        .routes(routes!(show_names))
        .routes(routes!(cast_ballot))
        .routes(routes!(verification_record))
}

async fn visible_poll(state: &AppState, caller: &Caller, id: i64) -> Result<Poll, ApiError> {
    let poll = state.store.poll(id).await?;
    let session = state.store.session(poll.session_id).await?;
    caller.in_council(session.council_id, "poll")?;
    Ok(poll)
}

/// The session's polls. Results appear only once a poll is closed.
#[utoipa::path(get, path = "/api/sessions/{id}/polls", tag = "polls", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Poll>), (status = 404, body = ErrorBody)))]
async fn list_polls(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Poll>>, ApiError> {
    visible_session(&state, &caller, id).await?;
    Ok(Json(state.store.polls(id).await?))
}

/// Prepare a poll on an agenda item (draft).
#[utoipa::path(post, path = "/api/agenda-items/{id}/polls", tag = "polls", params(("id" = i64, Path)),
    request_body = NewPoll,
    responses((status = 201, body = Poll), (status = 409, body = ErrorBody, description = "invalid_state, counting_key_unavailable"), (status = 422, body = ErrorBody)))]
async fn create_poll(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewPoll>,
) -> Result<(StatusCode, Json<Poll>), ApiError> {
    let item = state.store.agenda_item(id).await?;
    let session = state.store.session(item.session_id).await?;
    caller.may(session.council_id, "agenda item", policy::CHAIR)?;
    let new = new.validated()?;
    // A secret poll's key is made now, so that its ballots can be
    // encrypted ahead while it waits to open.
    let counting = new
        .kind
        .is_secret()
        .then(|| counting_key::load(state.config.counting_key.as_deref()))
        .flatten();
    let poll = state
        .store
        .create_poll(caller.id(), id, new, counting.as_ref())
        .await?;
    Ok((StatusCode::CREATED, Json(poll)))
}

#[utoipa::path(get, path = "/api/polls/{id}", tag = "polls", params(("id" = i64, Path)),
    responses((status = 200, body = Poll), (status = 404, body = ErrorBody)))]
async fn get_poll(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Poll>, ApiError> {
    Ok(Json(visible_poll(&state, &caller, id).await?))
}

/// Open a draft poll. Only one poll of a session is open at a time. The
/// delegates present are counted now (`present_at_open`, refused with
/// `seats_exceeded` above the council's seats): only they vote in it, and
/// its rule and result count them. Below the quorum the council either
/// refuses (`quorum_not_reached`) or warns (`below_quorum`) until the chair
/// confirms with `below_quorum_confirmed`.
#[utoipa::path(post, path = "/api/polls/{id}/open", tag = "polls", params(("id" = i64, Path)),
    request_body(content = Option<GoAhead>),
    responses((status = 200, body = Poll), (status = 409, body = ErrorBody,
        description = "poll_open, poll_not_draft, below_quorum, quorum_not_reached")))]
async fn open_poll(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    go_ahead: Option<Json<GoAhead>>,
) -> Result<Json<Poll>, ApiError> {
    visible_poll(&state, &caller, id).await?;
    caller.require(policy::CHAIR)?;
    let counting = counting_key_of(&state, id).await?;
    let go_ahead = go_ahead.map(|Json(g)| g).unwrap_or_default();
    Ok(Json(
        state
            .store
            .open_poll(caller.id(), id, counting.as_ref(), go_ahead)
            .await?,
    ))
}

/// The counting key, read for a secret poll only (a named poll never needs it).
async fn counting_key_of(state: &AppState, poll_id: i64) -> Result<Option<CountingKey>, ApiError> {
    let poll = state.store.poll(poll_id).await?;
    Ok(if poll.kind.is_secret() {
        counting_key::load(state.config.counting_key.as_deref())
    } else {
        None
    })
}

/// Close an open poll and count it.
#[utoipa::path(post, path = "/api/polls/{id}/close", tag = "polls", params(("id" = i64, Path)),
    responses((status = 200, body = Poll), (status = 409, body = ErrorBody, description = "poll_not_open")))]
async fn close_poll(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Poll>, ApiError> {
    visible_poll(&state, &caller, id).await?;
    caller.require(policy::CHAIR)?;
    let counting = counting_key_of(&state, id).await?;
    Ok(Json(
        state
            .store
            .close_poll(caller.id(), id, counting.as_ref())
            .await?,
    ))
}

/// A closed secret poll's verification record: the public key, every
/// ballot's ciphertexts with no voter in random order, the totals and the
/// proofs of their decryption. `kyhop poll verify FILE` checks it.
#[utoipa::path(get, path = "/api/polls/{id}/verification", tag = "polls", params(("id" = i64, Path)),
    responses((status = 200, description = "The record (JSON)", content_type = "application/json", body = Object,
            headers(("x-record-sha256" = String, description = "SHA-256 of the record, as printed in the ballot-count report"))),
        (status = 404, body = ErrorBody, description = "No such poll, or no record: a named poll, or a secret poll not yet closed")))]
async fn verification_record(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    visible_poll(&state, &caller, id).await?;
    let (record, sha256) = state.store.verification_record(id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"poll-{id}-verification.json\""),
            ),
            (HeaderName::from_static("x-record-sha256"), sha256),
        ],
        record,
    )
        .into_response())
}

/// Annul an open or closed poll, with the reason; a revote is a new poll
/// with `revote_of`.
#[utoipa::path(post, path = "/api/polls/{id}/annul", tag = "polls", params(("id" = i64, Path)),
    request_body = Annulment,
    responses((status = 200, body = Poll), (status = 409, body = ErrorBody)))]
async fn annul_poll(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(annulment): Json<Annulment>,
) -> Result<Json<Poll>, ApiError> {
    visible_poll(&state, &caller, id).await?;
    caller.require(policy::CHAIR)?;
    let reason = text::name("reason", &annulment.reason)?;
    Ok(Json(state.store.annul_poll(caller.id(), id, reason).await?))
}

/// Show (or hide) a closed named poll's list of who chose what on the
/// chamber screen; the minutes always list it.
#[utoipa::path(post, path = "/api/polls/{id}/names-on-screen", tag = "polls", params(("id" = i64, Path)),
    request_body = NamesOnScreen,
    responses((status = 200, body = Poll),
        (status = 409, body = ErrorBody, description = "poll_not_named, poll_not_closed")))]
async fn show_names(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(request): Json<NamesOnScreen>,
) -> Result<Json<Poll>, ApiError> {
    visible_poll(&state, &caller, id).await?;
    caller.require(policy::CHAIR)?;
    Ok(Json(
        state
            .store
            .show_poll_names(caller.id(), id, request.show)
            .await?,
    ))
}

/// Cast one's own ballot. The voter is always the signed-in delegate; the
/// answer comes once the ballot is committed. In secret polls the choice is
/// counted and never stored with the delegate's name.
#[utoipa::path(post, path = "/api/polls/{id}/ballot", tag = "polls", params(("id" = i64, Path)),
    request_body = BallotRequest,
    responses((status = 200, body = BallotReceipt),
        (status = 403, body = ErrorBody, description = "not_a_delegate"),
        (status = 409, body = ErrorBody, description = "poll_not_open, not_checked_in, arrived_after_opening, already_voted"),
        (status = 422, body = ErrorBody)))]
async fn cast_ballot(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(request): Json<BallotRequest>,
) -> Result<Json<BallotReceipt>, ApiError> {
    // Everything else — the poll, its council, its state, the voter's
    // attendance, the ballot's fit — the ballot box checks in the writing
    // transaction, so that no check and write can be interleaved.
    let not_a_delegate = || ApiError::forbidden("only delegates vote").with_code("not_a_delegate");
    let (Some(person_id), Some(council_id)) = (caller.person_id(), caller.account.council_id)
    else {
        return Err(not_a_delegate());
    };
    let ballot = Ballot {
        poll_id: id,
        person_id,
        council_id,
        request,
        sealed: None,
    };
    let started = std::time::Instant::now();
    let receipt = state.store.cast_ballot(ballot).await;
    state.metrics.ballot(receipt.is_ok(), started.elapsed());
    Ok(Json(receipt?))
}
