//! The JSON HTTP API, one module per resource. Handlers check permissions,
//! validate input and call the store; they hold no state of their own.

mod accounts;
mod councils;
mod delivery;
mod documents;
#[doc(hidden)]
pub use documents::read_upload_body;
pub mod error;
mod extract;
mod floor;
pub mod health;
pub mod live;
mod minutes;
mod notes;
mod openapi;
mod papers;
mod people;
mod polls;
mod recognition;
mod resolutions;
mod sessions;
mod sign_in;
mod signature_images;
mod signatures;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use error::ApiError;
use kyhop_store::Store;

/// Limits and lifetimes of the API.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// How long a sign-in lasts.
    pub token_ttl: Duration,
    /// How long a printed pairing card stays valid.
    pub pairing_ttl: Duration,
    /// Largest JSON request body, in bytes.
    pub body_limit: usize,
    /// Largest uploaded document, in bytes.
    pub upload_limit: usize,
    pub signing: SigningConfig,
    /// The counting key file that seals secret polls' keys (outside the
    /// data directory); without one, secret polls cannot open.
    pub counting_key: Option<std::path::PathBuf>,
    /// The search index's directory, this instance's own; none:
    /// `DATA_DIR/search-index`.
    pub search_index: Option<std::path::PathBuf>,
    /// The data directory (set by `serve_on`): the first admin password's
    /// file there is removed when the admin changes it.
    pub data_dir: Option<std::path::PathBuf>,
    /// How long a client may take to send a request's headers, and a
    /// kept-alive connection may stay silent.
    pub header_read_timeout: Duration,
    /// The address delegates' laptops reach this server at, as given
    /// (`--public-url`); else worked out when it starts listening.
    pub public_url: Option<String>,
    /// Where the server is reached, printed on every pairing card (set by
    /// `serve_on`).
    pub server_address: Option<ServerAddress>,
    /// Reverse proxies whose `X-Forwarded-For`/`-Proto` name the client
    /// (`--trusted-proxy`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How scanned pages are read.
    pub recognition: crate::services::recognition::RecognitionConfig,
    /// The admin address `/metrics` (and `/healthz`, `/readyz`) is served
    /// on besides the API's (`--metrics-bind`); none: not served.
    pub metrics_bind: Option<std::net::SocketAddr>,
}

/// Where delegates' laptops reach the server: printed on pairing cards as
/// text and in the QR code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ServerAddress {
    /// The base URL, e.g. `https://192.168.1.10:8443`.
    pub url: String,
    /// SHA-256 of the server's TLS certificate (hex), which the desktop
    /// app pins; none over plain HTTP.
    #[schema(required = true)]
    pub tls_fingerprint: Option<String>,
}

/// Where signing keys and trust come from, beyond what a request carries.
#[derive(Debug, Clone, Default)]
pub struct SigningConfig {
    /// The PKCS#11 library that tokens are reached through. The server's
    /// choice, never a request's: loading a library runs its code.
    pub pkcs11_module: Option<std::path::PathBuf>,
    /// The demo's key directory, when serving the demo.
    pub demo_keys: Option<std::path::PathBuf>,
    /// Roots that verification trusts.
    pub trust_roots: Vec<kyhop_docs::sign::Certificate>,
    /// The council's time-stamping authority (`--tsa-url`): with one,
    /// resolutions are issued at PAdES B-T; without, at B-B.
    pub timestamper: Option<kyhop_docs::sign::TimeStamper>,
    /// Where revocation status is fetched from (the responders and CRLs the
    /// certificates name): with a time-stamping authority, resolutions
    /// carry their validation data (PAdES B-LT).
    pub revocation: Option<crate::services::pki_http::PkiHttp>,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            // Delegates stay signed in on their own laptop for the whole term of a session and more.
            token_ttl: Duration::from_secs(30 * 24 * 3600),
            // A week: the guessing odds in the README hold for a card's life.
            pairing_ttl: Duration::from_secs(7 * 24 * 3600),
            body_limit: 1024 * 1024,
            upload_limit: 200 * 1024 * 1024,
            signing: SigningConfig::default(),
            counting_key: None,
            search_index: None,
            data_dir: None,
            header_read_timeout: crate::connections::HEADER_READ_TIMEOUT,
            public_url: None,
            server_address: None,
            trusted_proxies: Vec::new(),
            recognition: Default::default(),
            metrics_bind: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Searches the session documents' pages: the search index in front of
    /// the store, or the store itself when the index cannot open.
    pub search: Arc<dyn kyhop_store::PageSearch>,
    pub config: Arc<ApiConfig>,
    pub blobs: Arc<kyhop_docs::blobs::BlobStore>,
    /// Runs every parse of an untrusted PDF in a bounded child process.
    pub pdf_children: kyhop_docs::child::PdfChildren,
    /// Pairing codes are stored keyed with it.
    pub pairing_key: Arc<crate::auth::PairingKey>,
    /// Wrong passwords and pairing codes, per address and server-wide.
    pub sign_in_guard: Arc<crate::services::throttle::SignInGuard>,
    /// The live streams each account holds.
    pub live_streams: Arc<live::LiveStreams>,
    /// Rings speech alarms where this instance keeps the clock.
    pub speech_clock: Arc<crate::services::speech_clock::SpeechClock>,
    /// Reads scanned pages in the background.
    pub recogniser: Arc<crate::services::recognition::Recogniser>,
    /// What the server is doing, for `/metrics`.
    pub metrics: Arc<crate::services::metrics::Metrics>,
}

