//! The host's own TLS identity and the delegates' pin on it.
//!
//! A chamber host has no public name and no CA: on first start it makes a
//! self-signed certificate and keeps it in its data directory. Delegates do
//! not trust it through a CA either: they learn its SHA-256 fingerprint from
//! the QR code, the mDNS record or the host's screen, and accept exactly that
//! certificate and no other (`PinnedVerifier`). A host that comes back with
//! another certificate is refused, whatever names it carries.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use tokio::net::TcpStream;

use crate::connections::HANDSHAKE_TIMEOUT;

/// Where, below the data directory, the host keeps its certificate.
const TLS_DIR: &str = "tls";
const CERT_FILE: &str = "host-cert.der";
const KEY_FILE: &str = "host-key.der";

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("{0}: {1}")]
    Io(PathBuf, io::Error),
    #[error("making the host certificate: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("the host's TLS key or certificate is unusable: {0}")]
    Rustls(#[from] rustls::Error),
    #[error("a fingerprint is 64 hexadecimal digits (SHA-256), got {0:?}")]
    BadFingerprint(String),
}

/// The host's certificate (with its chain, when a council's CA issued it)
/// and private key (DER).
pub struct TlsIdentity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

impl std::fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsIdentity")
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

impl TlsIdentity {
    /// Reads the identity kept in `data_dir/tls/`, or makes one and keeps it
    /// (the key readable by the owner only).
    pub fn load_or_create(data_dir: &Path) -> Result<Self, TlsError> {
        let dir = data_dir.join(TLS_DIR);
        let cert_path = dir.join(CERT_FILE);
        let key_path = dir.join(KEY_FILE);
        if cert_path.exists() && key_path.exists() {
            let cert = read(&cert_path)?;
            let key = read(&key_path)?;
            return Ok(Self {
                chain: vec![CertificateDer::from(cert)],
                key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key)),
            });
        }
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
        let identity = Self::self_signed(&key)?;
        std::fs::create_dir_all(&dir).map_err(|e| TlsError::Io(dir.clone(), e))?;
        crate::private_file::write_private(&key_path, key.serialize_der())
            .map_err(|e| TlsError::Io(key_path.clone(), io::Error::other(e)))?;
        crate::private_file::write_private(&cert_path, identity.chain[0].as_ref())
            .map_err(|e| TlsError::Io(cert_path.clone(), io::Error::other(e)))?;
        Ok(identity)
    }

    /// A certificate (PEM: the server's first, then its chain) and its
    /// private key (PEM: PKCS#8, PKCS#1 or SEC1) from the council's own CA.
    pub fn from_pem_files(cert: &Path, key: &Path) -> Result<Self, TlsError> {
        use rustls::pki_types::pem::PemObject;
        let chain = CertificateDer::pem_file_iter(cert)
            .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
            .map_err(|e| TlsError::Io(cert.to_owned(), io::Error::other(e)))?;
        if chain.is_empty() {
            return Err(TlsError::Io(
                cert.to_owned(),
                io::Error::other("no certificate in the file"),
            ));
        }
        let key = PrivateKeyDer::from_pem_file(key)
            .map_err(|e| TlsError::Io(key.to_owned(), io::Error::other(e)))?;
        let identity = Self { chain, key };
        // A key that is not the certificate's is found now, not at the
        // first delegate's connection.
        identity.server_config()?;
        Ok(identity)
    }

    /// A new P-256 key and a self-signed certificate for it. The names in
    /// it do not matter to delegates (they pin the certificate itself); they
    /// help a person who looks at it.
    pub fn generate() -> Result<Self, TlsError> {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
        Self::self_signed(&key)
    }

    fn self_signed(key: &rcgen::KeyPair) -> Result<Self, TlsError> {
        let mut params =
            rcgen::CertificateParams::new(vec!["kyhop-host".to_owned(), "localhost".to_owned()])?;
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "KyHop chamber host");
        params.not_before = rcgen::date_time_ymd(2025, 1, 1);
        params.not_after = rcgen::date_time_ymd(2045, 1, 1);
        let cert = params.self_signed(key)?;
        Ok(Self {
            chain: vec![cert.der().clone()],
            key: PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
        })
    }

    /// SHA-256 of the certificate, lowercase hex: what delegates pin.
    pub fn fingerprint(&self) -> String {
        fingerprint_of(&self.chain[0])
    }

    pub fn server_config(&self) -> Result<Arc<rustls::ServerConfig>, TlsError> {
        let mut config = rustls::ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(self.chain.clone(), self.key.clone_key())?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

fn read(path: &Path) -> Result<Vec<u8>, TlsError> {
    std::fs::read(path).map_err(|e| TlsError::Io(path.to_owned(), e))
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// SHA-256 of a DER certificate, lowercase hex.
pub fn fingerprint_of(cert: &[u8]) -> String {
    hex::encode(Sha256::digest(cert))
}

/// A fingerprint as people compare it on two screens: the first 16 hex
/// digits in groups of four, upper case ("3F2A 91C0 …").
pub fn short_fingerprint(fingerprint: &str) -> String {
    let upper = fingerprint.to_ascii_uppercase();
    let head = upper.get(..16).unwrap_or(&upper);
    head.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Normalises a fingerprint as typed or scanned (case, colons, spaces).
pub fn parse_fingerprint(text: &str) -> Result<String, TlsError> {
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '-'))
        .collect::<String>()
        .to_ascii_lowercase();
    if digits.len() == 64 && digits.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(digits)
    } else {
        Err(TlsError::BadFingerprint(text.chars().take(80).collect()))
    }
}

