//! KyHop's store on an SQL database: SQLite (one file, for one chamber) or
//! PostgreSQL (several server instances, for a province's councils).
//!
//! The loads and saves are written once (`src/shared`) and compiled inside
//! each backend module, which supplies its dialect: the database types,
//! how times are kept, how a write transaction begins, and full-text
//! search. The rules of the council are not here: they are pure functions
//! of `kyhop_domain`, called between a load and a save.

#![forbid(unsafe_code)]

pub mod backup;
pub mod postgres;
pub mod sqlite;
pub mod transfer;

use std::sync::Arc;

use kyhop_store::{Result, Store, StoreError};

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// The store a database URL names: `sqlite://…` (a file) or
/// `postgres://…` / `postgresql://…` (a server).
#[derive(Clone)]
pub enum Database {
    Sqlite(Arc<SqliteStore>),
    Postgres(Arc<PgStore>),
}

impl Database {
    /// Opens the database at `url`, creating an SQLite file if needed, and
    /// brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self> {
        Ok(match Backend::of(url)? {
            Backend::Sqlite => Self::Sqlite(Arc::new(SqliteStore::open(url).await?)),
            Backend::Postgres => Self::Postgres(PgStore::open(url).await?),
        })
    }

    /// Opens a database that must already exist (an SQLite file is not
    /// created; a PostgreSQL database never is).
    pub async fn open_existing(url: &str) -> Result<Self> {
        Ok(match Backend::of(url)? {
            Backend::Sqlite => Self::Sqlite(Arc::new(SqliteStore::open_existing(url).await?)),
            Backend::Postgres => Self::Postgres(PgStore::open(url).await?),
        })
    }

    /// The store, for the server and the commands.
    pub fn store(&self) -> Arc<dyn Store> {
        match self {
            Self::Sqlite(s) => s.clone(),
            Self::Postgres(s) => s.clone(),
        }
    }

    /// Waits for the last writes and closes the connections.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(s) => s.close().await,
            Self::Postgres(s) => s.close().await,
        }
    }
}

impl AsRef<dyn Store> for Database {
    fn as_ref(&self) -> &(dyn Store + 'static) {
        match self {
            Self::Sqlite(s) => s.as_ref(),
            Self::Postgres(s) => s.as_ref(),
        }
    }
}

enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    fn of(url: &str) -> Result<Self> {
        let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
        match scheme {
            "sqlite" => Ok(Self::Sqlite),
            "postgres" | "postgresql" => Ok(Self::Postgres),
            _ => Err(StoreError::backend(
                "the database URL must begin with sqlite:// or postgres://",
            )),
        }
    }
}

/// `url` with its password hidden, for messages and logs:
/// `postgres://kyhop:secret@db/kyhop` → `postgres://kyhop:***@db/kyhop`.
/// What a failed migration means to whoever runs the server: above all, a
/// database a later release has migrated further (sqlx names the first
/// applied migration it does not know) is refused by name, untouched.
pub(crate) fn migration_error(
    error: sqlx::migrate::MigrateError,
    migrator: &sqlx::migrate::Migrator,
) -> StoreError {
    let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    match error {
        sqlx::migrate::MigrateError::VersionMissing(found) if found > known => {
            StoreError::NewerSchema {
                found,
                known,
                release: env!("CARGO_PKG_VERSION"),
            }
        }
        other => StoreError::backend(other),
    }
}

pub fn redacted_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::redacted_url;

    #[test]
    fn a_password_never_reaches_a_message() {
        assert_eq!(
            redacted_url("postgres://kyhop:s3cr:et@db.tinh.vn:5432/kyhop?sslmode=require"),
            "postgres://kyhop:***@db.tinh.vn:5432/kyhop?sslmode=require"
        );
        assert_eq!(
            redacted_url("postgres://kyhop@127.0.0.1/kyhop"),
            "postgres://kyhop@127.0.0.1/kyhop"
        );
        assert_eq!(
            redacted_url("sqlite:///var/lib/kyhop/kyhop.db"),
            "sqlite:///var/lib/kyhop/kyhop.db"
        );
        // A password with an @ in it (percent-encoding forgotten) is hidden whole.
        assert_eq!(
            redacted_url("postgres://kyhop:p@ss@db/kyhop"),
            "postgres://kyhop:***@db/kyhop"
        );
    }
}
