//! The demo CA's services, served on loopback beside the demo server so
//! that the demo's resolutions reach PAdES B-LT without the Internet: a
//! time-stamping authority (RFC 3161, `POST /tsa`) and the OCSP responder
//! its certificates name (RFC 6960, `POST /ocsp`), on the loopback port
//! fixed when the demo PKI was made; both keys are the demo root's, kept
//! with the demo's other keys (`demo-pki/`). A real council points `--tsa-url` at its licensed CA's authority;
//! its certificates name their own responders.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use kyhop_docs::sign::timestamp::TimeStamper;
use kyhop_docs::sign::{DemoOcsp, DemoTsa, SignError};

use crate::services::pki_http::http_time_stamper;

pub(crate) const TSA_KEY_FILE: &str = "tsa-key.pem";
pub(crate) const TSA_CERT_FILE: &str = "tsa.pem";

/// Where the demo's OCSP responder answers, on loopback `port`.
pub fn ocsp_url(port: u16) -> String {
    format!("http://127.0.0.1:{port}/ocsp")
}

/// The demo root's time-stamping authority, kept in `keys_dir`.
pub fn authority(keys_dir: &Path) -> anyhow::Result<DemoTsa> {
    let read = |name: &str| {
        std::fs::read_to_string(keys_dir.join(name))
            .with_context(|| format!("reading {}", keys_dir.join(name).display()))
    };
    let root = read(crate::demo_keys::ROOT_FILE)?;
    Ok(DemoTsa::from_pem(
        &read(TSA_KEY_FILE)?,
        &read(TSA_CERT_FILE)?,
        &root,
    )?)
}

#[derive(Clone)]
struct Authorities {
    tsa: DemoTsa,
    ocsp: Arc<DemoOcsp>,
}

/// Serves the demo CA's services of `keys_dir` for as long as the runtime
/// runs; returns the time-stamper that reaches its authority, trusting its
/// root.
pub async fn serve(keys_dir: &Path) -> anyhow::Result<TimeStamper> {
    let tsa = authority(keys_dir)?;
    let (ocsp, port) = crate::demo_keys::ocsp_responder(keys_dir)?;
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await
        .with_context(|| {
            format!(
                "opening loopback port {port} for the demo's OCSP responder, which the demo \
                 certificates name (is another demo running?)"
            )
        })?;
    let url = format!("http://127.0.0.1:{port}/tsa");
    let trust = vec![tsa.root().clone()];
    let app = Router::new()
        .route("/tsa", post(time_stamp))
        .route("/ocsp", post(status))
        .layer(DefaultBodyLimit::max(16 * 1024))
        .with_state(Authorities {
            tsa,
            ocsp: Arc::new(ocsp),
        });
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the demo CA's services stopped");
        }
    });
    Ok(http_time_stamper(&url, trust)?)
}

fn answer(reply: Result<Vec<u8>, SignError>, content_type: &'static str) -> Response {
    match reply {
        Ok(reply) => ([(header::CONTENT_TYPE, content_type)], reply).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "the demo CA's services failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// RFC 3161 §3.4: a `TimeStampReq` in, a `TimeStampResp` out.
async fn time_stamp(State(demo): State<Authorities>, request: Bytes) -> Response {
    answer(
        demo.tsa.respond(&request, Utc::now()),
        "application/timestamp-reply",
    )
}

/// RFC 6960 appendix A: an `OCSPRequest` in, an `OCSPResponse` out.
async fn status(State(demo): State<Authorities>, request: Bytes) -> Response {
    answer(
        demo.ocsp.respond(&request, Utc::now()),
        "application/ocsp-response",
    )
}
