//! The session's papers as PDFs: the agenda and the convening notice for
//! anyone of the council, the invitations and each sitting's attendance
//! report for its staff.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Path};
use super::resolutions::pdf_response;
use super::sessions::visible_session;
use super::AppState;
use crate::services::issuing::vietnam_today;
use crate::services::papers::{
    agenda_paper, convening_notice, invitees, session_heading, sitting_report,
};
use kyhop_docs::minutes::{agenda_pdf, convening_notice_pdf, invitations_pdf, sitting_report_pdf};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(agenda_as_pdf))
        .routes(routes!(convening_notice_as_pdf))
        .routes(routes!(invitations_as_pdf))
        .routes(routes!(sitting_report_as_pdf))
}

/// Typesets off the async workers.
async fn typeset(work: impl FnOnce() -> Vec<u8> + Send + 'static) -> Result<Vec<u8>, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ApiError::internal())
}

/// The session's agenda (chương trình kỳ họp) as a PDF to print and send
/// with the convening notice: its sittings, and every item with its
/// presenter and planned time. Anyone of the council may print it.
#[utoipa::path(get, path = "/api/sessions/{id}/agenda.pdf", tag = "minutes", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody)))]
async fn agenda_as_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    visible_session(&state, &caller, id).await?;
    let paper = agenda_paper(state.store.as_ref(), id).await?;
    let pdf = typeset(move || agenda_pdf(&paper, vietnam_today())).await?;
    Ok(pdf_response(pdf, "chuong-trinh-ky-hop.pdf"))
}

/// The convening notice (thông báo triệu tập): when, where and what, to
/// every delegate with the agenda. Anyone of the council may print it.
#[utoipa::path(get, path = "/api/sessions/{id}/convening-notice.pdf", tag = "minutes", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 404, body = ErrorBody)))]
async fn convening_notice_as_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    visible_session(&state, &caller, id).await?;
    let notice = convening_notice(state.store.as_ref(), id).await?;
    let pdf = typeset(move || convening_notice_pdf(&notice, vietnam_today())).await?;
    Ok(pdf_response(pdf, "thong-bao-trieu-tap.pdf"))
}

/// The invitations (giấy mời) to the council's officials and guests, one
/// page each; `409 no_invitees` when the council lists none.
#[utoipa::path(get, path = "/api/sessions/{id}/invitations.pdf", tag = "minutes", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "no_invitees")))]
async fn invitations_as_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let session = visible_session(&state, &caller, id).await?;
    caller.may(session.council_id, "session", policy::COUNCIL_STAFF)?;
    let invited = invitees(state.store.as_ref(), session.council_id).await?;
    if invited.is_empty() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "no_invitees",
            "the council lists no officials or guests to invite",
        ));
    }
    let heading = session_heading(state.store.as_ref(), id).await?;
    let pdf = typeset(move || invitations_pdf(&heading, &invited, vietnam_today())).await?;
    Ok(pdf_response(pdf, "giay-moi.pdf"))
}

/// A sitting's attendance report (danh sách điểm danh): counts against the
/// quorum, then every delegate present or absent with the reason. The live
/// roll for the current sitting, the kept one for a sitting past;
/// `409 sitting_not_begun` for one not begun.
#[utoipa::path(get, path = "/api/sittings/{id}/attendance.pdf", tag = "minutes", params(("id" = i64, Path)),
    responses((status = 200, content_type = "application/pdf"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "sitting_not_begun")))]
async fn sitting_report_as_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let sitting = state.store.sitting(id).await?;
    let session = visible_session(&state, &caller, sitting.session_id).await?;
    caller.may(session.council_id, "sitting", policy::COUNCIL_STAFF)?;
    let report = sitting_report(state.store.as_ref(), id).await?;
    let pdf = typeset(move || sitting_report_pdf(&report, vietnam_today())).await?;
    Ok(pdf_response(pdf, "diem-danh-phien-hop.pdf"))
}
