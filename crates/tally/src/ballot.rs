//! Encrypting a secret ballot on receipt.
//!
//! Encryption with its proofs costs about a millisecond of CPU per ballot
//! (dozens of curve multiplications), and a chamber's ballots arrive all at
//! once. So the one-mark groups of a ballot (a yes/no/abstain choice, one
//! official's rating) are encrypted ahead of time, while the poll waits to
//! open, for each possible choice: a ballot then takes a ready group for
//! its choice, used once. Ready groups live only in this process's memory
//! (a group says which choice it holds until it is taken) and are dropped
//! with the poll's sealer. Groups that may hold any number of marks (an
//! election's candidates) are encrypted on receipt.

use std::sync::Mutex;

use elastic_elgamal::app::{ChoiceParams, EncryptedChoice, MultiChoice, SingleChoice};
use elastic_elgamal::{Ciphertext, PublicKey};
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
    pub(crate) fn ciphertexts(&self) -> &[Ciphertext<Group>] {
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

    fn encrypt(key: &PublicKey<Group>, group: &ChoiceGroup, marks: &[bool]) -> Self {
        let mut rng = rand::rngs::OsRng;
        let n = marks.len();
        if group.exactly_one {
            GroupCiphertexts::ExactlyOne(EncryptedChoice::new(
                &ChoiceParams::single(key.clone(), n),
                marks,
                &mut rng,
            ))
        } else {
            GroupCiphertexts::AnyNumber(EncryptedChoice::new(
                &ChoiceParams::multi(key.clone(), n),
                marks,
                &mut rng,
            ))
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

/// Ciphertexts added counter by counter: what the close decrypts. Adding
/// ballots' sums as they are committed spares the close reading them all.
#[derive(Clone)]
pub struct EncryptedSum {
    pub(crate) per_counter: Vec<Ciphertext<Group>>,
    /// How many ballots went in.
    pub ballots: u64,
}

impl EncryptedSum {
    pub fn zero(counters: usize) -> Self {
        Self {
            per_counter: vec![Ciphertext::zero(); counters],
            ballots: 0,
        }
    }

    /// How many counters it sums.
    pub fn per_counter_len(&self) -> usize {
        self.per_counter.len()
    }

    pub fn add(&mut self, other: &EncryptedSum) {
        for (sum, c) in self.per_counter.iter_mut().zip(&other.per_counter) {
            *sum += *c;
        }
        self.ballots += other.ballots;
    }

    pub(crate) fn of(ballots: &[BallotCiphertexts], counters: usize) -> Self {
        let mut sum = Self::zero(counters);
        for ballot in ballots {
            let each = ballot.iter().flat_map(|g| g.ciphertexts().iter());
            for (s, c) in sum.per_counter.iter_mut().zip(each) {
                *s += *c;
            }
            sum.ballots += 1;
        }
        sum
    }
}

/// A ballot as encrypted on receipt: the bytes to store, and its
/// ciphertexts for the running sum (which never leave memory).
pub struct Sealed {
    pub ballot: SealedBallot,
    pub sum: EncryptedSum,
}

/// A group encrypted ahead of time: its stored form and its ciphertexts.
struct Ready {
    json: Vec<u8>,
    ciphertexts: Vec<Ciphertext<Group>>,
}

impl Ready {
    fn new(group: GroupCiphertexts) -> Self {
        Self {
            json: serde_json::to_vec(&group).expect("ciphertexts serialise"),
            ciphertexts: group.ciphertexts().to_vec(),
        }
    }
}

/// Encrypts ballots of one secret poll under its public key.
pub struct BallotSealer {
    key: PublicKey<Group>,
    layout: Vec<ChoiceGroup>,
    /// Per group of the layout (empty for any-number groups), per choice:
    /// groups encrypted ahead.
    ready: Vec<Vec<Mutex<Vec<Ready>>>>,
}

impl BallotSealer {
    pub fn new(public_key: &[u8], layout: Vec<ChoiceGroup>) -> Result<Self, TallyError> {
        let key = PublicKey::from_bytes(public_key)
            .map_err(|e| TallyError::Corrupt(format!("the poll's public key: {e}")))?;
        let ready = layout
            .iter()
            .map(|g| {
                if g.exactly_one {
                    g.counters.iter().map(|_| Mutex::new(Vec::new())).collect()
                } else {
                    Vec::new()
                }
            })
            .collect();
        Ok(Self { key, layout, ready })
    }

    /// How many groups each choice keeps ready so that `ballots` ballots
    /// find theirs, within a budget of three groups per ballot in all.
    pub fn ready_target(&self, ballots: usize) -> usize {
        let pools: usize = self.ready.iter().map(Vec::len).sum();
        if pools == 0 {
            return 0;
        }
        ballots.min(3 * ballots / pools.max(1)).max(1)
    }

    /// Encrypts one more group ahead for the choice that has fewest ready,
    /// if any has fewer than `target`. Returns false when all are full.
    /// Meant for a background thread, a call at a time.
    pub fn prepare_one(&self, target: usize) -> bool {
        let mut emptiest: Option<(usize, usize, usize)> = None;
        for (g, choices) in self.ready.iter().enumerate() {
            for (c, pool) in choices.iter().enumerate() {
                let n = pool.lock().map_or(usize::MAX, |p| p.len());
                if n < target && emptiest.is_none_or(|(_, _, m)| n < m) {
                    emptiest = Some((g, c, n));
                }
            }
        }
        let Some((g, c, _)) = emptiest else {
            return false;
        };
        let group = &self.layout[g];
        let marks: Vec<bool> = (0..group.counters.len()).map(|i| i == c).collect();
        let ready = Ready::new(GroupCiphertexts::encrypt(&self.key, group, &marks));
        if let Ok(mut pool) = self.ready[g][c].lock() {
            pool.push(ready);
        }
        true
    }

    /// The ballot that adds one to `counters` (the domain's
    /// [`kyhop_domain::Poll::counters`] of an admitted ballot), encrypted
    /// with proofs: from groups made ahead where there are, else now.
    /// Every ballot of a poll has the same length, whatever its choice.
    pub fn seal(&self, counters: &[Counter]) -> Sealed {
        let mut json = b"[".to_vec();
        let mut sum = EncryptedSum::zero(0);
        sum.ballots = 1;
        for (g, group) in self.layout.iter().enumerate() {
            let marks = group.marks(counters);
            let taken = marks
                .iter()
                .position(|&m| m)
                .filter(|_| group.exactly_one)
                .and_then(|c| self.ready[g][c].lock().ok()?.pop());
            let ready = taken
                .unwrap_or_else(|| Ready::new(GroupCiphertexts::encrypt(&self.key, group, &marks)));
            if g > 0 {
                json.push(b',');
            }
            json.extend_from_slice(&ready.json);
            sum.per_counter.extend(ready.ciphertexts);
        }
        json.push(b']');
        Sealed {
            ballot: SealedBallot(json),
            sum,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CountingKey, SealedPollKey};

    fn group(first: i64, n: usize, exactly_one: bool) -> ChoiceGroup {
        ChoiceGroup {
            counters: (first..first + n as i64).map(|o| (o, "")).collect(),
            exactly_one,
            max_marks: n as u32,
        }
    }

    #[test]
    fn groups_made_ahead_are_used_once_and_read_like_fresh_ones() {
        let key = SealedPollKey::generate(&CountingKey::generate(), 1);
        let layout = vec![group(1, 3, true), group(11, 2, false)];
        let sealer = BallotSealer::new(&key.public_key, layout.clone()).unwrap();
        assert_eq!(sealer.ready_target(10), 10);
        while sealer.prepare_one(2) {}
        let pooled: usize = sealer.ready[0]
            .iter()
            .map(|p| p.lock().unwrap().len())
            .sum();
        assert_eq!(
            pooled, 6,
            "two per choice of the one-mark group, none for the other"
        );
        let seal = |o: i64| sealer.seal(&[(o, ""), (11, "")]);
        let (a, b, c) = (seal(2), seal(2), seal(2));
        assert_eq!(
            sealer.ready[0][1].lock().unwrap().len(),
            0,
            "the two ready were taken"
        );
        for s in [&a, &b, &c] {
            let read = read(&s.ballot, &layout).unwrap();
            for (g, shape) in read.iter().zip(&layout) {
                g.verify(&PublicKey::from_bytes(&key.public_key).unwrap(), shape)
                    .unwrap();
            }
            assert_eq!(s.sum.per_counter.len(), 5);
        }
        assert_ne!(a.ballot, b.ballot, "a ready group is never used twice");
        assert_eq!(
            a.ballot.0.len(),
            c.ballot.0.len(),
            "made ahead or now, the same size"
        );
    }
}
