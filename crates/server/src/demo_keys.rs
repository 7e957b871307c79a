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

/// Creates the demo PKI in `data_dir/demo-pki` on first run, for the demo
/// council's chair; returns the directory.
pub fn ensure_keys(
    data_dir: &Path,
    chair_name: &str,
    council_name: &str,
) -> anyhow::Result<std::path::PathBuf> {
    let dir = data_dir.join(KEYS_DIR);
    if dir.join(PASSWORD_FILE).exists() {
        return Ok(dir);
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let pki = kyhop_docs::sign::demo_pki_for(Utc::now(), chair_name, council_name)?;
    let password = crate::auth::new_password();
    write_private(&dir.join(ROOT_FILE), pki.root_pem())?;
    write_private(&dir.join(CHAIR_FILE), pki.chair_p12(&password)?)?;
    write_private(&dir.join(SEAL_FILE), pki.seal_p12(&password)?)?;
    // Written last: its presence means the set is complete.
    write_private(&dir.join(PASSWORD_FILE), &password)?;
    Ok(dir)
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

/// The demo's roots, to trust its signatures: the signing root and, once
/// the demo's time-stamping authority exists, its root (one PEM file).
pub fn root_pem(dir: &Path) -> anyhow::Result<Vec<u8>> {
    let mut pem =
        std::fs::read(dir.join(ROOT_FILE)).with_context(|| format!("reading {}", dir.display()))?;
    match std::fs::read(dir.join(crate::demo_tsa::ROOT_FILE)) {
        Ok(tsa_root) => pem.extend_from_slice(&tsa_root),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    }
    Ok(pem)
}
