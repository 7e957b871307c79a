//! Councils with their settings, and their terms.

use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path};
use super::AppState;
use kyhop_domain::{Council, CouncilPatch, NewCouncil, NewTerm, Term, TermPatch};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_councils, create_council))
        .routes(routes!(get_council, update_council, delete_council))
        .routes(routes!(list_terms, create_term))
        .routes(routes!(get_term, update_term, delete_term))
}

/// Councils the caller belongs to (all of them for the administrator).
#[utoipa::path(get, path = "/api/councils", tag = "councils",
    responses((status = 200, body = Vec<Council>)))]
async fn list_councils(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Council>>, ApiError> {
    let mut councils = state.store.councils().await?;
    councils.retain(|c| caller.in_council(c.id, "council").is_ok());
    Ok(Json(councils))
}

/// Create a council; settings not given take the Vietnamese defaults.
#[utoipa::path(post, path = "/api/councils", tag = "councils", request_body = NewCouncil,
    responses((status = 201, body = Council), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_council(
    State(state): State<AppState>,
    caller: Caller,
    Json(new): Json<NewCouncil>,
) -> Result<(StatusCode, Json<Council>), ApiError> {
    caller.require(policy::ADMIN)?;
    let (name, settings) = new.validated()?;
    let council = state
        .store
        .create_council(caller.id(), name, settings)
        .await?;
    Ok((StatusCode::CREATED, Json(council)))
}

#[utoipa::path(get, path = "/api/councils/{id}", tag = "councils", params(("id" = i64, Path)),
    responses((status = 200, body = Council), (status = 404, body = ErrorBody)))]
async fn get_council(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Council>, ApiError> {
    caller.in_council(id, "council")?;
    Ok(Json(state.store.council(id).await?))
}

/// Change a council's name or settings.
#[utoipa::path(patch, path = "/api/councils/{id}", tag = "councils", params(("id" = i64, Path)),
    request_body = CouncilPatch,
    responses((status = 200, body = Council), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_council(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(patch): Json<CouncilPatch>,
) -> Result<Json<Council>, ApiError> {
    caller.may(id, "council", policy::ADMIN)?;
    let council = state
        .store
        .update_council(caller.id(), id, Box::new(move |c| Ok(patch.apply(c)?)))
        .await?;
    Ok(Json(council))
}

/// Delete a council that has nothing in it yet.
#[utoipa::path(delete, path = "/api/councils/{id}", tag = "councils", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_council(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    caller.may(id, "council", policy::ADMIN)?;
    state.store.delete_council(caller.id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/councils/{id}/terms", tag = "councils", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Term>), (status = 404, body = ErrorBody)))]
async fn list_terms(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Term>>, ApiError> {
    caller.in_council(id, "council")?;
    state.store.council(id).await?;
    Ok(Json(state.store.terms(id).await?))
}

#[utoipa::path(post, path = "/api/councils/{id}/terms", tag = "councils", params(("id" = i64, Path)),
    request_body = NewTerm,
    responses((status = 201, body = Term), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_term(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewTerm>,
) -> Result<(StatusCode, Json<Term>), ApiError> {
    caller.may(id, "council", policy::ADMIN)?;
    state.store.council(id).await?;
    let term = state
        .store
        .create_term(caller.id(), id, new.validated()?)
        .await?;
    Ok((StatusCode::CREATED, Json(term)))
}

#[utoipa::path(get, path = "/api/terms/{id}", tag = "councils", params(("id" = i64, Path)),
    responses((status = 200, body = Term), (status = 404, body = ErrorBody)))]
async fn get_term(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Term>, ApiError> {
    let term = state.store.term(id).await?;
    caller.in_council(term.council_id, "term")?;
    Ok(Json(term))
}

#[utoipa::path(patch, path = "/api/terms/{id}", tag = "councils", params(("id" = i64, Path)),
    request_body = TermPatch,
    responses((status = 200, body = Term), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_term(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(patch): Json<TermPatch>,
) -> Result<Json<Term>, ApiError> {
    let term = state.store.term(id).await?;
    caller.may(term.council_id, "term", policy::ADMIN)?;
    Ok(Json(
        state
            .store
            .update_term(caller.id(), id, Box::new(move |t| Ok(patch.apply(t)?)))
            .await?,
    ))
}

#[utoipa::path(delete, path = "/api/terms/{id}", tag = "councils", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_term(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let term = state.store.term(id).await?;
    caller.may(term.council_id, "term", policy::ADMIN)?;
    state.store.delete_term(caller.id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
