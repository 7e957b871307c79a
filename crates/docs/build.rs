#![forbid(unsafe_code)]
//! Compresses the shipped PDF fonts into `OUT_DIR` (the binary carries them
//! gzipped; `src/pdf/fonts.rs` inflates a face the first time it is used).

use std::io::Write;
use std::path::Path;

/// The fonts `src/pdf/fonts.rs` compiles in, from the repository's `assets/fonts/`.
const FONTS: &[&str] = &[
    "LiberationSerif-Regular.ttf",
    "LiberationSerif-Bold.ttf",
    "LiberationSerif-Italic.ttf",
    "LiberationSerif-BoldItalic.ttf",
];

fn main() {
    pack_fonts();
}

fn pack_fonts() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    for font in FONTS {
        let source = Path::new("../../assets/fonts").join(font);
        println!("cargo:rerun-if-changed={}", source.display());
        let bytes =
            std::fs::read(&source).unwrap_or_else(|e| panic!("reading {}: {e}", source.display()));
        let mut packed = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        packed
            .write_all(&bytes)
            .and_then(|()| packed.try_finish())
            .unwrap_or_else(|e| panic!("compressing {font}: {e}"));
        let target = Path::new(&out).join(format!("{font}.gz"));
        std::fs::write(&target, packed.get_ref())
            .unwrap_or_else(|e| panic!("writing {}: {e}", target.display()));
    }
}