/// The API's routes and its OpenAPI document, built from the same handlers.
pub fn api(config: &ApiConfig) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(documents::router(config))
        .merge(delivery::router())
        .merge(sign_in::router())
        .merge(accounts::router())
        .merge(councils::router())
        .merge(people::router())
        .merge(sessions::router())
        .merge(floor::router())
        .merge(polls::router())
        .merge(resolutions::router())
        .merge(minutes::router())
        .merge(papers::router())
        .merge(signatures::router())
        .merge(notes::router())
        .merge(recognition::router())
        .merge(signature_images::router())
        .merge(live::router())
        .split_for_parts();
    openapi::add_common_errors(&mut doc);
    (router, doc)
}

/// The API document exactly as `/api/openapi.json` serves it.
pub fn openapi_document(config: &ApiConfig) -> serde_json::Value {
    openapi::finish(&api(config).1)
}

/// The whole HTTP application.
pub fn app(state: AppState) -> Router {
    let (api, doc) = api(&state.config);
    let doc = Arc::new(openapi::finish(&doc));
    let body_limit = state.config.body_limit;
    api.route(
        "/api/openapi.json",
        get(move || async move { axum::Json(doc.as_ref().clone()) }),
    )
    .route(
        "/api/health",
        get(|| async { axum::Json(serde_json::json!({ "status": "ok" })) }),
    )
    .merge(health::router())
    .fallback(crate::ui::fallback)
    .method_not_allowed_fallback(|| async {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this route does not take that method",
        )
    })
    .layer(DefaultBodyLimit::max(body_limit))
    .layer(axum::middleware::from_fn(secrets_need_tls))
    .layer(axum::middleware::map_response(security_headers))
    .layer(axum::middleware::from_fn_with_state(
        state.metrics.clone(),
        health::count_request,
    ))
    .with_state(state)
}

/// Requests that carry a password, a pairing code or a private key.
fn carries_secret(method: &axum::http::Method, path: &str) -> bool {
    use axum::http::Method;
    match *method {
        Method::POST => {
            matches!(
                path,
                "/api/auth/login" | "/api/auth/pair" | "/api/auth/password" | "/api/accounts"
            ) || (path.starts_with("/api/resolutions/") && path.ends_with("/issue"))
        }
        Method::PATCH => path.starts_with("/api/accounts/"),
        _ => false,
    }
}

/// A server told to serve plain HTTP (`--insecure-http`, behind a TLS
/// proxy) still refuses secrets from any peer but loopback: they would
/// cross the network in clear.
async fn secrets_need_tls(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::extract::ConnectInfo;
    use axum::response::IntoResponse;
    let plain = request
        .extensions()
        .get::<crate::connections::Encrypted>()
        .is_some_and(|e| !e.0);
    let remote = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .is_some_and(|c| !c.0.ip().to_canonical().is_loopback());
    if plain && remote && carries_secret(request.method(), request.uri().path()) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "tls_required",
            "passwords, pairing codes and keys are only taken over HTTPS",
        )
        .into_response();
    }
    next.run(request).await
}

/// What a page of ours may load: its own scripts only (none inline), the
/// PDF viewer's WebAssembly, fonts and images it makes itself. It may not
/// be framed (clickjacking), and no response is sniffed as another type.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data: blob:; font-src 'self' data: blob:; worker-src 'self' blob:; \
connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
frame-ancestors 'none'";

/// Headers every response carries (set here unless a handler chose its own).
async fn security_headers(mut response: axum::response::Response) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}
