//! The `kyhop` command's library: the commands other than `serve` (the demo
//! council, its export, the load test, signing and verifying PDFs) and the
//! small API client the load test and the integration tests share.
#![forbid(unsafe_code)]

pub mod client;
pub mod commands;
pub mod config_file;
