#![forbid(unsafe_code)]
fn main() {
    tauri_build::build()
}
