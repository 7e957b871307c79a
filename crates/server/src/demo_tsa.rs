//! The demo's own time-stamping authority, served on loopback beside the
//! demo server so that the demo's resolutions are time-stamped (PAdES B-T)
//! without the Internet. Its key and certificates are kept with the demo's
//! other keys (`demo-pki/`) and made on first use. A real council points
//! `--tsa-url` at its licensed CA's authority instead.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use anyhow::Context;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use chrono::Utc;
use kyhop_docs::sign::timestamp::TimeStamper;
use kyhop_docs::sign::DemoTsa;

use crate::private_file::write_private;
use crate::services::timestamping::http_time_stamper;

const KEY_FILE: &str = "tsa-key.pem";
const CERT_FILE: &str = "tsa.pem";
/// The authority's root: beside the signing root, what a verifier of the
/// demo's resolutions trusts.
pub const ROOT_FILE: &str = "tsa-root.pem";

/// The demo authority kept in `keys_dir`, made there on first use.
pub fn ensure_authority(keys_dir: &Path) -> anyhow::Result<DemoTsa> {
    let read = |name: &str| std::fs::read_to_string(keys_dir.join(name));
    if let (Ok(key), Ok(cert), Ok(root)) = (read(KEY_FILE), read(CERT_FILE), read(ROOT_FILE)) {
        return DemoTsa::from_pem(&key, &cert, &root).with_context(|| {
            format!(
                "reading the demo time-stamping keys in {}",
                keys_dir.display()
            )
        });
    }
    let tsa = DemoTsa::generate(Utc::now())?;
    write_private(&keys_dir.join(KEY_FILE), tsa.key_pem()?)?;
    write_private(&keys_dir.join(CERT_FILE), tsa.cert_pem()?)?;
    // Written last: its presence (with the others) means the set is complete.
    write_private(&keys_dir.join(ROOT_FILE), tsa.root_pem()?)?;
    Ok(tsa)
}

/// The demo authority, answering on a free loopback port for as long as
/// the runtime runs: the time-stamper that reaches it, trusting its root.
pub async fn serve(tsa: DemoTsa) -> anyhow::Result<TimeStamper> {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .context("opening the demo time-stamping authority's port")?;
    let url = format!("http://{}/", listener.local_addr()?);
    let trust = vec![tsa.root().clone()];
    let app = Router::new()
        .route("/", post(answer))
        .layer(DefaultBodyLimit::max(16 * 1024))
        .with_state(tsa);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the demo time-stamping authority stopped");
        }
    });
    Ok(http_time_stamper(&url, trust)?)
}

/// RFC 3161 §3.4: a `TimeStampReq` in, a `TimeStampResp` out.
async fn answer(State(tsa): State<DemoTsa>, request: Bytes) -> Response {
    match tsa.respond(&request, Utc::now()) {
        Ok(reply) => (
            [(header::CONTENT_TYPE, "application/timestamp-reply")],
            reply,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "the demo time-stamping authority failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
