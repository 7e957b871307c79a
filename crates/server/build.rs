#![forbid(unsafe_code)]
//! Builds the web UI (`ui/` → `ui/dist`) when it is missing or older than
//! its sources, so that `cargo run -- demo` on a fresh clone serves it and
//! release binaries embed it (the server crate embeds it, so only it builds it). Needs Node.js and npm; set
//! `KYHOP_SKIP_UI_BUILD=1` to build the server without them (it then
//! serves whatever `ui/dist` holds, possibly nothing).

use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

/// What the UI is built from.
const SOURCES: &[&str] = &[
    "../../ui/src",
    "../../ui/public",
    "../../ui/index.html",
    "../../ui/package.json",
    "../../ui/package-lock.json",
    "../../ui/vite.config.ts",
    "../../ui/svelte.config.js",
    "../../ui/tsconfig.json",
];

fn main() {
    for source in SOURCES {
        println!("cargo:rerun-if-changed={source}");
    }
    println!("cargo:rerun-if-env-changed=KYHOP_SKIP_UI_BUILD");
    let ui = Path::new("../../ui");
    // The server embeds the gzip copies the UI build writes beside its files.
    let built = ui.join("dist/index.html.gz");
    if std::env::var_os("KYHOP_SKIP_UI_BUILD").is_some() {
        ensure_dir(&ui.join("dist"));
        return;
    }
    let newest_source = SOURCES.iter().filter_map(|s| newest(Path::new(s))).max();
    let up_to_date = match (modified(&built), newest_source) {
        (Some(built), Some(source)) => built >= source,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if up_to_date {
        return;
    }
    let installed = ui.join("node_modules/.package-lock.json");
    if modified(&installed) < modified(&ui.join("package-lock.json")) {
        npm(ui, &["ci", "--no-audit", "--no-fund"]);
    }
    npm(ui, &["run", "build"]);
}

fn npm(dir: &Path, args: &[&str]) {
    let status = Command::new("npm").args(args).current_dir(dir).status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("npm {} failed in ui/ ({s}); KYHOP_SKIP_UI_BUILD=1 skips the UI", args.join(" ")),
        Err(e) => panic!("cannot run npm ({e}): install Node.js 20, or set KYHOP_SKIP_UI_BUILD=1 to build without the UI"),
    }
}

fn ensure_dir(dir: &Path) {
    if let Err(e) = std::fs::create_dir_all(dir) {
        panic!("creating {}: {e}", dir.display());
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The newest modification time of a file, or of any file below a directory.
fn newest(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    let entries = std::fs::read_dir(path).ok()?;
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| newest(&p))
        .max()
}
