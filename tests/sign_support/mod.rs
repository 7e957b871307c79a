//! Shared helpers for the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

pub const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

/// A fresh directory under target/test-out/.
pub fn out_dir(name: &str) -> PathBuf {
    let d = Path::new(MANIFEST)
        .join("target")
        .join("test-out")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn asset(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(MANIFEST).join("assets/demo").join(name)).expect("a shipped demo image")
}

/// A one-page A4 PDF with some Helvetica text, written by lopdf.
pub fn make_test_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 20.into()]),
    ];
    ops.push(Operation::new("Td", vec![72.into(), 760.into()]));
    ops.push(Operation::new(
        "Tj",
        vec![Object::string_literal(
            "KyHop - Bien ban ky hop (test document)",
        )],
    ));
    ops.push(Operation::new("Tf", vec!["F1".into(), 12.into()]));
    for i in 0..10 {
        ops.push(Operation::new("Td", vec![0.into(), (-24).into()]));
        ops.push(Operation::new(
            "Tj",
            vec![Object::string_literal(format!(
                "Line {i}: lorem ipsum dolor sit amet."
            ))],
        ));
    }
    ops.push(Operation::new("ET", vec![]));
    let content = Content { operations: ops };
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut buf = Vec::new();
    doc.save_to(&mut buf).unwrap();
    buf
}

pub fn tool(name: &str) -> Option<PathBuf> {
    if name == "pyhanko" {
        let p = Path::new(MANIFEST).join(".venv/bin/pyhanko");
        return p.exists().then_some(p);
    }
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .ok()?;
    let s = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!s.is_empty()).then(|| PathBuf::from(s))
}

/// The external validators are part of the test suite, never skipped:
/// scripts/setup.sh installs them.
pub fn need(name: &str) -> PathBuf {
    tool(name).unwrap_or_else(|| panic!("{name} is not installed: run scripts/setup.sh"))
}

pub struct Run {
    pub ok: bool,
    pub text: String,
}

pub fn run(cmd: &Path, args: &[&str]) -> Run {
    finish(Command::new(cmd).args(args).env("LANG", "C.UTF-8"))
}

/// Runs the command to its end: exit status, stdout then stderr.
fn finish(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Run {
        ok: out.status.success(),
        text,
    }
}

/// pyhanko sign validate --pretty-print --trust ROOT --trust-replace FILE
pub fn pyhanko_validate(pdf: &Path, root_pem: &Path) -> Run {
    pyhanko_validate_trusting(pdf, &[root_pem], true)
}

/// pyhanko sign validate, trusting only `roots`; without `pretty`, one
/// summary line per signature.
pub fn pyhanko_validate_trusting(pdf: &Path, roots: &[&Path], pretty: bool) -> Run {
    let mut args = vec!["sign", "validate"];
    if pretty {
        args.push("--pretty-print");
    }
    for root in roots {
        args.extend(["--trust", root.to_str().unwrap()]);
    }
    args.extend(["--trust-replace", pdf.to_str().unwrap()]);
    run(&need("pyhanko"), &args)
}

/// `pyhanko sign adesverify`: EN 319 102-1 validation, long-term
/// (B-LTA) included. It asks the CA for fresh status of the last
/// time-stamp's authority, so the CA must still answer (pyHanko's own
/// B-LTA files fail it too once the CA is gone).
pub fn pyhanko_adesverify(pdf: &Path, roots: &Path) -> Run {
    run(
        &need("pyhanko"),
        &[
            "sign",
            "adesverify",
            "--trust",
            roots.to_str().unwrap(),
            "--trust-replace",
            pdf.to_str().unwrap(),
        ],
    )
}

/// Each signer's certificate validated by pyHanko's certificate
/// validator from the file's DSS alone (revocation information required,
/// nothing fetched): `dss_revocation.py` beside this file.
pub fn pyhanko_dss_revocation(pdf: &Path, roots: &Path) -> Run {
    let python = Path::new(MANIFEST).join(".venv/bin/python");
    assert!(python.exists(), "the venv is missing: run scripts/setup.sh");
    let script = Path::new(MANIFEST).join("tests/sign_support/dss_revocation.py");
    run(
        &python,
        &[
            script.to_str().unwrap(),
            pdf.to_str().unwrap(),
            roots.to_str().unwrap(),
        ],
    )
}

