//! The KyHop server: the HTTP API (`http`), the use cases behind it
//! (`services`), start-up and shut-down (`startup`), the host's TLS identity
//! (`tls`) and the embedded web UI (`ui`). It is the composition root: it
//! picks the store backend and hands it to the handlers as `dyn Store`.
#![forbid(unsafe_code)]

pub mod auth;
pub mod connections;
pub mod demo_authorities;
pub mod demo_keys;
pub mod http;
pub mod inspect;
pub mod private_file;
pub mod proxy;
pub mod services;
pub mod startup;
pub mod tls;
pub mod ui;
