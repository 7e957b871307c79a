//! The JSON HTTP API, one module per resource. Handlers check permissions,
//! validate input and call the store; they hold no state of their own.

mod accounts;
mod councils;
mod delivery;
mod documents;
pub mod error;
mod extract;
mod floor;
mod live;
mod minutes;
mod notes;
mod openapi;
mod people;
mod polls;
mod resolutions;
mod sessions;
mod sign_in;
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
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            // Delegates stay signed in on their own laptop for the whole term of a session and more.
            token_ttl: Duration::from_secs(30 * 24 * 3600),
            pairing_ttl: Duration::from_secs(30 * 24 * 3600),
            body_limit: 1024 * 1024,
            upload_limit: 200 * 1024 * 1024,
            signing: SigningConfig::default(),
            counting_key: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<ApiConfig>,
    pub blobs: Arc<kyhop_docs::blobs::BlobStore>,
    /// The program that reads untrusted PDFs as a child process (this one).
    pub pdf_reader: Arc<std::path::PathBuf>,
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
        .merge(signatures::router(config))
        .merge(notes::router())
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
    .fallback(crate::ui::fallback)
    .method_not_allowed_fallback(|| async {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this route does not take that method",
        )
    })
    .layer(DefaultBodyLimit::max(body_limit))
    .with_state(state)
}
