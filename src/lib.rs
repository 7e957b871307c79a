//! KyHop: paperless council sessions (kỳ họp không giấy).
//!
//! The core library: the council's data model, storage, the event log, the
//! live channel and the HTTP API. The `kyhop` binary and the desktop shell are
//! thin layers over it.
#![forbid(unsafe_code)]

pub mod audit;
pub mod auth;
pub mod blobs;
pub mod client;
pub mod demo;
pub mod demo_export;
pub mod domain;
pub mod events;
pub mod gateway;
pub mod http;
pub mod issuing;
pub mod live;
pub mod loadtest;
pub mod minutes;
pub mod pairing;
pub mod pdf;
pub mod server;
pub mod sign;
pub mod signing_cli;
pub mod speech_clock;
pub mod store;
pub mod tls;
