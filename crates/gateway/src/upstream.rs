//! The connection to the host: its URL and an HTTP client that trusts only
//! the certificate this laptop pinned.

use std::time::Duration;

use super::settings::PairedHost;
use super::GatewayError;

/// How long the host has to accept a connection before it counts as
/// unreachable: the chamber LAN answers in milliseconds or not at all.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

#[derive(Debug, Clone)]
pub struct Upstream {
    pub host: PairedHost,
    pub client: reqwest::Client,
}

impl Upstream {
    pub fn new(host: PairedHost) -> Result<Self, GatewayError> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .tcp_nodelay(true)
            // Live streams stay open for hours; the UI notices a silent one.
            .pool_idle_timeout(Duration::from_secs(90))
            .redirect(reqwest::redirect::Policy::none());
        match (&host.fingerprint, host.url.starts_with("https://")) {
            (Some(fingerprint), true) => {
                let config = kyhop_server::tls::pinned_client_config(fingerprint)
                    .map_err(|e| GatewayError::Invalid(e.to_string()))?;
                builder = builder.use_preconfigured_tls(config);
            }
            (None, false) => {}
            _ => {
                return Err(GatewayError::Invalid(
                    "an https host needs its fingerprint, an http host has none".into(),
                ))
            }
        }
        let client = builder
            .build()
            .map_err(|e| GatewayError::Internal(e.into()))?;
        Ok(Self { host, client })
    }

    /// The host's URL for a path (with its query) of the API.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.host.url.trim_end_matches('/'))
    }
}

/// Names why a request to the host failed: another certificate than the
/// pinned one is a different matter from a host that does not answer.
pub fn failure(error: &reqwest::Error) -> GatewayError {
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = source {
        if e.to_string().contains(kyhop_server::tls::PIN_MISMATCH) {
            return GatewayError::CertificateChanged(e.to_string());
        }
        source = e.source();
    }
    GatewayError::Unreachable(error_chain(error))
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}
