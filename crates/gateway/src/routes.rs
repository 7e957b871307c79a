//! The gateway's own routes (`/desktop/…`), the `/api` pass-through and the
//! UI, behind one guard: only this machine's window may talk to it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use super::discovery::DiscoveredHost;
use super::host::{lan_addresses, HostInfo};
use super::settings::{Mode, PairedHost};
use super::{GatewayError, Inner, SyncProgress};

/// Changes to the gateway (`/desktop/…` other than reading, sign-in and
/// sign-out) must carry the gateway's token in this header. Only the app's
/// own window is handed the token; a web page elsewhere cannot even send
/// the header without a CORS preflight, which the gateway never grants.
pub const GATEWAY_TOKEN_HEADER: &str = "x-kyhop-gateway-token";

/// What the window's pages may load and run: the gateway's own files only,
/// no inline script, nothing from elsewhere. Styles may be inline (the UI
/// and pdf.js set them); WebAssembly may be compiled (pdf.js decodes
/// JPEG 2000 and JBIG2 images with it); images may be `data:` (the host's
/// QR code) or `blob:`. The window loads the UI from the gateway, not from
/// Tauri's own protocol, so this header is what the web view enforces;
/// `src-tauri/tauri.conf.json` names the same policy.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; \
worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'";

/// Port a host listens on unless the secretariat picks another.
pub const DEFAULT_HOST_PORT: u16 = 8443;

pub fn router(inner: Arc<Inner>) -> Router {
    Router::new()
        .route("/desktop/status", get(status))
        .route("/desktop/hosts", get(hosts))
        .route("/desktop/probe", post(probe))
        .route("/desktop/pair", post(pair))
        .route("/desktop/host", post(host))
        .route("/desktop/reset", post(reset))
        .route("/api", axum::routing::any(super::proxy::forward))
        .route("/api/{*rest}", axum::routing::any(super::proxy::forward))
        .fallback(kyhop_server::ui::fallback)
        .layer(middleware::map_response(content_security_policy))
        .layer(middleware::from_fn_with_state(
            inner.clone(),
            only_this_window,
        ))
        .with_state(inner)
}

/// Refuses requests that name another host (DNS rebinding: a page at
/// evil.example whose name resolves to 127.0.0.1) or come from another
/// page (a browser names it in `Origin`), and changes to the gateway
/// without its token. The headers keep browsers out; the token keeps out
/// every other program too (they can write any header they like).
async fn only_this_window(
    State(inner): State<Arc<Inner>>,
    request: Request,
    next: Next,
) -> Response {
    let port = inner.local.port();
    let headers = request.headers();
    let host_ok = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| h == format!("127.0.0.1:{port}") || h == format!("localhost:{port}"));
    let origin_ok = headers.get(header::ORIGIN).is_none_or(|origin| {
        origin.to_str().is_ok_and(|o| {
            o == format!("http://127.0.0.1:{port}") || o == format!("http://localhost:{port}")
        })
    });
    if !host_ok || !origin_ok {
        return GatewayError::ForeignOrigin.into_response();
    }
    if needs_token(request.method(), request.uri().path())
        && !token_matches(headers, &inner.gateway_token)
    {
        return GatewayError::GatewayTokenRequired.into_response();
    }
    next.run(request).await
}

/// Every answer carries the window's content security policy (the host's
/// own, if it sent one, stays).
async fn content_security_policy(mut response: Response) -> Response {
    response
        .headers_mut()
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    response
}

/// Whether a request changes what the gateway itself holds: anything but
/// reading on `/desktop/…`, and the sign-in and sign-out it keeps. Other
/// `/api` requests are the host's to judge (the UI's local token stands
/// for the sign-in).
fn needs_token(method: &Method, path: &str) -> bool {
    let reads = matches!(*method, Method::GET | Method::HEAD);
    if path == "/api" || path.starts_with("/api/") {
        matches!(
            super::proxy::Route::of(method, path),
            super::proxy::Route::SignIn | super::proxy::Route::SignOut
        )
    } else {
        !reads
    }
}

