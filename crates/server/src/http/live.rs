//! The live channel: Server-Sent Events per session (and per council).
//!
//! A client names the last event it has with `Last-Event-ID` (browsers do
//! this by themselves on reconnect) or `?after=`. It first receives every
//! later event from the store, in order, then live ones as they commit. Any
//! gap — lag, events committed out of order between publish calls, a missed
//! ring — is filled from the store, so a client sees each event exactly once
//! and in sequence.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Path, Query};
use super::sessions::visible_session;
use super::AppState;
use kyhop_domain::events::Stream;
use kyhop_store::live::Frame;
use kyhop_store::Store;

/// Events read from the store per query while catching up.
const CATCH_UP_PAGE: u32 = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(session_events))
        .routes(routes!(council_events))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct From {
    /// Send events after this sequence number (default: `Last-Event-ID`, else 0).
    pub after: Option<i64>,
}

fn start_after(headers: &HeaderMap, query: &From) -> Result<i64, ApiError> {
    if let Some(after) = query.after {
        return Ok(after.max(0));
    }
    match headers.get("last-event-id") {
        None => Ok(0),
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .map(|n| n.max(0))
            .ok_or_else(|| {
                ApiError::new(
                    axum::http::StatusCode::BAD_REQUEST,
                    "bad_last_event_id",
                    "Last-Event-ID must be a sequence number",
                )
            }),
    }
}

/// What woke a live stream up.
enum Wake {
    Frame(Result<Arc<Frame>, RecvError>),
    KeepAlive,
    Shutdown,
}

/// A comment line that keeps idle connections (and proxies) from timing out.
const KEEP_ALIVE: &[u8] = b":\n\n";
const KEEP_ALIVE_EVERY: Duration = Duration::from_secs(15);

/// Streams the events of `stream` after `after`, then live ones, until the
/// client goes away or the server shuts down. Each message is the hub's
/// frame, encoded once for all subscribers.
fn event_stream(store: Arc<dyn Store>, stream: Stream, mut last: i64) -> Response {
    let hub_rx = store.hub().subscribe(stream);
    let mut shutdown = store.hub().shutdown_signal();
    let body = async_stream::stream! {
        let mut rx = hub_rx;
        let mut keep_alive = tokio::time::interval(KEEP_ALIVE_EVERY);
        keep_alive.reset();
        // Catch up from the store first; the subscription above already
        // buffers anything committed meanwhile.
        let mut catch_up = true;
        loop {
            if catch_up {
                loop {
                    let page = match store.events_after(stream, last, CATCH_UP_PAGE).await {
                        Ok(page) => page,
                        Err(e) => {
                            tracing::warn!(error = %e, %stream, "live stream ends: cannot read events");
                            return;
                        }
                    };
                    let full = page.len() == CATCH_UP_PAGE as usize;
                    for event in page {
                        let frame = Frame::new(&event);
                        last = frame.seq;
                        yield Ok::<_, Infallible>(frame.sse);
                    }
                    if !full {
                        break;
                    }
                }
                catch_up = false;
            }
            let wake = tokio::select! {
                r = rx.recv() => Wake::Frame(r),
                _ = keep_alive.tick() => Wake::KeepAlive,
                _ = shutdown.wait_for(|down| *down) => Wake::Shutdown,
            };
            match wake {
                Wake::Frame(Ok(frame)) if frame.seq <= last => {}
                Wake::Frame(Ok(frame)) if frame.seq == last + 1 => {
                    last = frame.seq;
                    keep_alive.reset();
                    yield Ok(frame.sse.clone());
                }
                Wake::Frame(Ok(_) | Err(RecvError::Lagged(_))) => catch_up = true,
                Wake::Frame(Err(RecvError::Closed)) | Wake::Shutdown => return,
                Wake::KeepAlive => yield Ok(Bytes::from_static(KEEP_ALIVE)),
            }
        }
    };
    (
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

/// Live events of a session (Server-Sent Events; `id` = sequence number,
/// `data` = the event as JSON).
#[utoipa::path(get, path = "/api/sessions/{id}/events", tag = "live", params(("id" = i64, Path), From,
        ("Last-Event-ID" = Option<i64>, Header, description = "last sequence number the client has")),
    responses((status = 200, content_type = "text/event-stream", body = kyhop_domain::events::Event), (status = 404, body = ErrorBody)))]
async fn session_events(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(from): Query<From>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    visible_session(&state, &caller, id).await?;
    let after = start_after(&headers, &from)?;
    Ok(event_stream(
        state.store.clone(),
        Stream::Session(id),
        after,
    ))
}

/// Live events of a council's set-up (people, terms, accounts), for its staff.
#[utoipa::path(get, path = "/api/councils/{id}/events", tag = "live", params(("id" = i64, Path), From,
        ("Last-Event-ID" = Option<i64>, Header, description = "last sequence number the client has")),
    responses((status = 200, content_type = "text/event-stream", body = kyhop_domain::events::Event), (status = 404, body = ErrorBody)))]
async fn council_events(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(from): Query<From>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    caller.may(id, "council", policy::COUNCIL_STAFF)?;
    state.store.council(id).await?;
    let after = start_after(&headers, &from)?;
    Ok(event_stream(
        state.store.clone(),
        Stream::Council(id),
        after,
    ))
}