/// Accepts exactly one certificate, by its SHA-256; checks that the server
/// holds its key (the handshake signature) as usual. Without a pin it
/// accepts nothing and only notes what was presented (first contact).
#[derive(Debug)]
pub struct PinnedVerifier {
    fingerprint: Option<String>,
    presented: std::sync::Mutex<Option<String>>,
    provider: Arc<CryptoProvider>,
}

impl PinnedVerifier {
    pub fn new(fingerprint: &str) -> Result<Self, TlsError> {
        Ok(Self::pinned_to(Some(parse_fingerprint(fingerprint)?)))
    }

    fn pinned_to(fingerprint: Option<String>) -> Self {
        Self {
            fingerprint,
            presented: std::sync::Mutex::new(None),
            provider: provider(),
        }
    }

    /// The fingerprint of the last certificate presented.
    fn presented(&self) -> Option<String> {
        self.presented.lock().ok().and_then(|p| p.clone())
    }
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let presented = fingerprint_of(end_entity);
        if let Ok(mut seen) = self.presented.lock() {
            *seen = Some(presented.clone());
        }
        match &self.fingerprint {
            Some(pinned) if *pinned == presented => Ok(ServerCertVerified::assertion()),
            Some(pinned) => Err(rustls::Error::General(format!(
                "{PIN_MISMATCH}: expected {}, presented {}",
                short_fingerprint(pinned),
                short_fingerprint(&presented)
            ))),
            // Never go on: nothing is sent to a host not yet confirmed.
            None => Err(rustls::Error::General("certificate noted".into())),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// What the pinned verifier says when the host shows another certificate;
/// the gateway looks for it in the error chain to name the problem.
pub const PIN_MISMATCH: &str = "the host presented another certificate than the one paired with";

/// A client TLS configuration that trusts only the pinned certificate.
pub fn pinned_client_config(fingerprint: &str) -> Result<rustls::ClientConfig, TlsError> {
    let verifier = Arc::new(PinnedVerifier::new(fingerprint)?);
    let mut config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// Reads the certificate a TLS server presents, without trusting it: the
/// first contact with a host typed in by hand, whose fingerprint the person
/// then compares with the one on the host's screen.
pub async fn presented_fingerprint(addr: &str) -> Result<String, io::Error> {
    let recorder = Arc::new(PinnedVerifier::pinned_to(None));
    let config = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(io::Error::other)?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let tcp = tokio::time::timeout(HANDSHAKE_TIMEOUT, TcpStream::connect(addr))
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "no answer"))??;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let name = ServerName::try_from("kyhop-host").map_err(io::Error::other)?;
    let _ = tokio::time::timeout(HANDSHAKE_TIMEOUT, connector.connect(name, tcp)).await;
    recorder.presented().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "the address answers, but not with TLS",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_parse_in_the_forms_people_copy_them() {
        let fp = "3f2a91c0".repeat(8);
        assert_eq!(parse_fingerprint(&fp.to_uppercase()).unwrap(), fp);
        let colons: Vec<String> = fp
            .as_bytes()
            .chunks(2)
            .map(|c| String::from_utf8_lossy(c).into())
            .collect();
        assert_eq!(parse_fingerprint(&colons.join(":")).unwrap(), fp);
        assert!(parse_fingerprint(&fp[..62]).is_err());
        assert!(parse_fingerprint(&format!("{}zz", &fp[..62])).is_err());
        assert_eq!(short_fingerprint(&fp), "3F2A 91C0 3F2A 91C0");
    }

    #[test]
    fn an_identity_is_kept_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let made = TlsIdentity::load_or_create(dir.path()).unwrap();
        let again = TlsIdentity::load_or_create(dir.path()).unwrap();
        assert_eq!(made.fingerprint(), again.fingerprint());
        assert!(made.server_config().is_ok());
        let other = TlsIdentity::generate().unwrap();
        assert_ne!(other.fingerprint(), made.fingerprint());
    }
}