/// The header's value against the token, in constant time.
fn token_matches(headers: &axum::http::HeaderMap, token: &str) -> bool {
    use subtle::ConstantTimeEq;
    headers
        .get(GATEWAY_TOKEN_HEADER)
        .is_some_and(|given| bool::from(given.as_bytes().ct_eq(token.as_bytes())))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HostSummary {
    pub url: String,
    pub fingerprint: Option<String>,
    pub short_fingerprint: Option<String>,
}

/// What the UI needs to draw the set-up screen and the status strip.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Status {
    /// `setup`, `delegate` or `host`.
    pub mode: &'static str,
    pub host: Option<HostSummary>,
    /// Whether the last request to the host got an answer.
    pub online: bool,
    pub signed_in: bool,
    /// Where the sign-in is kept: `keyring` (the desktop's Secret Service)
    /// or `file` (readable by the owner only).
    pub secret_place: super::SecretPlace,
    pub problem: Option<Problem>,
    pub sync: SyncProgress,
    /// In host mode: the addresses and fingerprint to show delegates.
    pub host_info: Option<HostInfo>,
    /// This machine's LAN addresses (to choose one for host mode).
    pub lan_addresses: Vec<String>,
    pub default_host_port: u16,
}

async fn status(State(inner): State<Arc<Inner>>) -> Json<Status> {
    let state = inner.state.read().await;
    let mode = match state.mode {
        Mode::Setup => "setup",
        Mode::Delegate { .. } => "delegate",
        Mode::Host { .. } => "host",
    };
    let host = state.upstream.as_ref().map(|u| HostSummary {
        url: u.host.url.clone(),
        short_fingerprint: u
            .host
            .fingerprint
            .as_deref()
            .map(kyhop_server::tls::short_fingerprint),
        fingerprint: u.host.fingerprint.clone(),
    });
    let problem = state
        .problem
        .clone()
        .map(|(code, message)| Problem { code, message });
    let host_info = state.host.as_ref().map(|h| h.info());
    let online = state.online;
    drop(state);
    Json(Status {
        mode,
        host,
        online,
        signed_in: inner.secrets.lock().await.token.is_some(),
        secret_place: inner.app.secret_place(),
        problem,
        sync: inner.sync.progress().await,
        host_info,
        lan_addresses: lan_addresses().iter().map(ToString::to_string).collect(),
        default_host_port: DEFAULT_HOST_PORT,
    })
}

