//! Why a rule of the council says no. Every backend reports these the same
//! way, because the rules are decided here and not in a store.

use crate::text::ValidationError;

/// A refusal by a rule of the council.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The record is not in a state that allows the step (`invalid_state`).
    #[error("{0}")]
    InvalidState(String),
    /// A refusal with its own stable code, e.g. `already_voted`.
    #[error("{message}")]
    Refused { code: &'static str, message: String },
    /// The request itself is malformed (`validation_failed`).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// A field names something that does not fit (`invalid_reference`).
    #[error("{field}: {message}")]
    InvalidReference {
        field: &'static str,
        message: String,
    },
}

impl Refusal {
    pub fn invalid_state(message: impl Into<String>) -> Self {
        Refusal::InvalidState(message.into())
    }

    pub fn invalid_reference(field: &'static str, message: impl Into<String>) -> Self {
        Refusal::InvalidReference {
            field,
            message: message.into(),
        }
    }

    pub fn refused(code: &'static str, message: impl Into<String>) -> Self {
        Refusal::Refused {
            code,
            message: message.into(),
        }
    }
}

/// Whether `order` lists every one of `members` exactly once.
pub fn same_members(members: &[i64], order: &[i64]) -> bool {
    let mut a = members.to_vec();
    let mut b = order.to_vec();
    a.sort_unstable();
    b.sort_unstable();
    a == b
}
