//! KyHop's integration tests, one test binary: the real `kyhop` binary on
//! loopback, real SQLite files and PostgreSQL clusters, real PDF validators.
//! Each file beside this one is one area (`cargo test --test integration
//! backup::` runs one).
//!
//! One binary rather than one per file: each would link the whole server
//! and the harness again (about 50 MB and a link step apiece), which made
//! a clean build's target directory outgrow CI's disk. Binaries of their own
//! in `tests/` stay for tests that need their process to themselves: those
//! that set its environment before a library reads it (the keyring, the
//! PKCS#11 token, mDNS discovery); those that stop the process's PostgreSQL
//! cluster or read all of its files (`postgres`, `secrecy_postgres`,
//! `secrecy_files`: other tests' databases would be cut off, or read as
//! theirs); and backup under load, which measures ballot latency with
//! nothing beside it (cargo runs test binaries one after another).
//!
//! What one process shares, tests here must leave alone: the environment,
//! the working directory, and the umask (a server started in process, as
//! the gateway tests do, sets 077 for the whole process).

#[path = "../common/mod.rs"]
mod common;
#[path = "../images/mod.rs"]
mod images;
#[path = "../scans/mod.rs"]
mod scans;
#[path = "../sign_support/mod.rs"]
mod sign_support;

mod administration;
mod audit;
mod backup;
mod bad_input;
mod config_file;
mod connect_storm;
mod crash;
mod demo;
mod documents;
mod fuzz_regressions;
mod gateway;
mod hostile_network;
mod instances;
mod instances_nginx;
mod issuing;
mod live;
mod metrics;
mod migrate;
mod openapi;
mod package;
mod pairing_insider;
mod pdf_inspect;
mod permissions;
mod present_at_opening;
mod recognition;
mod resolutions;
mod restart;
mod secret_count;
mod sign_in;
mod signature_images;
mod signing;
mod signing_long_term;
mod signing_pkcs12;
mod signing_timestamps;
mod sitting;
mod snapshot_voter;
mod time_zone;
mod ui;
mod upgrade;
