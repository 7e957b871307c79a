//! What an uploaded PDF is (the bounded child's reading): never a panic
//! that escapes, whatever the bytes. `pdf-extract` panics by design and
//! the reader catches it, so panics inside are silenced as in production;
//! one that reaches here is a finding.
#![no_main]

use std::sync::Once;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let _ = kyhop_docs::pdf::inspect_bytes(data);
});
