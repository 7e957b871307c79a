//! The demo council's signing keys, kept beside its database by `kyhop demo`:
//! a DEMO root CA, the chair's and the council seal's PKCS#12 files and
//! their password. The server signs with them when asked for the "demo" key.

use std::path::Path;

use anyhow::Context;
use chrono::Utc;

use crate::private_file::write_private;

/// The demo's signing keys, beside its database: a DEMO root CA, the
/// chair's and the council seal's PKCS#12 files and their password.
pub const KEYS_DIR: &str = "demo-pki";
pub const ROOT_FILE: &str = "root.pem";
const CHAIR_FILE: &str = "chair.p12";
const SEAL_FILE: &str = "seal.p12";
const PASSWORD_FILE: &str = "p12-password";

const OCSP_KEY_FILE: &str = "ocsp-key.pem";
const OCSP_CERT_FILE: &str = "ocsp.pem";
/// The loopback port the demo's OCSP responder answers on: named in the
/// chair's and the seal's certificates, so it is fixed when they are made.
const OCSP_PORT_FILE: &str = "ocsp-port";

/// Creates the demo PKI in `data_dir/demo-pki` on first run, for the demo
/// council's chair: the root, the chair's and the seal's keys, the root's
/// OCSP responder and time-stamping authority; returns the directory. A
/// PKI made by an older version, without an OCSP responder, is made anew.
pub fn ensure_keys(
    data_dir: &Path,
    chair_name: &str,
    council_name: &str,
) -> anyhow::Result<std::path::PathBuf> {
    let dir = data_dir.join(KEYS_DIR);
    if dir.join(PASSWORD_FILE).exists() && dir.join(OCSP_PORT_FILE).exists() {
        return Ok(dir);
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let port = free_loopback_port()?;
    let pki = kyhop_docs::sign::demo_pki::demo_pki_answering_at(
        Utc::now(),
        chair_name,
        council_name,
        Some(&crate::demo_authorities::ocsp_url(port)),
    )?;
    let password = crate::auth::new_password();
    write_private(&dir.join(ROOT_FILE), pki.root_pem())?;
    write_private(&dir.join(CHAIR_FILE), pki.chair_p12(&password)?)?;
    write_private(&dir.join(SEAL_FILE), pki.seal_p12(&password)?)?;
    write_private(&dir.join(OCSP_KEY_FILE), pki.ocsp.key_pkcs8_pem())?;
    write_private(&dir.join(OCSP_CERT_FILE), pki.ocsp.cert_pem())?;
    let tsa = pki.time_stamping_authority();
    write_private(
        &dir.join(crate::demo_authorities::TSA_KEY_FILE),
        tsa.key_pem()?,
    )?;
    write_private(
        &dir.join(crate::demo_authorities::TSA_CERT_FILE),
        tsa.cert_pem()?,
    )?;
    write_private(&dir.join(PASSWORD_FILE), &password)?;
    // Written last: its presence means the set is complete.
    write_private(&dir.join(OCSP_PORT_FILE), port.to_string())?;
    Ok(dir)
}

/// A loopback port free at this moment.
fn free_loopback_port() -> anyhow::Result<u16> {
    let socket = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))
        .context("finding a free loopback port for the demo's OCSP responder")?;
    Ok(socket.local_addr()?.port())
}

/// The demo CA's OCSP responder kept in `dir`, and the loopback port its
/// certificates name.
pub fn ocsp_responder(dir: &Path) -> anyhow::Result<(kyhop_docs::sign::DemoOcsp, u16)> {
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .with_context(|| format!("reading {}", dir.join(name).display()))
    };
    let responder =
        kyhop_docs::sign::DemoIdentity::from_pem(&read(OCSP_KEY_FILE)?, &read(OCSP_CERT_FILE)?)?;
    let root = kyhop_docs::sign::keys::certificates_from_pem(read(ROOT_FILE)?.as_bytes())?
        .into_iter()
        .next()
        .context("the demo root")?;
    let port = read(OCSP_PORT_FILE)?
        .trim()
        .parse()
        .context("the demo OCSP responder's port")?;
    Ok((kyhop_docs::sign::DemoOcsp::new(responder, root), port))
}

/// The demo keys in `dir`, as the issuing code takes them.
pub fn issue_keys(dir: &Path) -> anyhow::Result<crate::services::issuing::IssueKeys> {
    let read = |name: &str| {
        std::fs::read(dir.join(name))
            .with_context(|| format!("reading {}", dir.join(name).display()))
    };
    let password = String::from_utf8(read(PASSWORD_FILE)?).context("the demo key password")?;
    let p12 = |name: &str| -> anyhow::Result<kyhop_docs::sign::KeySource> {
        Ok(kyhop_docs::sign::KeySource::Pkcs12 {
            file: read(name)?.into(),
            password: password.trim().to_owned().into(),
        })
    };
    Ok(crate::services::issuing::IssueKeys {
        chair: p12(CHAIR_FILE)?,
        seal: p12(SEAL_FILE)?,
    })
}

/// The demo root certificate, to trust the demo's signatures and
/// time-stamps.
pub fn root_pem(dir: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(dir.join(ROOT_FILE)).with_context(|| format!("reading {}", dir.display()))
}
