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

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures_util::Stream as FutureStream;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Path, Query};
use super::sessions::visible_session;
use super::AppState;
use crate::events::Stream;
use crate::live::Frame;
use crate::store::Store;

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

type EventBody = std::pin::Pin<Box<dyn FutureStream<Item = Result<SseEvent, Infallible>> + Send>>;
type SseStream = Sse<axum::response::sse::KeepAliveStream<EventBody>>;

fn sse_event(seq: i64, json: &str) -> SseEvent {
    SseEvent::default().id(seq.to_string()).data(json)
}

/// Streams the events of `stream` after `after`, then live ones, until the
/// client goes away or the server shuts down.
fn event_stream(store: Arc<dyn Store>, stream: Stream, mut last: i64) -> SseStream {
    let hub_rx = store.hub().subscribe(stream);
    let mut shutdown = store.hub().shutdown_signal();
    let body = async_stream::stream! {
        let mut rx = hub_rx;
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
                        yield Ok(sse_event(frame.seq, &frame.json));
                    }
                    if !full {
                        break;
                    }
                }
                catch_up = false;
            }
            let received = tokio::select! {
                r = rx.recv() => r,
                _ = shutdown.wait_for(|down| *down) => return,
            };
            match received {
                Ok(frame) if frame.seq <= last => {}
                Ok(frame) if frame.seq == last + 1 => {
                    last = frame.seq;
                    yield Ok(sse_event(frame.seq, &frame.json));
                }
                Ok(_) | Err(RecvError::Lagged(_)) => catch_up = true,
                Err(RecvError::Closed) => return,
            }
        }
    };
    Sse::new(Box::pin(body) as EventBody)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Live events of a session (Server-Sent Events; `id` = sequence number,
/// `data` = the event as JSON).
#[utoipa::path(get, path = "/api/sessions/{id}/events", tag = "live", params(("id" = i64, Path), From,
        ("Last-Event-ID" = Option<i64>, Header, description = "last sequence number the client has")),
    responses((status = 200, content_type = "text/event-stream", body = crate::events::Event), (status = 404, body = ErrorBody)))]
async fn session_events(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(from): Query<From>,
    headers: HeaderMap,
) -> Result<SseStream, ApiError> {
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
    responses((status = 200, content_type = "text/event-stream", body = crate::events::Event), (status = 404, body = ErrorBody)))]
async fn council_events(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(from): Query<From>,
    headers: HeaderMap,
) -> Result<SseStream, ApiError> {
    caller.may(id, "council", policy::COUNCIL_STAFF)?;
    state.store.council(id).await?;
    let after = start_after(&headers, &from)?;
    Ok(event_stream(
        state.store.clone(),
        Stream::Council(id),
        after,
    ))
}
