//! A CA's services over HTTP: its time-stamping authority (RFC 3161 §3.4:
//! a `TimeStampReq` posted as `application/timestamp-query`), its OCSP
//! responders (RFC 6960 appendix A: an `OCSPRequest` posted as
//! `application/ocsp-request`) and its CRLs (RFC 5280: a GET). Every
//! answer is signed by the CA and checked in `kyhop_docs::sign`, so the
//! channel itself needs no trust: Vietnam's licensed CAs publish these
//! services at plain `http://` addresses, as most CAs do.

use std::sync::Arc;
use std::time::Duration;

use kyhop_docs::sign::timestamp::{TimeStamper, TsaTransport};
use kyhop_docs::sign::{Certificate, RevocationTransport, SignError};

/// How long one exchange may take, connection included: an issue waits
/// for it while the chair watches.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(15);
/// The largest answer read: a token or an OCSP answer with its
/// certificates is a few kilobytes, a CRL of a provincial CA some hundreds.
const MAX_ANSWER: usize = 8 * 1024 * 1024;

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

/// The HTTP client for a CA's services.
#[derive(Clone, Debug)]
pub struct PkiHttp {
    client: reqwest::Client,
}

/// Which service failed, for the error it gets.
#[derive(Clone, Copy)]
enum Service {
    TimeStamping,
    Revocation,
}

impl Service {
    fn unreachable(self, m: String) -> SignError {
        match self {
            Self::TimeStamping => SignError::TsaUnreachable(m),
            Self::Revocation => SignError::RevocationUnavailable(m),
        }
    }
    fn refused(self, m: String) -> SignError {
        match self {
            Self::TimeStamping => SignError::TsaRefused(m),
            Self::Revocation => SignError::RevocationUnavailable(m),
        }
    }
}

impl PkiHttp {
    pub fn new() -> Result<Self, TsaConfigError> {
        let client = reqwest::Client::builder()
            .timeout(EXCHANGE_TIMEOUT)
            // A service answers at its address; a redirect is not an answer.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| TsaConfigError::BadUrl(e.to_string()))?;
        Ok(Self { client })
    }

    /// One exchange: `body` posted as `content_type`, or a GET without one.
    async fn exchange(
        &self,
        service: Service,
        url: reqwest::Url,
        post: Option<(&'static str, Vec<u8>)>,
    ) -> Result<Vec<u8>, SignError> {
        let parsed = url.clone();
        let unreachable = |e: reqwest::Error| service.unreachable(format!("{url}: {e}"));
        let request = match post {
            Some((content_type, body)) => self
                .client
                .post(parsed)
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(body),
            None => self.client.get(parsed),
        };
        let mut response = request.send().await.map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(service.refused(format!("{url} answered HTTP {}", response.status())));
        }
        let mut answer = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
            if answer.len() + chunk.len() > MAX_ANSWER {
                return Err(
                    service.refused(format!("{url}: the answer is over {MAX_ANSWER} bytes"))
                );
            }
            answer.extend_from_slice(&chunk);
        }
        Ok(answer)
    }

    /// Runs `exchange` from a blocking thread of the server's runtime
    /// (signing is CPU work, done in `spawn_blocking`).
    fn blocking(
        &self,
        service: Service,
        url: &str,
        post: Option<(&'static str, Vec<u8>)>,
    ) -> Result<Vec<u8>, SignError> {
        let url = http_url(url).map_err(|e| service.refused(format!("{url}: {e}")))?;
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
            SignError::Internal("reaching the CA's services needs the server's runtime".into())
        })?;
        runtime.block_on(self.exchange(service, url, post))
    }
}

impl RevocationTransport for PkiHttp {
    fn ocsp(&self, url: &str, request: &[u8]) -> Result<Vec<u8>, SignError> {
        let post = ("application/ocsp-request", request.to_vec());
        self.blocking(Service::Revocation, url, Some(post))
    }

    fn crl(&self, url: &str) -> Result<Vec<u8>, SignError> {
        self.blocking(Service::Revocation, url, None)
    }
}

/// `url` if it is an `http://` URL.
fn http_url(url: &str) -> Result<reqwest::Url, TsaConfigError> {
    let parsed = reqwest::Url::parse(url).map_err(|e| TsaConfigError::BadUrl(e.to_string()))?;
    if parsed.scheme() != "http" {
        return Err(TsaConfigError::Scheme(parsed.scheme().to_owned()));
    }
    Ok(parsed)
}

/// Posts time-stamp requests to one authority's URL.
pub struct HttpTsa {
    url: String,
    http: PkiHttp,
}

impl HttpTsa {
    pub fn new(url: &str) -> Result<Self, TsaConfigError> {
        http_url(url)?;
        Ok(Self {
            url: url.to_owned(),
            http: PkiHttp::new()?,
        })
    }
}

impl TsaTransport for HttpTsa {
    fn exchange(&self, request: &[u8]) -> Result<Vec<u8>, SignError> {
        let post = ("application/timestamp-query", request.to_vec());
        self.http
            .blocking(Service::TimeStamping, &self.url, Some(post))
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

    #[test]
    fn a_certificate_naming_a_non_http_responder_gets_a_clear_refusal() {
        let http = PkiHttp::new().unwrap();
        let e = http.ocsp("ldap://ca.example.vn/ocsp", b"x").unwrap_err();
        assert_eq!(e.code(), "revocation_unavailable");
    }
}
