//! The `kyhop` subcommands that are more than a call into the server crate.

pub mod archive;
pub mod demo;
pub mod demo_documents;
pub mod demo_export;
pub mod loadtest;
pub mod migrate;
pub mod poll_verify;
pub mod sign;
