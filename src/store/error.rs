use crate::domain::text::ValidationError;

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
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
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

impl From<sqlx::Error> for StoreError {
    /// Constraint violations become the client's errors; everything else is ours.
    fn from(e: sqlx::Error) -> Self {
        if let Some(db) = e.as_database_error() {
            if db.is_unique_violation() {
                return StoreError::Duplicate(format!(
                    "already exists: {}",
                    unique_columns(db.message())
                ));
            }
            // ON DELETE RESTRICT fails with SQLITE_CONSTRAINT_TRIGGER, not
            // SQLITE_CONSTRAINT_FOREIGNKEY, so the message is the reliable sign.
            if db.is_foreign_key_violation()
                || db.message().contains("FOREIGN KEY constraint failed")
            {
                return StoreError::InUse("other records still refer to it".into());
            }
            if db.is_check_violation() {
                return StoreError::InvalidState(format!(
                    "rejected by a rule of the data model: {}",
                    db.message()
                ));
            }
        }
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound("record"),
            other => StoreError::Database(other),
        }
    }
}

/// "UNIQUE constraint failed: terms.council_id, terms.name" → "terms.name".
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

impl From<crate::domain::UnknownVariant> for StoreError {
    fn from(e: crate::domain::UnknownVariant) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}
