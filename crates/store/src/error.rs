use kyhop_domain::text::ValidationError;
use kyhop_domain::Refusal;

/// Why a pairing code was not accepted. Codes are random and single-use, so
/// telling which case applies does not help a guesser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PairingError {
    #[error("this pairing code does not exist")]
    Unknown,
    #[error("this pairing code has expired; ask the secretariat for a new card")]
    Expired,
    #[error("this pairing code has already been used; ask the secretariat for a new card")]
    Used,
    #[error("this pairing code was replaced by a newer card")]
    Replaced,
    #[error("this card was printed during the session and works once the chair has confirmed it")]
    AwaitsChair,
    #[error("this account is disabled; ask the administrator")]
    AccountDisabled,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Duplicate(String),
    #[error("{0}")]
    InUse(String),
    #[error("{field}: {message}")]
    InvalidReference {
        field: &'static str,
        message: String,
    },
    #[error("{0}")]
    InvalidState(String),
    /// A refusal with its own stable code, e.g. `already_voted`.
    #[error("{message}")]
    Refused { code: &'static str, message: String },
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error(transparent)]
    Pairing(#[from] PairingError),
    /// A stored value the code cannot read: hand-edited or newer data.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// The database cannot be reached now (connection refused or lost, no
    /// free connection in time, the server shutting down): nothing was
    /// done; the same request may be tried again.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// The database was migrated by a later release than this one: it is
    /// left untouched rather than served by code that does not know its
    /// tables.
    #[error(
        "the database was made by a newer KyHop: it has schema migration {found}, \
         this KyHop ({release}) knows migrations up to {known}. Run that newer release, \
         or restore a backup made before the upgrade"
    )]
    NewerSchema {
        found: i64,
        known: i64,
        release: &'static str,
    },
    /// The backend failed (I/O, migration, a query): the server's fault,
    /// not the client's.
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    pub fn refused(code: &'static str, message: impl Into<String>) -> Self {
        StoreError::Refused {
            code,
            message: message.into(),
        }
    }

    pub fn invalid_reference(field: &'static str, message: impl Into<String>) -> Self {
        StoreError::InvalidReference {
            field,
            message: message.into(),
        }
    }
}

impl StoreError {
    /// A failure of the backend itself.
    pub fn backend(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        StoreError::Backend(e.into())
    }
}

#[cfg(feature = "sqlx")]
impl From<sqlx::Error> for StoreError {
    /// Constraint violations become the client's errors; everything else is
    /// ours. Classified by sqlx's backend-neutral error kind, so every SQL
    /// backend maps them alike.
    fn from(e: sqlx::Error) -> Self {
        use sqlx::error::ErrorKind;
        if let Some(db) = e.as_database_error() {
            match db.kind() {
                ErrorKind::UniqueViolation => {
                    let what = db
                        .constraint()
                        .map(str::to_owned)
                        .unwrap_or_else(|| unique_columns(db.message()));
                    return StoreError::Duplicate(format!("already exists: {what}"));
                }
                ErrorKind::ForeignKeyViolation => {
                    return StoreError::InUse("other records still refer to it".into());
                }
                ErrorKind::CheckViolation => {
                    return StoreError::InvalidState(format!(
                        "rejected by a rule of the data model: {}",
                        db.message()
                    ));
                }
                _ => {}
            }
        }
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound("record"),
            other if unavailable(&other) => StoreError::Unavailable(other.to_string()),
            other => StoreError::backend(other),
        }
    }
}

/// Whether `e` says the database cannot be reached, rather than that a
/// query failed: no connection (refused, lost, none free in time), or the
/// server refusing work while it starts or stops (SQLSTATE class 08,
/// connection exception; 57P01–57P03, an administrator's or a crash's
/// shutdown, or not accepting connections yet).
#[cfg(feature = "sqlx")]
fn unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

/// The columns a unique violation names when the backend gives no
/// constraint name (SQLite: "UNIQUE constraint failed: terms.council_id,
/// terms.name" → "terms.name"), without the scoping columns.
#[cfg(feature = "sqlx")]
fn unique_columns(message: &str) -> String {
    message
        .rsplit(':')
        .next()
        .unwrap_or(message)
        .split(',')
        .map(str::trim)
        .filter(|c| {
            !c.ends_with("council_id") && !c.ends_with("session_id") && !c.ends_with("term_id")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The council's rules refuse in the domain; the API answers the same.
impl From<Refusal> for StoreError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::InvalidState(message) => StoreError::InvalidState(message),
            Refusal::Refused { code, message } => StoreError::Refused { code, message },
            Refusal::Invalid(e) => StoreError::Invalid(e),
            Refusal::InvalidReference { field, message } => {
                StoreError::InvalidReference { field, message }
            }
        }
    }
}

impl From<kyhop_domain::UnknownVariant> for StoreError {
    fn from(e: kyhop_domain::UnknownVariant) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}
