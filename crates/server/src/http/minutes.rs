//! The minutes over HTTP: the draft drawn from the event log, the
//! secretary's narrative per agenda item, the PDF and DOCX exports, and the
//! ballot-count report of each secret poll.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path};
use super::resolutions::pdf_response;
use super::sessions::visible_session;
use super::AppState;
use crate::services::issuing::vietnam_today;
use crate::services::minutes::draft;
use kyhop_docs::minutes::{count_report_pdf, minutes_docx, minutes_pdf, Minutes};
use kyhop_domain::{PollKind, PollState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_minutes))
        .routes(routes!(minutes_as_pdf))
        .routes(routes!(minutes_as_docx))
        .routes(routes!(set_narrative))
        .routes(routes!(count_report))
}

/// The minutes of a session the caller is staff of.
async fn staff_minutes(state: &AppState, caller: &Caller, id: i64) -> Result<Minutes, ApiError> {
    let session = visible_session(state, caller, id).await?;
    caller.may(session.council_id, "session", policy::COUNCIL_STAFF)?;
    Ok(draft(state.store.as_ref(), id).await?)
}

/// The minutes as the event log has them now, with the narratives.
#[utoipa::path(get, path = "/api/sessions/{id}/minutes", tag = "minutes", params(("id" = i64, Path)),
    responses((status = 200, body = Minutes), (status = 404, body = ErrorBody)))]
async fn get_minutes(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Minutes>, ApiError> {
    Ok(Json(staff_minutes(&state, &caller, id).await?))
}

/// The minutes as a PDF in the official typography.
#[utoipa::path(get, path = "/api/sessions/{id}/minutes.pdf", tag = "minutes", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody)))]
async fn minutes_as_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let minutes = staff_minutes(&state, &caller, id).await?;
    let pdf = tokio::task::spawn_blocking(move || minutes_pdf(&minutes, vietnam_today()))
        .await
        .map_err(|_| ApiError::internal())?;
    Ok(pdf_response(pdf, "bien-ban-ky-hop.pdf"))
}

/// The minutes as a Word document, to finish by hand.
#[utoipa::path(get, path = "/api/sessions/{id}/minutes.docx", tag = "minutes", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (status = 404, body = ErrorBody)))]
async fn minutes_as_docx(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let minutes = staff_minutes(&state, &caller, id).await?;
    let docx = tokio::task::spawn_blocking(move || minutes_docx(&minutes, vietnam_today()))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(super::documents::io_error)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"bien-ban-ky-hop.docx\"",
            ),
        ],
        docx,
    )
        .into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Narrative {
    pub text: String,
}

/// The secretary's narrative of one agenda item in the minutes.
#[utoipa::path(put, path = "/api/agenda-items/{id}/minutes", tag = "minutes", params(("id" = i64, Path)),
    request_body = Narrative,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_narrative(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(narrative): Json<Narrative>,
) -> Result<StatusCode, ApiError> {
    let item = state.store.agenda_item(id).await?;
    let session = visible_session(&state, &caller, item.session_id).await?;
    caller.may(session.council_id, "agenda item", policy::MINUTES)?;
    state
        .store
        .set_minutes_narrative(caller.id(), id, narrative.text)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The ballot-count report (biên bản kiểm phiếu) of a closed secret poll.
#[utoipa::path(get, path = "/api/polls/{id}/count-report.pdf", tag = "minutes", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not a closed secret poll")))]
async fn count_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let poll = state.store.poll(id).await?;
    let session = visible_session(&state, &caller, poll.session_id).await?;
    caller.may(session.council_id, "poll", policy::COUNCIL_STAFF)?;
    if poll.kind == PollKind::Named {
        return Err(ApiError::invalid_state(
            "a named poll has no ballot-count report: its list of votes is public",
        ));
    }
    let result = match (&poll.state, &poll.result) {
        (PollState::Closed, Some(result)) => result.clone(),
        _ => {
            return Err(ApiError::invalid_state(
                "the ballot-count report is made once the poll has closed",
            ))
        }
    };
    let council = state.store.council(session.council_id).await?;
    let anchors =
        crate::services::minutes::chain_anchors(state.store.as_ref(), session.id, council.id)
            .await?;
    let pdf = tokio::task::spawn_blocking(move || {
        count_report_pdf(
            &council.name,
            &council.settings.place_name,
            &poll,
            &result,
            vietnam_today(),
            &anchors,
        )
    })
    .await
    .map_err(|_| ApiError::internal())?;
    Ok(pdf_response(pdf, "bien-ban-kiem-phieu.pdf"))
}
