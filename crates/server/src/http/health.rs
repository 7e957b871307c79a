//! Whether the server is up and ready (`/healthz`, `/readyz`), and what it
//! is doing (`/metrics`, on the admin address of `--metrics-bind` only).

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use super::AppState;
use crate::services::metrics::{Metrics, Scrape};

/// `/healthz` and `/readyz`, on the API's address (no sign-in: they say
/// nothing but whether to send it work).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// The admin address: the same two and `/metrics`.
pub fn admin_router(state: AppState) -> Router {
    router().route("/metrics", get(metrics)).with_state(state)
}

/// The process answers.
async fn healthz() -> Json<serde_json::Value> {
    Json(json!({ "status": "ok" }))
}

/// The database answers, and its schema is the one this release knows (not
/// migrated further by an instance of a later release).
async fn readyz(State(state): State<AppState>) -> Response {
    match state.store.schema().await {
        Ok(schema) if schema.applied == schema.known => {
            Json(json!({ "status": "ready", "schema": schema.applied })).into_response()
        }
        Ok(schema) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "schema_differs", "schema": schema.applied, "known": schema.known })),
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "database_unavailable" })),
            )
                .into_response()
        }
    }
}

async fn metrics(State(state): State<AppState>) -> Response {
    let text = state
        .metrics
        .render(Scrape {
            store: state.store.as_ref(),
            live_streams: state.live_streams.count(),
            pdf_jobs: state.pdf_children.counts(),
            blobs: state.blobs.root(),
        })
        .await;
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// Counts each request by its route's pattern (never its path: ids stay
/// out of the labels), the web UI's files as one.
pub async fn count_request(
    State(metrics): State<Arc<Metrics>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let response = next.run(request).await;
    let route = route.as_deref().unwrap_or("(other)");
    metrics.request(
        &method,
        route,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}
