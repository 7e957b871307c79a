//! No code: a dependency of the root crate and of the desktop crate, managed
//! by `cargo hakari` (`.config/hakari.toml`), that names every third-party
//! crate with the union of the features the workspace uses. `cargo test` at
//! the root and `cargo build -p kyhop-desktop` then build those crates
//! once, alike, instead of twice with different features.
//! After adding or changing a dependency: `cargo hakari generate`.
#![forbid(unsafe_code)]
