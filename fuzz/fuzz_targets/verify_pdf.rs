//! The signature verifier behind `/api/verify`: any bytes give a report or
//! a refusal, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = kyhop_docs::sign::verify_pdf(data, &[]);
});
