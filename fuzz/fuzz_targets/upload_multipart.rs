//! The multipart reader of uploads: any body gives a file or a coded
//! refusal, never a panic, and leaves no temporary file behind.
#![no_main]

use std::sync::OnceLock;

struct Fixture {
    runtime: tokio::runtime::Runtime,
    blobs: kyhop_docs::blobs::BlobStore,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("temporary directory");
        let blobs = runtime
            .block_on(kyhop_docs::blobs::BlobStore::open(dir.path().join("blobs")))
            .expect("blob store");
        Fixture {
            runtime,
            blobs,
            _dir: dir,
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let fixture = fixture();
    let content_type = "multipart/form-data; boundary=kyhop";
    let _ = fixture.runtime.block_on(kyhop_server::http::read_upload_body(
        &fixture.blobs,
        content_type,
        data.to_vec(),
    ));
    let incoming = fixture._dir.path().join("blobs/incoming");
    let left = std::fs::read_dir(incoming).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "a temporary file stayed behind");
});
