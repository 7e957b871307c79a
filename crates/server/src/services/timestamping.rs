//! The council's time-stamping authority, reached over HTTP (RFC 3161
//! §3.4): a `TimeStampReq` posted as `application/timestamp-query`, a
//! `TimeStampResp` back. The reply is signed by the authority and checked
//! in `kyhop_docs::sign::timestamp`, so the channel itself needs no trust:
//! Vietnam's licensed CAs publish their authorities at plain `http://`
//! addresses, as most CAs do.

use std::sync::Arc;
use std::time::Duration;

use kyhop_docs::sign::timestamp::{TimeStamper, TsaTransport};
use kyhop_docs::sign::{Certificate, SignError};

/// How long one exchange with the authority may take, connection included:
/// an issue waits for it while the chair watches.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(15);
/// The largest reply read: a token with its certificate chain is a few
/// kilobytes; more is not an authority talking.
const MAX_REPLY: usize = 256 * 1024;

/// Why a time-stamping authority's address is refused at start-up.
#[derive(Debug, thiserror::Error)]
pub enum TsaConfigError {
    #[error("the time-stamping authority's address is not a URL: {0}")]
    BadUrl(String),
    #[error("the time-stamping authority is reached over http:// (RFC 3161 §3.4), not {0}://")]
    Scheme(String),
    #[error("the time-stamping authority needs the roots its certificate chains to (--tsa-trust)")]
    NoTrust,
}

/// Posts requests to one authority's URL.
pub struct HttpTsa {
    url: reqwest::Url,
    client: reqwest::Client,
}

impl HttpTsa {
    pub fn new(url: &str) -> Result<Self, TsaConfigError> {
        let url = reqwest::Url::parse(url).map_err(|e| TsaConfigError::BadUrl(e.to_string()))?;
        if url.scheme() != "http" {
            return Err(TsaConfigError::Scheme(url.scheme().to_owned()));
        }
        let client = reqwest::Client::builder()
            .timeout(EXCHANGE_TIMEOUT)
            // An authority answers at its address; a redirect is not an answer.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| TsaConfigError::BadUrl(e.to_string()))?;
        Ok(Self { url, client })
    }

    async fn post(&self, request: Vec<u8>) -> Result<Vec<u8>, SignError> {
        let unreachable = |e: reqwest::Error| SignError::TsaUnreachable(e.to_string());
        let mut response = self
            .client
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/timestamp-query")
            .body(request)
            .send()
            .await
            .map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(SignError::TsaRefused(format!(
                "the authority answered HTTP {}",
                response.status()
            )));
        }
        let mut reply = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
            if reply.len() + chunk.len() > MAX_REPLY {
                return Err(SignError::TsaRefused(format!(
                    "the authority's reply is over {MAX_REPLY} bytes"
                )));
            }
            reply.extend_from_slice(&chunk);
        }
        Ok(reply)
    }
}

impl TsaTransport for HttpTsa {
    /// Runs on a blocking thread of the server's runtime (signing is CPU
    /// work, done in `spawn_blocking`): the exchange itself is async.
    fn exchange(&self, request: &[u8]) -> Result<Vec<u8>, SignError> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| SignError::Internal("time-stamping needs the server's runtime".into()))?;
        runtime.block_on(self.post(request.to_vec()))
    }
}

/// The authority at `url`, trusted when its certificate chains to `trust`.
pub fn http_time_stamper(
    url: &str,
    trust: Vec<Certificate>,
) -> Result<TimeStamper, TsaConfigError> {
    if trust.is_empty() {
        return Err(TsaConfigError::NoTrust);
    }
    Ok(TimeStamper::new(Arc::new(HttpTsa::new(url)?), trust))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_an_http_authority() {
        assert!(matches!(
            HttpTsa::new("https://tsa.example.vn/"),
            Err(TsaConfigError::Scheme(s)) if s == "https"
        ));
        assert!(matches!(
            HttpTsa::new("tsa.example.vn"),
            Err(TsaConfigError::BadUrl(_))
        ));
        assert!(HttpTsa::new("http://tsa.example.vn/tsa").is_ok());
        assert!(matches!(
            http_time_stamper("http://tsa.example.vn/", Vec::new()),
            Err(TsaConfigError::NoTrust)
        ));
    }

    #[test]
    fn outside_a_runtime_the_exchange_says_so_instead_of_panicking() {
        let tsa = HttpTsa::new("http://127.0.0.1:9/").unwrap();
        assert_eq!(tsa.exchange(b"x").unwrap_err().code(), "internal");
    }
}
