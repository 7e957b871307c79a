//! `kyhop sign` and `kyhop verify`: sign any PDF with a PKCS#12 file or a
//! PKCS#11 token key, and report on every signature of a PDF.
//!
//! The password or PIN never comes from the command line (it would sit in
//! the shell history and in `ps`): it is read from a file, from
//! `KYHOP_SIGN_SECRET`, or from a prompt on the terminal.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::Utc;

use kyhop_docs::sign::{
    document_valid, sign_pdf, Appearance, Certificate, KeySource, SignRequest, SignatureReport,
};

/// The environment variable a password or PIN may come from.
pub const SECRET_ENV: &str = "KYHOP_SIGN_SECRET";

/// Where the key is.
pub enum KeyLocation {
    Pkcs12(PathBuf),
    Pkcs11 {
        module: PathBuf,
        token: String,
        key: String,
    },
}

/// A visible signature: an image in a rectangle of a page.
pub struct Visible {
    pub image: PathBuf,
    pub page: u32,
    pub rect: [f32; 4],
}

pub struct SignOptions {
    pub input: PathBuf,
    pub output: PathBuf,
    pub key: KeyLocation,
    /// A file holding the password or PIN (first line).
    pub secret_file: Option<PathBuf>,
    pub visible: Option<Visible>,
    pub reason: Option<String>,
}

/// The password or PIN: from the file, else the environment, else a prompt.
fn read_secret(file: Option<&Path>, what: &str) -> anyhow::Result<String> {
    if let Some(file) = file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("reading the {what} from {}", file.display()))?;
        return Ok(text.lines().next().unwrap_or_default().to_owned());
    }
    if let Ok(secret) = std::env::var(SECRET_ENV) {
        return Ok(secret);
    }
    rpassword::prompt_password(format!("{what}: ")).with_context(|| {
        format!("no terminal to ask for the {what}: give it with --secret-file or {SECRET_ENV}")
    })
}

/// Signs `input` once more and writes `output`. The input must be intact
/// PDF with nothing added after its last signature.
pub fn sign(options: SignOptions) -> anyhow::Result<()> {
    let pdf = std::fs::read(&options.input)
        .with_context(|| format!("reading {}", options.input.display()))?;
    let source = match options.key {
        KeyLocation::Pkcs12(path) => KeySource::Pkcs12 {
            file: std::fs::read(&path)
                .with_context(|| format!("reading {}", path.display()))?
                .into(),
            password: read_secret(options.secret_file.as_deref(), "PKCS#12 password")?.into(),
        },
        KeyLocation::Pkcs11 { module, token, key } => KeySource::Pkcs11 {
            module,
            token,
            key,
            pin: read_secret(options.secret_file.as_deref(), "token PIN")?.into(),
        },
    };
    let now = Utc::now();
    let signer = source.open(now)?;
    // Each signature gets its own field: the first "ChuKyN" not already in
    // the form (signed or not).
    let names = kyhop_docs::sign::pdf_sign::field_names(&pdf)?;
    let field_name = (1..=names.len() + 1)
        .map(|n| format!("ChuKy{n}"))
        .find(|candidate| !names.contains(candidate))
        .unwrap_or_else(|| format!("ChuKy{}", names.len() + 1));
    let (page, rect, appearance) = match options.visible {
        Some(v) => {
            let png = std::fs::read(&v.image)
                .with_context(|| format!("reading {}", v.image.display()))?;
            let [x0, y0, x1, y1] = v.rect;
            (
                v.page,
                v.rect,
                Some(Appearance::centered(png, x1 - x0, y1 - y0)?),
            )
        }
        None => (1, [0.0; 4], None),
    };
    let signed = sign_pdf(
        &pdf,
        signer.as_ref(),
        &SignRequest {
            field_name,
            page,
            rect,
            appearance,
            signer_name: String::new(),
            reason: options.reason,
            location: None,
            signing_time: now,
        },
    )?;
    write_new(&options.output, &signed)
}

/// Writes a file whole or not at all: into a temporary file beside it,
/// synced, then renamed over the target.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let mut file = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))
        .with_context(|| format!("writing beside {}", path.display()))?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Reads trust roots from PEM files (each may hold several certificates).
pub fn load_roots(files: &[PathBuf]) -> anyhow::Result<Vec<Certificate>> {
    let mut roots = Vec::new();
    for file in files {
        let pem = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let certs = kyhop_docs::sign::keys::certificates_from_pem(&pem)
            .with_context(|| format!("reading certificates from {}", file.display()))?;
        if certs.is_empty() {
            bail!("{} holds no certificate", file.display());
        }
        roots.extend(certs);
    }
    Ok(roots)
}

/// Every signature of the file, and whether the document can be relied
/// on (see [`document_valid`]; trust counts when roots were given).
/// Any PDF handed to us may be hostile: it is read in the bounded child, as
/// the server reads one posted to `/api/verify`.
pub async fn verify(
    file: &Path,
    roots: &[Certificate],
) -> anyhow::Result<(Vec<SignatureReport>, bool)> {
    let exe = std::env::current_exe().context("finding this program to read PDFs with")?;
    let reports = kyhop_docs::child::PdfChildren::new(exe, 1)
        .verify(file, roots)
        .await
        .map_err(|e| anyhow::anyhow!("{}: {} ({})", file.display(), e.message, e.code))?;
    let valid = document_valid(&reports, !roots.is_empty());
    Ok((reports, valid))
}

/// The report as people read it, one block per signature.
pub fn describe(reports: &[SignatureReport], valid: bool, trust_given: bool) -> String {
    let yes_no = |b: bool| if b { "yes" } else { "NO" };
    let mut out = String::new();
    if reports.is_empty() {
        out.push_str("no signatures\n");
    }
    for (i, r) in reports.iter().enumerate() {
        out.push_str(&format!("signature {} ({}):\n", i + 1, r.field_name));
        // The subject comes from the file: no control characters reach the terminal.
        let subject: String = r
            .signer_subject
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
        out.push_str(&format!("  signer:            {subject}\n"));
        let time = r
            .signing_time
            .map(|t| t.to_rfc3339())
            .unwrap_or_else(|| "unknown".into());
        out.push_str(&format!("  signing time:      {time}\n"));
        if let Some(stamped) = r.timestamp {
            let trusted = if r.timestamp_trusted {
                "trusted authority"
            } else {
                "authority NOT trusted"
            };
            out.push_str(&format!(
                "  time-stamp:        {} ({trusted})\n",
                stamped.to_rfc3339()
            ));
        }
        out.push_str(&format!(
            "  level:             PAdES {}\n",
            r.level.as_str()
        ));
        out.push_str(&format!("  intact:            {}\n", yes_no(r.intact)));
        out.push_str(&format!(
            "  covers whole file: {}{}\n",
            yes_no(r.covers_whole_document),
            if r.modified_after {
                " (later changes were made)"
            } else if !r.covers_whole_document {
                " (followed only by validation data and document time-stamps)"
            } else {
                ""
            }
        ));
        let trusted = if trust_given {
            yes_no(r.trusted)
        } else {
            "not checked (no --trust)"
        };
        out.push_str(&format!("  chain trusted:     {trusted}\n"));
        for p in &r.problems {
            out.push_str(&format!("  problem:           {p}\n"));
        }
    }
    out.push_str(if valid { "VALID\n" } else { "NOT VALID\n" });
    out
}
