//! Use cases: what the server does for a request, beyond loading and saving
//! one record — several stores and files in one step, and the background
//! work (the speech clock, reading scanned pages).

pub mod backup;
pub mod counting_key;
pub mod filing;
pub mod issuing;
pub mod metrics;
pub mod minutes;
pub mod pairing;
pub mod papers;
pub mod pki_http;
pub mod recognition;
pub mod speech_clock;
pub mod throttle;
