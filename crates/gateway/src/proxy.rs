//! `/api/…` passed on to the host, with what the laptop adds: the real
//! token in place of the UI's local one, kept answers and packet files
//! when the host is away, and reads reported once it is back.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use serde_json::Value;

use super::offline::KeptResponse;
use super::upstream::{failure, Upstream};
use super::{GatewayError, Inner, Secrets};

/// Answers larger than this are passed on but not kept for offline use.
const KEEP_LIMIT: usize = 8 << 20;
/// Ordinary requests (uploads included) get this long; live streams have
/// no limit (the UI notices a silent one).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);
/// Marks an answer served from what the laptop kept, not from the host.
const OFFLINE_HEADER: &str = "x-kyhop-offline";

/// Hop-by-hop headers (RFC 9110 §7.6.1) and those the gateway sets itself.
fn passes(name: &HeaderName) -> bool {
    !matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "proxy-connection"
            | "proxy-authenticate"
            | "proxy-authorization"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "host"
            | "content-length"
            // The gateway's own secret never leaves this laptop.
            | super::routes::GATEWAY_TOKEN_HEADER
    )
}

pub async fn forward(State(inner): State<Arc<Inner>>, request: Request) -> Response {
    match forward_inner(inner, request).await {
        Ok(response) => response,
        Err(e) => e.into_response(),
    }
}

async fn forward_inner(inner: Arc<Inner>, request: Request) -> Result<Response, GatewayError> {
    let Some(upstream) = inner.upstream().await else {
        return Err(GatewayError::NotPaired);
    };
    let method = request.method().clone();
    let path = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| request.uri().path().to_owned());
    let route = Route::of(&method, request.uri().path());
    if let Route::Snapshot(session) = route {
        inner.sync.follow(session).await;
    }
    let secrets = inner.secrets.lock().await.clone();
    // What the laptop kept is the signed-in reader's: only their window
    // (which holds the local token) gets it; anyone else goes to the host.
    let ours = request
        .headers()
        .get(header::AUTHORIZATION)
        .is_some_and(|auth| is_local(auth, &secrets));
    let mut damaged_copy = false;
    if let (Route::DocumentFile(document), true) = (route, ours) {
        match kept_document(&inner, &upstream, document, &path).await? {
            Kept::Served(response) => return Ok(response),
            Kept::Damaged => damaged_copy = true,
            Kept::Missing => {}
        }
    }

    let mut headers = HeaderMap::new();
    for (name, value) in request.headers() {
        if passes(name) && name != header::AUTHORIZATION {
            headers.append(name, value.clone());
        }
    }
    if let Some(auth) = request.headers().get(header::AUTHORIZATION) {
        headers.insert(header::AUTHORIZATION, real_authorization(auth, &secrets));
    }
    let body = reqwest::Body::wrap_stream(sync_wrapper::SyncStream::new(
        request.into_body().into_data_stream(),
    ));
    let mut outgoing = upstream
        .client
        .request(method.clone(), upstream.url(&path))
        .headers(headers)
        .body(body);
    if route != Route::Events {
        outgoing = outgoing.timeout(REQUEST_TIMEOUT);
    }
    let answer = match outgoing.send().await {
        Ok(answer) => answer,
        Err(e) => {
            let error = failure(&e);
            inner.set_online(false, Some(error.summary())).await;
            if damaged_copy {
                return Err(GatewayError::CachedFileCorrupt);
            }
            if method == Method::GET && ours {
                if let Some(kept) = inner.offline.kept_response(&path).await {
                    return Ok(kept_answer(kept));
                }
            }
            return Err(error);
        }
    };
    inner.set_online(true, None).await;
    let status = answer.status();
    let mut response_headers = HeaderMap::new();
    for (name, value) in answer.headers() {
        if passes(name) {
            response_headers.append(name, value.clone());
        }
    }
    if status.is_success() && matches!(route, Route::SignIn) {
        let body = answer.bytes().await.map_err(|e| failure(&e))?;
        return signed_in(&inner, status, response_headers, body).await;
    }
    if matches!(route, Route::SignOut) {
        signed_out(&inner).await?;
    }
    let is_json = response_headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let keep = method == Method::GET
        && status == StatusCode::OK
        && is_json
        && route != Route::Events
        && answer
            .content_length()
            .is_none_or(|n| n <= KEEP_LIMIT as u64);
    if keep {
        let body = answer.bytes().await.map_err(|e| failure(&e))?;
        let kept = KeptResponse {
            content_type: "application/json".into(),
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        if let Err(e) = inner.offline.keep_response(&path, &kept).await {
            // Not kept is not lost: the answer still goes to the UI.
            tracing::warn!(error = %e, "keeping an answer for offline use");
        }
        return Ok((status, response_headers, body).into_response());
    }
    // Streamed as it comes (the live event stream above all), ended when
    // the gateway stops.
    let stopping = inner.stopping.clone().cancelled_owned();
    let stream = answer.bytes_stream().take_until(stopping);
    Ok((status, response_headers, Body::from_stream(stream)).into_response())
}

/// The routes the gateway treats specially.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    SignIn,
    SignOut,
    Events,
    Snapshot(i64),
    DocumentFile(i64),
    Other,
}

impl Route {
    pub(crate) fn of(method: &Method, path: &str) -> Self {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        match (method.as_str(), parts.as_slice()) {
            ("POST", ["api", "auth", "login" | "pair"]) => Route::SignIn,
            ("POST", ["api", "auth", "logout"]) => Route::SignOut,
            ("GET", ["api", "sessions", _, "events"]) => Route::Events,
            ("GET", ["api", "sessions", id, "snapshot"]) => {
                id.parse().map_or(Route::Other, Route::Snapshot)
            }
            ("GET", ["api", "documents", id, "file"]) => {
                id.parse().map_or(Route::Other, Route::DocumentFile)
            }
            _ => Route::Other,
        }
    }
}

