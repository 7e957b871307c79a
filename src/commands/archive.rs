//! `kyhop archive refresh`: renews a long-term resolution's archive
//! time-stamp (PAdES B-LTA) before the last one's authority certificate
//! expires — the validation data of its document time-stamps fetched now,
//! while their CA still answers, then a new document time-stamp over
//! everything. The file is the archive's own: it is checked first, and
//! written whole or not at all.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use kyhop_docs::sign::{
    document_timestamp_count, document_valid, refresh_archive_timestamp, verify_pdf, Certificate,
    PadesLevel,
};
use kyhop_server::services::issuing::DOCUMENT_TIMESTAMP_FIELD;
use kyhop_server::services::pki_http::{http_time_stamper, PkiHttp};

use crate::commands::sign::{load_roots, write_new};

pub struct RefreshOptions {
    pub file: PathBuf,
    /// Where to write the renewed file; none: over `file`.
    pub out: Option<PathBuf>,
    pub tsa_url: String,
    pub tsa_trust: Vec<PathBuf>,
    /// Roots the signers' certificates must chain to.
    pub trust: Vec<PathBuf>,
}

/// The field of the `n`th document time-stamp (from 1): the issue's own,
/// then one more per refresh.
fn field_name(n: usize) -> String {
    if n <= 1 {
        DOCUMENT_TIMESTAMP_FIELD.to_owned()
    } else {
        format!("{DOCUMENT_TIMESTAMP_FIELD}{n}")
    }
}

/// Why a file is not renewed: it must verify, with every signature at
/// B-LT or above (its validation data is what the new time-stamp seals).
fn check_renewable(pdf: &[u8], roots: &[Certificate]) -> anyhow::Result<()> {
    let reports = verify_pdf(pdf, roots)?;
    if !document_valid(&reports, !roots.is_empty()) {
        bail!("the file does not verify (kyhop verify says why): a new time-stamp would seal a broken or untrusted file");
    }
    if let Some(short) = reports
        .iter()
        .find(|r| !matches!(r.level, PadesLevel::BLt | PadesLevel::BLta))
    {
        bail!(
            "signature {} is at PAdES {}, not long-term (B-LT): issue the resolution with a time-stamping authority (--tsa-url)",
            short.field_name,
            short.level.as_str()
        );
    }
    Ok(())
}

/// Renews the file's archive time-stamp; returns where it was written.
pub async fn refresh(options: RefreshOptions) -> anyhow::Result<PathBuf> {
    let pdf = std::fs::read(&options.file)
        .with_context(|| format!("reading {}", options.file.display()))?;
    let tsa_roots = load_roots(&options.tsa_trust)?;
    let mut roots = load_roots(&options.trust)?;
    roots.extend(tsa_roots.iter().cloned());
    check_renewable(&pdf, &roots)?;
    let stamper = http_time_stamper(&options.tsa_url, tsa_roots).context("--tsa-url")?;
    let transport = PkiHttp::new()?;
    let renewed = tokio::task::spawn_blocking(move || {
        let field = field_name(document_timestamp_count(&pdf)? + 1);
        refresh_archive_timestamp(&pdf, &stamper, &transport, &field, chrono::Utc::now())
    })
    .await??;
    let out = options.out.unwrap_or(options.file);
    write_new(Path::new(&out), &renewed)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::field_name;

    #[test]
    fn the_first_field_is_the_issue_s_then_numbered() {
        assert_eq!(field_name(1), "DauThoiGian");
        assert_eq!(field_name(2), "DauThoiGian2");
    }
}