async fn hosts(State(inner): State<Arc<Inner>>) -> Json<Vec<DiscoveredHost>> {
    Json(inner.discovery.browse(Duration::from_secs(2)).await)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProbeRequest {
    /// What the person typed or scanned: `192.168.1.10`, `192.168.1.10:8443`,
    /// `https://192.168.1.10:8443`, or the host's pairing link with `fp=…`.
    pub address: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Probed {
    pub url: String,
    pub fingerprint: Option<String>,
    pub short_fingerprint: Option<String>,
    /// Whether the fingerprint came with the address (a pairing link) and
    /// matched what the host presents: nothing left to compare by eye.
    pub confirmed: bool,
}

/// Reads the certificate a host presents, so that the person can compare
/// its fingerprint with the one on the host's screen before pairing.
async fn probe(Json(req): Json<ProbeRequest>) -> Result<Json<Probed>, GatewayError> {
    let target = parse_address(&req.address)?;
    if !target.tls {
        return Ok(Json(Probed {
            url: format!("http://{}", target.addr),
            fingerprint: None,
            short_fingerprint: None,
            confirmed: false,
        }));
    }
    let presented = kyhop_server::tls::presented_fingerprint(&target.addr)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => GatewayError::NotTls(e.to_string()),
            _ => GatewayError::Unreachable(e.to_string()),
        })?;
    if let Some(expected) = &target.fingerprint {
        if *expected != presented {
            return Err(GatewayError::CertificateChanged(format!(
                "the link says {}, the host presents {}",
                kyhop_server::tls::short_fingerprint(expected),
                kyhop_server::tls::short_fingerprint(&presented)
            )));
        }
    }
    Ok(Json(Probed {
        url: format!("https://{}", target.addr),
        short_fingerprint: Some(kyhop_server::tls::short_fingerprint(&presented)),
        confirmed: target.fingerprint.is_some(),
        fingerprint: Some(presented),
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PairRequest {
    /// The host's address, or its pairing link (`…/#/?fp=…`, what its QR
    /// code holds: the fingerprint in it confirms the host).
    pub url: String,
    /// The fingerprint as the person typed it from the host's screen: its
    /// first 16 hex digits at least (spaces, colons and case do not matter).
    pub confirmation: Option<String>,
}

/// Pairs with a host once the person confirmed its certificate: by the
/// host's pairing link (its QR code), or by typing the fingerprint the
/// host's screen shows. What the host presents now must match. A
/// fingerprint heard over mDNS is no confirmation (any machine on the LAN
/// can announce `_kyhop._tcp` with its own): discovery only finds
/// candidates. Then checks that the host answers as a KyHop host with that
/// certificate, and keeps it.
async fn pair(
    State(inner): State<Arc<Inner>>,
    Json(req): Json<PairRequest>,
) -> Result<Json<Status>, GatewayError> {
    let target = parse_address(&req.url)?;
    let fingerprint = if target.tls {
        Some(confirmed_fingerprint(&target, req.confirmation.as_deref()).await?)
    } else {
        None
    };
    let scheme = if target.tls { "https" } else { "http" };
    let paired = PairedHost {
        url: format!("{scheme}://{}", target.addr),
        fingerprint,
    };
    let upstream = super::upstream::Upstream::new(paired.clone())?;
    // Any answer of the API will do; `/api/auth/me` answers 401 unsigned.
    // Over TLS pinned to what was confirmed: a host that changes its
    // certificate meanwhile is refused here.
    let answer = upstream
        .client
        .get(upstream.url("/api/auth/me"))
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .map_err(|e| super::upstream::failure(&e))?;
    let is_api = answer
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_api {
        return Err(GatewayError::NotTls(
            "the address answers, but it is not a KyHop host".into(),
        ));
    }
    let previous = inner.upstream().await.map(|u| u.host.clone());
    if previous.as_ref() != Some(&paired) {
        // Another host: what was kept from the last one is not for this one.
        inner.reset().await?;
    }
    inner.enter(Mode::Delegate { host: paired }).await?;
    inner.set_online(true, None).await;
    Ok(status(State(inner)).await)
}

/// Fewest hex digits of a typed fingerprint: the host's screen shows 16.
const TYPED_DIGITS: usize = 16;

/// The fingerprint the host at `target` presents, if every confirmation
/// given (the pairing link's, the typed one) matches it; at least one must
/// be given.
async fn confirmed_fingerprint(
    target: &Target,
    typed: Option<&str>,
) -> Result<String, GatewayError> {
    let typed = typed
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(typed_fingerprint)
        .transpose()?;
    if typed.is_none() && target.fingerprint.is_none() {
        return Err(GatewayError::FingerprintUnconfirmed);
    }
    let presented = kyhop_server::tls::presented_fingerprint(&target.addr)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => GatewayError::NotTls(e.to_string()),
            _ => GatewayError::Unreachable(e.to_string()),
        })?;
    let link_ok = target
        .fingerprint
        .as_ref()
        .is_none_or(|fp| *fp == presented);
    let typed_ok = typed
        .as_ref()
        .is_none_or(|t| presented.starts_with(t.as_str()));
    if !(link_ok && typed_ok) {
        return Err(GatewayError::FingerprintMismatch(format!(
            "the host at {} presents {}",
            target.addr,
            kyhop_server::tls::short_fingerprint(&presented)
        )));
    }
    Ok(presented)
}

/// A fingerprint as typed from the host's screen: hex digits (spaces,
/// colons, dashes and case do not matter), 16 to 64 of them.
fn typed_fingerprint(text: &str) -> Result<String, GatewayError> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ':' | '-'))
        .collect::<String>()
        .to_ascii_lowercase();
    if (TYPED_DIGITS..=64).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_hexdigit())
    {
        Ok(digits)
    } else {
        Err(GatewayError::Invalid(format!(
            "the fingerprint from the host's screen is {TYPED_DIGITS} hex digits (0-9, A-F)"
        )))
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct HostRequest {
    /// `IP:PORT` to serve delegates on, e.g. `192.168.1.10:8443`;
    /// `0.0.0.0:8443` for every address of this machine.
    pub bind: String,
}

/// Makes this machine the host.
async fn host(
    State(inner): State<Arc<Inner>>,
    Json(req): Json<HostRequest>,
) -> Result<Json<Status>, GatewayError> {
    let bind: SocketAddr = req
        .bind
        .trim()
        .parse()
        .map_err(|_| GatewayError::Invalid(format!("not an IP:PORT address: {}", req.bind)))?;
    inner.enter(Mode::Host { bind }).await?;
    Ok(status(State(inner)).await)
}

async fn reset(State(inner): State<Arc<Inner>>) -> Result<Json<Status>, GatewayError> {
    inner.reset().await?;
    Ok(status(State(inner)).await)
}

/// An address as a person gives it.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    addr: String,
    tls: bool,
    fingerprint: Option<String>,
}

