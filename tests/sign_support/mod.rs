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
    let out = Command::new(cmd)
        .args(args)
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
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
    let py = need("pyhanko");
    run(
        &py,
        &[
            "sign",
            "validate",
            "--pretty-print",
            "--trust",
            root_pem.to_str().unwrap(),
            "--trust-replace",
            pdf.to_str().unwrap(),
        ],
    )
}

pub fn pdfsig(pdf: &Path) -> Run {
    let t = need("pdfsig");
    run(&t, &[pdf.to_str().unwrap()])
}

pub fn qpdf_check(pdf: &Path) -> Run {
    let t = need("qpdf");
    run(&t, &["--check", pdf.to_str().unwrap()])
}