/// A long-term resolution (chair and seal, time-stamped, validation data,
/// document time-stamp) as a recipient's tools see it: qpdf finds it sound,
/// pdfsig calls both signatures valid, pyHanko finds both intact, trusted,
/// time-stamped by a trusted authority and followed only by acceptable
/// changes (its revocation check left to the next step: the demo's
/// responder is gone by now), and each signer's certificate validates from
/// the file's own DSS.
pub fn check_long_term_valid(pdf: &Path, roots: &Path) {
    let qpdf = qpdf_check(pdf);
    assert!(qpdf.ok && !qpdf.text.contains("WARNING"), "{}", qpdf.text);
    let sig = pdfsig(pdf);
    assert_eq!(
        sig.text
            .matches("Signature Validation: Signature is Valid.")
            .count(),
        2,
        "{}",
        sig.text
    );
    let pyhanko = run(
        &need("pyhanko"),
        &[
            "sign",
            "validate",
            "--no-revocation-check",
            "--trust",
            roots.to_str().unwrap(),
            "--trust-replace",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(pyhanko.ok, "{}", pyhanko.text);
    assert_eq!(
        pyhanko
            .text
            .matches("INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>")
            .count(),
        2,
        "{}",
        pyhanko.text
    );
    assert_eq!(
        pyhanko.text.matches("ACCEPTABLE_MODIFICATIONS").count(),
        2,
        "{}",
        pyhanko.text
    );
    let dss = pyhanko_dss_revocation(pdf, roots);
    assert!(dss.ok, "{}", dss.text);
    assert_eq!(dss.text.matches("GOOD FROM DSS").count(), 2, "{}", dss.text);
}

pub fn pdfsig(pdf: &Path) -> Run {
    let t = need("pdfsig");
    run(&t, &[pdf.to_str().unwrap()])
}

pub fn qpdf_check(pdf: &Path) -> Run {
    let t = need("qpdf");
    run(&t, &["--check", pdf.to_str().unwrap()])
}

/// qpdf --check clean, and pdfsig and pyHanko both call each of the
/// `n_sigs` signatures valid (pdfsig exits 0 even on a digest mismatch: its
/// text is what counts).
pub fn check_external_valid(dir: &Path, name: &str, pdf: &[u8], root_pem: &Path, n_sigs: usize) {
    let path = dir.join(name);
    std::fs::write(&path, pdf).unwrap();
    {
        let r = qpdf_check(&path);
        println!("--- qpdf --check {name}\n{}", r.text);
        assert!(r.ok, "qpdf --check failed:\n{}", r.text);
        assert!(!r.text.contains("WARNING"), "qpdf warnings:\n{}", r.text);
    }
    {
        let r = pdfsig(&path);
        println!("--- pdfsig {name}\n{}", r.text);
        assert_eq!(
            r.text
                .matches("Signature Validation: Signature is Valid.")
                .count(),
            n_sigs,
            "{}",
            r.text
        );
    }
    {
        let r = pyhanko_validate(&path, root_pem);
        println!("--- pyhanko {name}\n{}", r.text);
        assert!(r.ok, "pyHanko failed:\n{}", r.text);
        assert_eq!(
            r.text.matches("The signature is judged VALID.").count(),
            n_sigs,
            "{}",
            r.text
        );
    }
}

/// `pdftotext -enc UTF-8` of the whole file.
pub fn pdftotext(pdf: &Path) -> String {
    let r = run(
        &need("pdftotext"),
        &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
    );
    assert!(r.ok, "pdftotext failed: {}", r.text);
    r.text
}

/// Words separated by single spaces: lines broken by the layout compare
/// equal to the text they came from.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PDF with one byte changed at `at`.
pub fn flip_byte(pdf: &[u8], at: usize) -> Vec<u8> {
    let mut bad = pdf.to_vec();
    bad[at] ^= 0x01;
    bad
}

/// `kyhop verify [--trust ROOT] FILE`: exit status and text.
pub fn kyhop_verify(pdf: &Path, root_pem: Option<&Path>) -> Run {
    let mut args = vec!["verify".to_string()];
    if let Some(root) = root_pem {
        args.extend(["--trust".into(), root.to_str().unwrap().into()]);
    }
    args.push(pdf.to_str().unwrap().into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(Path::new(env!("CARGO_BIN_EXE_kyhop")), &args)
}

/// Converts a DOCX with LibreOffice (`soffice --headless --convert-to pdf`,
/// which must succeed) and returns the PDF's text.
pub fn docx_to_text(dir: &Path, name: &str, docx: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, docx).unwrap();
    // Its own profile: parallel tests must not share LibreOffice's lock.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    );
    let r = run(
        &need("soffice"),
        &[
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            dir.to_str().unwrap(),
            path.to_str().unwrap(),
        ],
    );
    let pdf = path.with_extension("pdf");
    assert!(
        r.ok && pdf.exists(),
        "soffice could not convert {name}: {}",
        r.text
    );
    pdftotext(&pdf)
}

/// `kyhop sign ARGS` with `KYHOP_SIGN_SECRET` set to `secret` when given
/// (and removed otherwise), stdin closed: exit status and text.
pub fn kyhop_sign(args: &[&str], secret: Option<&str>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kyhop"));
    cmd.arg("sign")
        .args(args)
        .stdin(std::process::Stdio::null());
    match secret {
        Some(s) => cmd.env("KYHOP_SIGN_SECRET", s),
        None => cmd.env_remove("KYHOP_SIGN_SECRET"),
    };
    finish(&mut cmd)
}

/// The chair's key of `pki` with a certificate issued by its root that
/// expires at `until`, naming `ocsp_url` as its responder when given.
pub fn short_lived_chair(
    pki: &kyhop_docs::sign::DemoPki,
    until: chrono::DateTime<chrono::Utc>,
    ocsp_url: Option<&str>,
) -> kyhop_docs::sign::keys::InMemorySigner {
    use kyhop_docs::sign::demo_pki::{issue_certificate_with, CertExtras, CertKind};
    let cert = issue_certificate_with(
        CertKind::Leaf,
        "CN=Nguyễn Văn An (DEMO),O=KyHop DEMO",
        pki.chair
            .cert
            .tbs_certificate
            .subject_public_key_info
            .clone(),
        &pki.root.key,
        Some(&pki.root.cert),
        (until - chrono::Duration::hours(1), until),
        &CertExtras {
            ocsp_url,
            ..CertExtras::default()
        },
    )
    .unwrap();
    kyhop_docs::sign::DemoIdentity {
        key: pki.chair.key.clone(),
        cert,
    }
    .signer(vec![pki.root.cert.clone()])
}

/// Append a harmless but real incremental update (one new object).
pub fn append_update(pdf: &[u8]) -> Vec<u8> {
    let size = lopdf::Document::load_mem(pdf)
        .unwrap()
        .trailer
        .get(b"Size")
        .unwrap()
        .as_i64()
        .unwrap();
    append_object(pdf, (size as u32, 0), "(added later)")
}

/// Append an incremental update that writes object `id` (new, or
/// replacing the one there) as `body`, by hand: what anyone with a text
/// editor can do to a signed file.
pub fn append_object(pdf: &[u8], id: (u32, u16), body: &str) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let size = doc.trailer.get(b"Size").unwrap().as_i64().unwrap();
    let tail = &pdf[pdf.len() - 40..];
    let sx = String::from_utf8_lossy(tail);
    let prev: usize = sx
        .split("startxref")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let mut out = pdf.to_vec();
    let obj_at = out.len();
    out.extend_from_slice(format!("{} {} obj\n{body}\nendobj\n", id.0, id.1).as_bytes());
    let xref_at = out.len();
    out.extend_from_slice(
        format!(
            "xref\n{} 1\n{obj_at:010} {:05} n\r\ntrailer\n<</Size {} /Root {} {} R /Prev {prev}>>\nstartxref\n{xref_at}\n%%EOF\n",
            id.0,
            id.1,
            size.max(i64::from(id.0) + 1),
            root.0,
            root.1
        )
        .as_bytes(),
    );
    out
}