fn parse_address(text: &str) -> Result<Target, GatewayError> {
    let text = text.trim();
    let invalid = || GatewayError::Invalid(format!("not a host address: {text}"));
    let (tls, rest) = if let Some(rest) = text.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = text.strip_prefix("http://") {
        (false, rest)
    } else {
        (true, text)
    };
    let fingerprint = rest
        .split_once("fp=")
        .map(|(_, fp)| fp.split('&').next().unwrap_or(fp))
        .map(kyhop_server::tls::parse_fingerprint)
        .transpose()
        .map_err(|e| GatewayError::Invalid(e.to_string()))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Err(invalid());
    }
    let addr = if authority.parse::<SocketAddr>().is_ok() {
        authority.to_owned()
    } else if let Ok(ip) = authority.parse::<std::net::IpAddr>() {
        SocketAddr::new(ip, DEFAULT_HOST_PORT).to_string()
    } else if authority
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
    {
        if authority.contains(':') {
            authority.to_owned()
        } else {
            format!("{authority}:{DEFAULT_HOST_PORT}")
        }
    } else {
        return Err(invalid());
    };
    // Plain HTTP only to this machine itself: on a LAN everything is TLS.
    let local = addr.starts_with("127.") || addr.starts_with("localhost:");
    if !tls && !local {
        return Err(GatewayError::Invalid(
            "a host on the network is reached over https only".into(),
        ));
    }
    Ok(Target {
        addr,
        tls,
        fingerprint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_in_the_forms_people_give_them() {
        let fp = "ab".repeat(32);
        let t = parse_address(" 192.168.1.10 ").unwrap();
        assert_eq!((t.addr.as_str(), t.tls), ("192.168.1.10:8443", true));
        let t = parse_address("https://192.168.1.10:9000/").unwrap();
        assert_eq!(t.addr, "192.168.1.10:9000");
        let t = parse_address(&format!("https://10.0.0.2:8443/#/?fp={fp}")).unwrap();
        assert_eq!(t.fingerprint.as_deref(), Some(fp.as_str()));
        assert_eq!(t.addr, "10.0.0.2:8443");
        assert!(!parse_address("http://127.0.0.1:8080").unwrap().tls);
        assert!(parse_address("http://192.168.1.10:8080").is_err());
        assert!(parse_address("").is_err());
        assert!(parse_address("https://user@10.0.0.1").is_err());
        assert!(parse_address("https://10.0.0.2/#/?fp=1234").is_err());
        assert!(parse_address("máy chủ").is_err());
    }

    #[test]
    fn what_needs_the_gateway_token() {
        assert!(needs_token(&Method::POST, "/desktop/pair"));
        assert!(needs_token(&Method::POST, "/desktop/reset"));
        assert!(needs_token(&Method::OPTIONS, "/desktop/pair"));
        assert!(needs_token(&Method::POST, "/api/auth/logout"));
        assert!(needs_token(&Method::POST, "/api/auth/logout/"));
        assert!(needs_token(&Method::POST, "/api/auth/login"));
        assert!(needs_token(&Method::POST, "/api/auth/pair"));
        assert!(!needs_token(&Method::GET, "/desktop/status"));
        assert!(!needs_token(&Method::GET, "/api/auth/me"));
        assert!(!needs_token(&Method::POST, "/api/polls/1/ballot"));
        assert!(!needs_token(&Method::GET, "/"));
    }

    #[test]
    fn the_token_is_compared_whole() {
        let mut headers = axum::http::HeaderMap::new();
        assert!(!token_matches(&headers, "abcd"));
        headers.insert(GATEWAY_TOKEN_HEADER, "abc".parse().unwrap());
        assert!(!token_matches(&headers, "abcd"));
        headers.insert(GATEWAY_TOKEN_HEADER, "abcd".parse().unwrap());
        assert!(token_matches(&headers, "abcd"));
        headers.insert(GATEWAY_TOKEN_HEADER, "abcde".parse().unwrap());
        assert!(!token_matches(&headers, "abcd"));
    }

    #[test]
    fn a_typed_fingerprint_is_16_hex_digits_or_more() {
        assert_eq!(
            typed_fingerprint(" C0FF EEC0 ffee c0ff ").unwrap(),
            "c0ffeec0ffeec0ff"
        );
        assert_eq!(
            typed_fingerprint("c0:ff:ee:c0-ff:ee:c0:ff:12").unwrap(),
            "c0ffeec0ffeec0ff12"
        );
        assert!(typed_fingerprint("C0FF EEC0").is_err());
        assert!(typed_fingerprint("C0FF EEC0 FFEE C0FG").is_err());
        assert!(typed_fingerprint(&"a".repeat(65)).is_err());
    }
}