/// Whether the request carries the UI's local token.
fn is_local(auth: &HeaderValue, secrets: &Secrets) -> bool {
    let presented = auth.to_str().ok().and_then(|v| v.strip_prefix("Bearer "));
    matches!((presented, &secrets.local_token), (Some(p), Some(local)) if p == local)
}

/// The UI's local token stands for the real one; anything else goes on as
/// it is (the host judges it).
fn real_authorization(auth: &HeaderValue, secrets: &Secrets) -> HeaderValue {
    match (&secrets.token, is_local(auth, secrets)) {
        (Some(real), true) => {
            HeaderValue::from_str(&format!("Bearer {real}")).unwrap_or_else(|_| auth.clone())
        }
        _ => auth.clone(),
    }
}

/// Keeps the token from a sign-in and gives the UI a local one instead.
async fn signed_in(
    inner: &Arc<Inner>,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, GatewayError> {
    let Ok(mut value) = serde_json::from_slice::<Value>(&body) else {
        return Ok((status, headers, body).into_response());
    };
    let Some(real) = value
        .get("token")
        .and_then(Value::as_str)
        .map(str::to_owned)
    else {
        return Ok((status, headers, body).into_response());
    };
    let local = hex::encode(rand::random::<[u8; 32]>());
    let secrets = Secrets {
        token: Some(real),
        local_token: Some(local.clone()),
    };
    // Another account on this laptop: the last one's kept answers go.
    inner.offline.clear().await?;
    inner.set_secrets(secrets).await?;
    value["token"] = Value::String(local);
    inner.sync.nudge();
    let body = serde_json::to_vec(&value).map_err(|e| GatewayError::Internal(e.into()))?;
    Ok((status, headers, body).into_response())
}

async fn signed_out(inner: &Arc<Inner>) -> Result<(), GatewayError> {
    inner.set_secrets(Secrets::default()).await?;
    inner.sync.forget().await;
    inner.offline.clear().await
}

enum Kept {
    Served(Response),
    Damaged,
    Missing,
}

/// A document's file from the packet, when it is the version asked for and
/// its bytes match their SHA-256. The host still hears of the read.
async fn kept_document(
    inner: &Arc<Inner>,
    upstream: &Arc<Upstream>,
    document: i64,
    path: &str,
) -> Result<Kept, GatewayError> {
    let Some(file) = inner.offline.packet_file(document).await else {
        return Ok(Kept::Missing);
    };
    let asked = path
        .split_once("version=")
        .and_then(|(_, v)| v.split('&').next())
        .and_then(|v| v.parse::<u32>().ok());
    if asked.is_some_and(|v| v != file.version) {
        return Ok(Kept::Missing);
    }
    let Some(bytes) = inner.offline.verified_file(&file.sha256).await? else {
        inner.sync.nudge();
        return Ok(Kept::Damaged);
    };
    // Reported in the background: opening a kept file never waits on the host.
    let reader = inner.clone();
    let upstream = upstream.clone();
    let read_path = format!("/api/documents/{document}/file?version={}", file.version);
    tokio::spawn(async move {
        let token = reader.secrets.lock().await.token.clone();
        let mut request = upstream
            .client
            .head(upstream.url(&read_path))
            .timeout(Duration::from_secs(10));
        if let Some(token) = &token {
            request = request.bearer_auth(token);
        }
        let reported = request
            .send()
            .await
            .is_ok_and(|r| !r.status().is_server_error());
        if !reported {
            if let Err(e) = reader.offline.add_pending_read(&read_path).await {
                tracing::warn!(error = %e, "keeping an offline read to report");
            }
        }
    });
    let headers = [
        (header::CONTENT_TYPE, "application/pdf".to_owned()),
        (header::ETAG, format!("\"{}\"", file.sha256)),
        (header::CACHE_CONTROL, "private, no-cache".to_owned()),
    ];
    Ok(Kept::Served((headers, bytes).into_response()))
}

fn kept_answer(kept: KeptResponse) -> Response {
    (
        [
            (header::CONTENT_TYPE, kept.content_type),
            (HeaderName::from_static(OFFLINE_HEADER), "1".to_owned()),
        ],
        kept.body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_the_gateway_handles_itself() {
        assert_eq!(Route::of(&Method::POST, "/api/auth/pair"), Route::SignIn);
        assert_eq!(Route::of(&Method::GET, "/api/auth/pair"), Route::Other);
        assert_eq!(
            Route::of(&Method::GET, "/api/sessions/4/snapshot"),
            Route::Snapshot(4)
        );
        assert_eq!(
            Route::of(&Method::GET, "/api/documents/12/file"),
            Route::DocumentFile(12)
        );
        assert_eq!(
            Route::of(&Method::GET, "/api/documents/x/file"),
            Route::Other
        );
        assert_eq!(
            Route::of(&Method::GET, "/api/sessions/4/events"),
            Route::Events
        );
    }

    #[test]
    fn only_the_local_token_is_exchanged() {
        let secrets = Secrets {
            token: Some("real".into()),
            local_token: Some("local".into()),
        };
        let swap = |v: &str| {
            real_authorization(&HeaderValue::from_str(v).unwrap(), &secrets)
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(swap("Bearer local"), "Bearer real");
        assert_eq!(swap("Bearer other"), "Bearer other");
        assert_eq!(swap("Basic abc"), "Basic abc");
    }
}
