//! Encrypting a secret ballot on receipt.

use elastic_elgamal::app::{ChoiceParams, EncryptedChoice, MultiChoice, SingleChoice};
use elastic_elgamal::PublicKey;
use kyhop_domain::{ChoiceGroup, Counter, SealedBallot};
use serde::{Deserialize, Serialize};

use crate::{Group, TallyError};

/// One group of a ballot, encrypted: one ciphertext per counter of the
/// group with the proofs that fit the group (every ciphertext 0 or 1, and
/// for a one-mark group their sum 1).
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum GroupCiphertexts {
    ExactlyOne(EncryptedChoice<Group, SingleChoice>),
    AnyNumber(EncryptedChoice<Group, MultiChoice>),
}

impl GroupCiphertexts {
    pub(crate) fn ciphertexts(&self) -> &[elastic_elgamal::Ciphertext<Group>] {
        match self {
            GroupCiphertexts::ExactlyOne(c) => c.choices_unchecked(),
            GroupCiphertexts::AnyNumber(c) => c.choices_unchecked(),
        }
    }

    /// Checks the proofs against the poll's public key and the group's shape.
    pub(crate) fn verify(&self, key: &PublicKey<Group>, group: &ChoiceGroup) -> Result<(), String> {
        let n = group.counters.len();
        match (self, group.exactly_one) {
            (GroupCiphertexts::ExactlyOne(c), true) => c
                .verify(&ChoiceParams::single(key.clone(), n))
                .map(|_| ())
                .map_err(|e| e.to_string()),
            (GroupCiphertexts::AnyNumber(c), false) => c
                .verify(&ChoiceParams::multi(key.clone(), n))
                .map(|_| ())
                .map_err(|e| e.to_string()),
            _ => Err("a group of the wrong kind".into()),
        }
    }
}

/// A ballot's groups as stored.
pub(crate) type BallotCiphertexts = Vec<GroupCiphertexts>;

/// Reads a stored ballot and checks it has the layout's shape (not its proofs).
pub(crate) fn read(
    sealed: &SealedBallot,
    layout: &[ChoiceGroup],
) -> Result<BallotCiphertexts, TallyError> {
    let groups: BallotCiphertexts = serde_json::from_slice(&sealed.0)
        .map_err(|e| TallyError::Corrupt(format!("a stored ballot cannot be read: {e}")))?;
    let fits = groups.len() == layout.len()
        && groups
            .iter()
            .zip(layout)
            .all(|(g, l)| g.ciphertexts().len() == l.counters.len());
    if fits {
        Ok(groups)
    } else {
        Err(TallyError::Corrupt(
            "a stored ballot does not fit the poll's layout".into(),
        ))
    }
}

/// Encrypts ballots of one open poll under its public key.
pub struct BallotSealer {
    key: PublicKey<Group>,
    layout: Vec<ChoiceGroup>,
}

impl BallotSealer {
    pub fn new(public_key: &[u8], layout: Vec<ChoiceGroup>) -> Result<Self, TallyError> {
        let key = PublicKey::from_bytes(public_key)
            .map_err(|e| TallyError::Corrupt(format!("the poll's public key: {e}")))?;
        Ok(Self { key, layout })
    }

    /// The ballot that adds one to `counters` (the domain's
    /// [`kyhop_domain::Poll::counters`] of an admitted ballot), encrypted
    /// with proofs. Every ballot of a poll has the same length, whatever
    /// its choice.
    pub fn seal(&self, counters: &[Counter]) -> SealedBallot {
        let mut rng = rand::rngs::OsRng;
        let groups: BallotCiphertexts = self
            .layout
            .iter()
            .map(|group| {
                let marks = group.marks(counters);
                let n = marks.len();
                if group.exactly_one {
                    GroupCiphertexts::ExactlyOne(EncryptedChoice::new(
                        &ChoiceParams::single(self.key.clone(), n),
                        &marks,
                        &mut rng,
                    ))
                } else {
                    GroupCiphertexts::AnyNumber(EncryptedChoice::new(
                        &ChoiceParams::multi(self.key.clone(), n),
                        &marks,
                        &mut rng,
                    ))
                }
            })
            .collect();
        SealedBallot(serde_json::to_vec(&groups).expect("ciphertexts serialise"))
    }
}
