//! The secret count as every backend applies it inside its transactions:
//! a poll key made and sealed when a secret poll is prepared (so that its
//! ballots can be encrypted ahead before it opens), checked against the
//! counting key when it opens, and the totals counted from ciphertexts
//! when it closes. The cryptography is `kyhop_tally`'s; this module only
//! decides when each step may run, and names what went wrong with stable
//! codes.

use kyhop_domain::{Poll, PollKind, SealedBallot};
use kyhop_tally::TallyError;
pub use kyhop_tally::{
    public_key_text, Counted, CountingKey, EncryptedSum, PollKey, SealedPollKey,
};

use crate::{Result, StoreError};

fn unavailable() -> StoreError {
    StoreError::refused(
        "counting_key_unavailable",
        "the server cannot read its counting key (see the server log); a secret poll can neither be prepared, open nor be counted without it, and nothing was changed",
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

/// The key a new poll is prepared with: a new one for a secret poll, none
/// for a named poll.
pub fn new_key(
    kind: PollKind,
    poll_id: i64,
    counting: Option<&CountingKey>,
) -> Result<Option<SealedPollKey>> {
    if !kind.is_secret() {
        return Ok(None);
    }
    let counting = counting.ok_or_else(unavailable)?;
    Ok(Some(SealedPollKey::generate(counting, poll_id)))
}

/// What a secret poll opens with: its prepared key, which the counting key
/// must open (a poll prepared under another key file is refused: ballots
/// may already be encrypted under its key); a new key only for a poll
/// prepared before keys were made at preparation. `pending` are the
/// counting key ids of secret polls still open: a key file that could not
/// count them is refused here rather than at their close. Returns the new
/// key when one was made.
pub fn key_at_open(
    poll: &Poll,
    prepared: Option<&SealedPollKey>,
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
    match prepared {
        Some(key) => {
            // Opens it, or names the key file it needs.
            key.open(counting, poll.id)?;
            Ok(None)
        }
        None => new_key(poll.kind, poll.id, Some(counting)),
    }
}

/// Counts a secret poll at its close from its stored key and ballots
/// (`running`: their sum as the ballot box kept it, used when it holds
/// every one of them).
pub fn count(
    poll: &Poll,
    key: &SealedPollKey,
    counting: Option<&CountingKey>,
    ballots: &[SealedBallot],
    running: Option<&EncryptedSum>,
) -> Result<Counted> {
    let counting = counting.ok_or_else(unavailable)?;
    let opened = key.open(counting, poll.id)?;
    Ok(kyhop_tally::count(poll, &opened, ballots, running)?)
}
