//! The secret count as every backend applies it inside its transactions:
//! a poll key made and sealed when a secret poll opens, the totals counted
//! from ciphertexts when it closes. The cryptography is `kyhop_tally`'s;
//! this module only decides when each step may run, and names what went
//! wrong with stable codes.

use kyhop_domain::{Poll, SealedBallot};
use kyhop_tally::TallyError;
pub use kyhop_tally::{public_key_text, Counted, CountingKey, PollKey, SealedPollKey};

use crate::{Result, StoreError};

fn unavailable() -> StoreError {
    StoreError::refused(
        "counting_key_unavailable",
        "the server cannot read its counting key (see the server log); a secret poll can neither open nor be counted without it, and nothing was changed",
    )
}

impl From<TallyError> for StoreError {
    fn from(e: TallyError) -> Self {
        match e {
            TallyError::WrongCountingKey { .. } => StoreError::refused(
                "counting_key_wrong",
                format!("{e}; restore the counting key file the poll was opened with; nothing was changed"),
            ),
            TallyError::BadCountingKey(_) => unavailable(),
            TallyError::Corrupt(m) | TallyError::Rejected(m) => StoreError::Corrupt(m),
        }
    }
}

/// The sealed key a poll opens with: a new one for a secret poll, none for
/// a named poll. `pending` are the counting key ids of secret polls still
/// open: a key file that could not count them is refused here rather than
/// at their close.
pub fn open_key(
    poll: &Poll,
    counting: Option<&CountingKey>,
    pending: &[String],
) -> Result<Option<SealedPollKey>> {
    if !poll.kind.is_secret() {
        return Ok(None);
    }
    let counting = counting.ok_or_else(unavailable)?;
    if let Some(other) = pending.iter().find(|id| **id != counting.id()) {
        return Err(TallyError::WrongCountingKey {
            expected: other.clone(),
            actual: counting.id(),
        }
        .into());
    }
    Ok(Some(SealedPollKey::generate(counting, poll.id)))
}

/// Counts a secret poll at its close from its stored key and ballots.
pub fn count(
    poll: &Poll,
    key: &SealedPollKey,
    counting: Option<&CountingKey>,
    ballots: &[SealedBallot],
) -> Result<Counted> {
    let counting = counting.ok_or_else(unavailable)?;
    let opened = key.open(counting, poll.id)?;
    Ok(kyhop_tally::count(poll, &opened, ballots)?)
}
