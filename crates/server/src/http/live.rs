//! The live channel: Server-Sent Events per session (and per council).
//!
//! A client names the last event it has with `Last-Event-ID` (browsers do
//! this by themselves on reconnect) or `?after=`. It first receives every
//! later event from the store, in order, then live ones as they commit. Any
//! gap — lag, events committed out of order between publish calls, a missed
//! ring — is filled from the store, so a client sees each event exactly once
//! and in sequence.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use chrono::Utc;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::watch;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Path, Query};
use super::sessions::visible_session;
use super::AppState;
use kyhop_domain::events::Stream;
use kyhop_domain::{Account, Role};
use kyhop_store::live::Frame;
use kyhop_store::{Store, TokenLookup};

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
    /// Send events after this sequence number (default: `Last-Event-ID`,
    /// else only events from now on).
    pub after: Option<i64>,
}

/// Where a stream starts: after the event the client names; a client that
/// names none starts now (it reads the present from the snapshot, and the
/// history is not replayed to every new connection).
async fn start_after(
    state: &AppState,
    stream: Stream,
    headers: &HeaderMap,
    query: &From,
) -> Result<i64, ApiError> {
    if let Some(after) = query.after {
        return Ok(after.max(0));
    }
    match headers.get("last-event-id") {
        None => Ok(state.store.stream_head(stream).await?),
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
    Recheck,
    Shutdown,
}

/// A comment line that keeps idle connections (and proxies) from timing out.
const KEEP_ALIVE: &[u8] = b":\n\n";
const KEEP_ALIVE_EVERY: Duration = Duration::from_secs(15);

/// Live streams one account may hold at once: a browser tab or two, the
/// desktop app, a second screen. One more ends the oldest (it is most
/// likely a connection that died without the server noticing).
pub const STREAMS_PER_ACCOUNT: usize = 4;

/// How often a stream checks that its sign-in still stands (logout,
/// revocation, a new card, a role or council change end it within this).
const RECHECK_EVERY: Duration = Duration::from_secs(2);

/// An account's open streams, oldest first: an id and the signal that
/// ends it.
type Held = HashMap<i64, VecDeque<(u64, watch::Sender<bool>)>>;

/// The live streams each account holds.
#[derive(Debug, Default)]
pub struct LiveStreams {
    open: Mutex<Held>,
    next: AtomicU64,
}

/// One open stream; it leaves the account's list when dropped.
#[derive(Debug)]
pub struct StreamTicket {
    streams: Arc<LiveStreams>,
    account: i64,
    id: u64,
    /// Becomes true when a newer stream of the account takes this one's place.
    pub evicted: watch::Receiver<bool>,
}

impl LiveStreams {
    fn lock(&self) -> std::sync::MutexGuard<'_, Held> {
        self.open.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Streams open now, every account's.
    pub fn count(&self) -> usize {
        self.lock().values().map(VecDeque::len).sum()
    }

    /// Opens a stream for `account`, ending its oldest beyond the limit.
    pub fn open(self: &Arc<Self>, account: i64) -> StreamTicket {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (tx, evicted) = watch::channel(false);
        let mut open = self.lock();
        let mine = open.entry(account).or_default();
        while mine.len() >= STREAMS_PER_ACCOUNT {
            if let Some((_, oldest)) = mine.pop_front() {
                let _ = oldest.send(true);
            }
        }
        mine.push_back((id, tx));
        StreamTicket {
            streams: self.clone(),
            account,
            id,
            evicted,
        }
    }
}

impl Drop for StreamTicket {
    fn drop(&mut self) {
        let mut open = self.streams.lock();
        if let Some(mine) = open.get_mut(&self.account) {
            mine.retain(|(id, _)| *id != self.id);
            if mine.is_empty() {
                open.remove(&self.account);
            }
        }
    }
}

/// Who may go on reading a stream: checked again every few seconds.
#[derive(Debug, Clone, Copy)]
enum Reader {
    /// Anyone of the council (or an admin): a session's stream.
    Council(i64),
    /// The council's staff: its set-up stream.
    CouncilStaff(i64),
}

impl Reader {
    fn allows(self, account: &Account) -> bool {
        let (council, roles) = match self {
            Reader::Council(c) => (c, None),
            Reader::CouncilStaff(c) => (c, Some(policy::COUNCIL_STAFF)),
        };
        !account.must_change_password
            && (account.role == Role::Admin || account.council_id == Some(council))
            && roles.is_none_or(|r| r.contains(&account.role))
    }
}

/// Whether the sign-in behind a stream still stands.
async fn still_signed_in(store: &dyn Store, token_hash: &str, reader: Reader) -> bool {
    match store.token_account(token_hash, Utc::now()).await {
        Ok(TokenLookup::Valid(account)) => reader.allows(&account),
        Ok(_) => false,
        // The database is away for a moment: the stream goes on; it is
        // checked again shortly.
        Err(e) => {
            tracing::warn!(error = %e, "checking a live stream's sign-in");
            true
        }
    }
}

/// Streams the events of `stream` after `after`, then live ones, until the
/// client goes away, the server shuts down, the sign-in ends or a newer
/// stream of the account takes its place. Each message is the hub's frame,
/// encoded once for all subscribers.
fn event_stream(
    state: &AppState,
    caller: &Caller,
    reader: Reader,
    stream: Stream,
    mut last: i64,
) -> Response {
    let store = state.store.clone();
    let hub_rx = store.hub().subscribe(stream);
    let mut shutdown = store.hub().shutdown_signal();
    let ticket = state.live_streams.open(caller.id());
    let token_hash = caller.token_hash.clone();
    let body = async_stream::stream! {
        let mut rx = hub_rx;
        let mut evicted = ticket.evicted.clone();
        let _ticket = ticket;
        let mut keep_alive = tokio::time::interval(KEEP_ALIVE_EVERY);
        keep_alive.reset();
        let mut recheck = tokio::time::interval(RECHECK_EVERY);
        recheck.reset();
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
                _ = recheck.tick() => Wake::Recheck,
                _ = evicted.wait_for(|e| *e) => Wake::Shutdown,
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
                Wake::Recheck => {
                    if !still_signed_in(store.as_ref(), &token_hash, reader).await {
                        return;
                    }
                }
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
    let session = visible_session(&state, &caller, id).await?;
    let stream = Stream::Session(id);
    let after = start_after(&state, stream, &headers, &from).await?;
    Ok(event_stream(
        &state,
        &caller,
        Reader::Council(session.council_id),
        stream,
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
    let stream = Stream::Council(id);
    let after = start_after(&state, stream, &headers, &from).await?;
    Ok(event_stream(
        &state,
        &caller,
        Reader::CouncilStaff(id),
        stream,
        after,
    ))
}
