//! Every input kept in `tests/fuzz/<target>/` — what `scripts/fuzz.sh`
//! found, and hand-made hostile inputs — replayed through the same entry
//! the fuzz target drives: a refusal or an answer, never a panic, and no
//! temporary file left behind.

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target);
    let mut found: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no inputs in {}", dir.display());
    found
}

#[test]
fn pdf_reader_inputs() {
    for (path, bytes) in inputs("inspect_pdf") {
        // As in the bounded child: pdf-extract's panics are caught inside.
        let outcome = std::panic::catch_unwind(|| kyhop_docs::pdf::inspect_bytes(&bytes));
        assert!(outcome.is_ok(), "{} panicked", path.display());
    }
}

#[test]
fn signature_verifier_inputs() {
    for (path, bytes) in inputs("verify_pdf") {
        let outcome = std::panic::catch_unwind(|| kyhop_docs::sign::verify_pdf(&bytes, &[]));
        assert!(outcome.is_ok(), "{} panicked", path.display());
    }
}

#[tokio::test]
async fn upload_reader_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let blobs = kyhop_docs::blobs::BlobStore::open(dir.path().join("blobs"))
        .await
        .unwrap();
    for (path, bytes) in inputs("upload_multipart") {
        let outcome = kyhop_server::http::read_upload_body(
            &blobs,
            "multipart/form-data; boundary=kyhop",
            bytes,
        )
        .await;
        if let Err(code) = outcome {
            assert!(
                !code.is_empty() && code != "internal",
                "{}: {code}",
                path.display()
            );
        }
        let left = std::fs::read_dir(dir.path().join("blobs/incoming"))
            .unwrap()
            .count();
        assert_eq!(left, 0, "{}: a temporary file stayed", path.display());
    }
}
