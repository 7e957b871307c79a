//! Counting a secret poll, and the verification record that lets anyone
//! check the count: every ciphertext (no voter, random order), the public
//! key, the totals and the proofs that the totals decrypt the sums.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use elastic_elgamal::{
    CandidateDecryption, DiscreteLogTable, LogEqualityProof, PublicKey, VerifiableDecryption,
};
use kyhop_domain::{ChoiceGroup, Poll, SealedBallot};
use merlin::Transcript;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::ballot::{read, BallotCiphertexts, EncryptedSum};
use crate::{b64, unb64, Group, PollKey, TallyError};

/// The record's format; `kyhop poll verify` reads this one.
pub const RECORD_FORMAT: &str = "kyhop-poll-verification/1";

/// One counter of the poll, in layout order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordCounter {
    pub option_id: i64,
    pub label: String,
    /// "high"/"medium"/"low"/"invalid" for an official; "" otherwise.
    pub rating: String,
}

/// One group of the layout: how many counters it spans, and its rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RecordGroup {
    counters: usize,
    exactly_one: bool,
    max_marks: u32,
}

#[derive(Clone, Serialize, Deserialize)]
struct TotalDecryption {
    decryption: CandidateDecryption<Group>,
    proof: LogEqualityProof<Group>,
}

/// A closed secret poll's verification record (JSON).
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerificationRecord {
    pub format: String,
    pub poll_id: i64,
    pub title: String,
    pub kind: String,
    /// The poll's public key (Ristretto, base64url).
    pub public_key: String,
    pub counters: Vec<RecordCounter>,
    groups: Vec<RecordGroup>,
    /// Every ballot as encrypted on receipt, with no voter, in random order.
    ballots: Vec<BallotCiphertexts>,
    /// The decrypted totals, one per counter.
    pub totals: Vec<u64>,
    /// Per counter: the decryption of the sum of its ciphertexts and the
    /// proof that it used the poll's private key.
    decryptions: Vec<TotalDecryption>,
}

/// What closing a secret poll produces.
pub struct Counted {
    /// Per counter of the layout, in order.
    pub totals: Vec<u64>,
    pub record: Vec<u8>,
    /// SHA-256 of `record`, as the minutes and the ballot-count report print it.
    pub record_sha256: String,
}

/// What checking a record found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verified {
    pub poll_id: i64,
    pub ballots: usize,
    pub counters: Vec<RecordCounter>,
    pub totals: Vec<u64>,
}

/// What a record says about its poll, apart from the ballots: bound into
/// every decryption proof, so that a record whose labels, kind, groups,
/// key or number of ballots were changed no longer verifies.
#[derive(Serialize)]
struct Header<'a> {
    format: &'a str,
    poll_id: i64,
    title: &'a str,
    kind: &'a str,
    public_key: &'a str,
    counters: &'a [RecordCounter],
    groups: &'a [RecordGroup],
    ballots: usize,
}

impl Header<'_> {
    fn digest(&self) -> [u8; 32] {
        Sha256::digest(serde_json::to_vec(self).expect("a header serialises")).into()
    }
}

/// The transcript a total's decryption proof is made in: bound to the
/// record's header and the counter, so that a proof cannot be moved to
/// another total or another record.
fn total_transcript(header: &[u8; 32], counter: usize) -> Transcript {
    let mut t = Transcript::new(b"kyhop poll total");
    t.append_message(b"header", header);
    t.append_message(b"counter", &(counter as u64).to_be_bytes());
    t
}

/// The groups a poll of `kind` has, as the domain lays them out: what a
/// record must show, whatever it says.
fn groups_fit_kind(kind: &str, groups: &[RecordGroup]) -> bool {
    match kind {
        "secret" => groups.len() == 1 && groups[0].exactly_one,
        "election" => groups.len() == 1 && !groups[0].exactly_one,
        "confidence" => {
            !groups.is_empty()
                && groups
                    .iter()
                    .all(|g| g.exactly_one && g.counters == kyhop_domain::RATINGS.len())
        }
        _ => false,
    }
}

/// The lookup from m·G back to m for totals up to `n`. It depends only on
/// the group, not on any key: built once per process (in the background
/// when a secret poll is prepared) and grown when a poll needs more.
pub fn totals_table(n: u64) -> Arc<DiscreteLogTable<Group>> {
    static TABLE: Mutex<Option<(u64, Arc<DiscreteLogTable<Group>>)>> = Mutex::new(None);
    let mut cached = TABLE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((up_to, table)) = cached.as_ref() {
        if *up_to >= n {
            return table.clone();
        }
    }
    let up_to = n.div_ceil(512).max(1) * 512;
    let table = Arc::new(DiscreteLogTable::new(0..=up_to));
    *cached = Some((up_to, table.clone()));
    table
}

fn groups_of(layout: &[ChoiceGroup]) -> Vec<RecordGroup> {
    layout
        .iter()
        .map(|g| RecordGroup {
            counters: g.counters.len(),
            exactly_one: g.exactly_one,
            max_marks: g.max_marks,
        })
        .collect()
}

/// The record as written: the ballots exactly as stored.
#[derive(Serialize)]
struct RecordOut<'a> {
    format: &'a str,
    poll_id: i64,
    title: &'a str,
    kind: &'a str,
    public_key: String,
    counters: &'a [RecordCounter],
    groups: Vec<RecordGroup>,
    ballots: Vec<&'a RawValue>,
    totals: &'a [u64],
    decryptions: &'a [TotalDecryption],
}

/// Counts a secret poll at its close: adds the stored ballots' ciphertexts
/// (or takes `running`, their sum kept as they were committed, when it
/// holds exactly as many ballots), decrypts only the totals, and writes the
/// verification record. No single ballot is ever decrypted.
pub fn count(
    poll: &Poll,
    key: &PollKey,
    sealed: &[SealedBallot],
    running: Option<&EncryptedSum>,
) -> Result<Counted, TallyError> {
    let layout = poll.ballot_layout();
    let counter_count: usize = layout.iter().map(|g| g.counters.len()).sum();
    let mut ballots = sealed
        .iter()
        .map(|b| {
            serde_json::from_slice::<&RawValue>(&b.0)
                .map_err(|e| TallyError::Corrupt(format!("a stored ballot cannot be read: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sum = match running {
        Some(sum)
            if sum.ballots == sealed.len() as u64 && sum.per_counter.len() == counter_count =>
        {
            sum.clone()
        }
        _ => {
            let read = sealed
                .iter()
                .map(|b| read(b, &layout))
                .collect::<Result<Vec<_>, _>>()?;
            EncryptedSum::of(&read, counter_count)
        }
    };
    ballots.shuffle(&mut rand::rngs::OsRng);
    let counters: Vec<RecordCounter> = layout
        .iter()
        .flat_map(|g| g.counters.iter())
        .map(|&(option_id, rating)| RecordCounter {
            option_id,
            label: poll
                .options
                .iter()
                .find(|o| o.id == option_id)
                .map(|o| o.label.clone())
                .unwrap_or_default(),
            rating: rating.to_owned(),
        })
        .collect();
    let table = totals_table(sealed.len() as u64);
    let public_key = b64(key.0.public().as_bytes());
    let groups = groups_of(&layout);
    let header = Header {
        format: RECORD_FORMAT,
        poll_id: poll.id,
        title: &poll.title,
        kind: poll.kind.as_str(),
        public_key: &public_key,
        counters: &counters,
        groups: &groups,
        ballots: sealed.len(),
    }
    .digest();
    let mut totals = Vec::with_capacity(counters.len());
    let mut decryptions = Vec::with_capacity(counters.len());
    for (i, sum) in sum.per_counter.iter().enumerate() {
        let (decryption, proof) = VerifiableDecryption::new(
            *sum,
            &key.0,
            &mut total_transcript(&header, i),
            &mut rand::rngs::OsRng,
        );
        let total = decryption
            .decrypt(*sum, &table)
            .filter(|&t| t <= sealed.len() as u64)
            .ok_or_else(|| {
                TallyError::Corrupt(format!("counter {i} adds up to more than the ballots cast"))
            })?;
        totals.push(total);
        decryptions.push(TotalDecryption {
            decryption: decryption.into(),
            proof,
        });
    }
    let record = serde_json::to_vec(&RecordOut {
        format: RECORD_FORMAT,
        poll_id: poll.id,
        title: &poll.title,
        kind: poll.kind.as_str(),
        public_key,
        counters: &counters,
        groups,
        ballots,
        totals: &totals,
        decryptions: &decryptions,
    })
    .map_err(|e| TallyError::Corrupt(format!("the record: {e}")))?;
    let record_sha256 = hex::encode(Sha256::digest(&record));
    Ok(Counted {
        totals,
        record,
        record_sha256,
    })
}

impl VerificationRecord {
    pub fn from_json(bytes: &[u8]) -> Result<Self, TallyError> {
        serde_json::from_slice(bytes)
            .map_err(|e| TallyError::Rejected(format!("not a verification record: {e}")))
    }

    /// Checks the record on its own: every ballot's proofs, no ballot twice,
    /// and each total the proven decryption of its counter's sum.
    pub fn verify(&self) -> Result<Verified, TallyError> {
        let reject = |why: String| TallyError::Rejected(why);
        if self.format != RECORD_FORMAT {
            return Err(reject(format!(
                "format {:?}, expected {RECORD_FORMAT:?}",
                self.format
            )));
        }
        let key = unb64(&self.public_key)
            .and_then(|bytes| PublicKey::<Group>::from_bytes(&bytes).ok())
            .ok_or_else(|| reject("the public key is not a Ristretto point".into()))?;
        let n = self.counters.len();
        let spanned: usize = self.groups.iter().map(|g| g.counters).sum();
        if spanned != n || self.totals.len() != n || self.decryptions.len() != n {
            return Err(reject(format!(
                "{n} counters, but the groups span {spanned}, with {} totals and {} decryptions",
                self.totals.len(),
                self.decryptions.len()
            )));
        }
        if self.groups.iter().any(|g| g.counters == 0) {
            return Err(reject("a group spans no counter".into()));
        }
        if !groups_fit_kind(&self.kind, &self.groups) {
            return Err(reject(format!(
                "the record's groups are not those of a {:?} poll",
                self.kind
            )));
        }
        let header = Header {
            format: &self.format,
            poll_id: self.poll_id,
            title: &self.title,
            kind: &self.kind,
            public_key: &self.public_key,
            counters: &self.counters,
            groups: &self.groups,
            ballots: self.ballots.len(),
        }
        .digest();
        // The groups as the domain describes them (counters only by position).
        let layout: Vec<ChoiceGroup> = self
            .groups
            .iter()
            .map(|g| ChoiceGroup {
                counters: vec![(0, ""); g.counters],
                exactly_one: g.exactly_one,
                max_marks: g.max_marks,
            })
            .collect();
        let mut seen = HashSet::new();
        for (i, ballot) in self.ballots.iter().enumerate() {
            let number = i + 1;
            if ballot.len() != layout.len() {
                return Err(reject(format!(
                    "ballot {number} has {} groups, the poll {}",
                    ballot.len(),
                    layout.len()
                )));
            }
            for (group, shape) in ballot.iter().zip(&layout) {
                group
                    .verify(&key, shape)
                    .map_err(|e| reject(format!("ballot {number} is not a valid ballot: {e}")))?;
                for c in group.ciphertexts() {
                    // Encryption is randomised: the same ciphertext twice is a replayed ballot.
                    if !seen.insert(c.to_bytes()) {
                        return Err(reject(format!(
                            "ballot {number} repeats a ciphertext of an earlier ballot"
                        )));
                    }
                }
            }
        }
        let table = totals_table(self.ballots.len() as u64);
        let sums = EncryptedSum::of(&self.ballots, n);
        for (i, (sum, d)) in sums
            .per_counter
            .into_iter()
            .zip(&self.decryptions)
            .enumerate()
        {
            let counter = &self.counters[i];
            let name = format!("{} {}", counter.label, counter.rating)
                .trim()
                .to_owned();
            let decryption = d
                .decryption
                .verify(sum, &key, &d.proof, &mut total_transcript(&header, i))
                .map_err(|_| {
                    reject(format!(
                        "the decryption of \"{name}\" does not match the ballots"
                    ))
                })?;
            let total = decryption
                .decrypt(sum, &table)
                .filter(|&t| t <= self.ballots.len() as u64);
            if total != Some(self.totals[i]) {
                return Err(reject(format!(
                    "\"{name}\": the record says {}, the ballots add up to {}",
                    self.totals[i],
                    total.map_or("something else".to_owned(), |t| t.to_string())
                )));
            }
        }
        Ok(Verified {
            poll_id: self.poll_id,
            ballots: self.ballots.len(),
            counters: self.counters.clone(),
            totals: self.totals.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use elastic_elgamal::app::{ChoiceParams, EncryptedChoice};
    use kyhop_domain::{BallotContent, Choice, OptionKind, PollKind, PollOption};

    use super::*;
    use crate::ballot::GroupCiphertexts;
    use crate::{BallotSealer, CountingKey, EncryptedSum, SealedPollKey};

    pub(super) fn secret_poll() -> Poll {
        let options = [
            (1, OptionKind::Yes),
            (2, OptionKind::No),
            (3, OptionKind::Abstain),
        ]
        .into_iter()
        .map(|(id, kind)| PollOption {
            id,
            position: id as u32,
            kind,
            label: kind.as_str().into(),
            person_id: None,
        })
        .collect();
        Poll {
            id: 31,
            title: "Miễn nhiệm".into(),
            ..Poll::sample(PollKind::Secret, options)
        }
    }

    /// A poll with `choices` cast, counted: the record and the sealed key.
    fn counted(choices: &[Choice]) -> (VerificationRecord, SealedPollKey, Vec<u64>) {
        let poll = secret_poll();
        let counting = CountingKey::generate();
        let sealed_key = SealedPollKey::generate(&counting, poll.id);
        let sealer = BallotSealer::new(&sealed_key.public_key, poll.ballot_layout()).unwrap();
        let ballots: Vec<SealedBallot> = choices
            .iter()
            .map(|&c| {
                sealer
                    .seal(&poll.counters(&BallotContent::Choice(c)).unwrap())
                    .ballot
            })
            .collect();
        let lengths: HashSet<usize> = ballots.iter().map(|b| b.0.len()).collect();
        assert!(
            lengths.len() <= 1,
            "every ballot has the same length, whatever its choice"
        );
        let key = sealed_key.open(&counting, poll.id).unwrap();
        let counted = count(&poll, &key, &ballots, None).unwrap();
        let record = VerificationRecord::from_json(&counted.record).unwrap();
        assert_eq!(
            counted.record_sha256,
            hex::encode(Sha256::digest(&counted.record))
        );
        (record, sealed_key, counted.totals)
    }

    fn rejected(record: &VerificationRecord, why: &str) {
        match record.verify() {
            Err(TallyError::Rejected(message)) => {
                assert!(message.contains(why), "{message:?} should say {why:?}")
            }
            other => panic!("a bad record passed: {other:?}"),
        }
    }

    #[test]
    fn the_totals_are_the_sum_of_the_ballots_and_the_record_checks_out() {
        use Choice::*;
        let (record, sealed_key, totals) = counted(&[Yes, Yes, No, Abstain, Yes]);
        assert_eq!(totals, vec![3, 1, 1]);
        let verified = record.verify().unwrap();
        assert_eq!(verified.ballots, 5);
        assert_eq!(verified.totals, vec![3, 1, 1]);
        assert_eq!(record.public_key, b64(&sealed_key.public_key));
        // Nothing in the record names a voter or keeps the order of arrival.
        let json = serde_json::to_string(&record).unwrap();
        assert!(!json.contains("person"));
    }

    #[test]
    fn the_running_sum_counts_as_reading_every_ballot_back_does() {
        let poll = secret_poll();
        let counting = CountingKey::generate();
        let sealed_key = SealedPollKey::generate(&counting, poll.id);
        let sealer = BallotSealer::new(&sealed_key.public_key, poll.ballot_layout()).unwrap();
        let sealed: Vec<_> = [1, 2, 1, 3, 1]
            .iter()
            .map(|&o| sealer.seal(&[(o, "")]))
            .collect();
        let stored: Vec<_> = sealed.iter().map(|s| s.ballot.clone()).collect();
        let mut running = EncryptedSum::zero(3);
        for s in &sealed {
            running.add(&s.sum);
        }
        let key = sealed_key.open(&counting, poll.id).unwrap();
        let from_sum = count(&poll, &key, &stored, Some(&running)).unwrap();
        let read_back = count(&poll, &key, &stored, None).unwrap();
        assert_eq!(from_sum.totals, vec![3, 1, 1]);
        assert_eq!(read_back.totals, from_sum.totals);
        // A running sum that missed a ballot (say, kept since a restart) is not used.
        let mut partial = EncryptedSum::zero(3);
        partial.add(&sealed[0].sum);
        let fallback = count(&poll, &key, &stored, Some(&partial)).unwrap();
        assert_eq!(fallback.totals, vec![3, 1, 1]);
        VerificationRecord::from_json(&from_sum.record)
            .unwrap()
            .verify()
            .unwrap();
    }

    #[test]
    fn an_empty_poll_counts_zero() {
        let (record, _, totals) = counted(&[]);
        assert_eq!(totals, vec![0, 0, 0]);
        assert_eq!(record.verify().unwrap().ballots, 0);
    }

    #[test]
    fn a_changed_removed_or_repeated_ballot_or_a_wrong_total_fails() {
        use Choice::*;
        let (record, sealed_key, _) = counted(&[Yes, No, Yes, Abstain]);

        // One ballot swapped for a valid ballot with another choice.
        let (all_yes, all_yes_key, _) = counted(&[Yes, Yes, Yes]);
        let poll = secret_poll();
        let sealer = BallotSealer::new(&all_yes_key.public_key, poll.ballot_layout()).unwrap();
        let mut changed = all_yes.clone();
        changed.ballots[0] = read(&sealer.seal(&[(2, "")]).ballot, &poll.ballot_layout()).unwrap();
        rejected(&changed, "does not match the ballots");

        let mut removed = record.clone();
        removed.ballots.pop();
        rejected(&removed, "does not match the ballots");

        let mut repeated = record.clone();
        repeated.ballots.push(record.ballots[1].clone());
        rejected(&repeated, "repeats a ciphertext");

        let mut wrong_total = record.clone();
        wrong_total.totals[0] += 1;
        rejected(&wrong_total, "the record says");

        // A ballot whose ciphertexts were made to hold 1 twice: its proof fails.
        let mut malformed = record.clone();
        let twice = EncryptedChoice::new(
            &ChoiceParams::single(PublicKey::from_bytes(&sealed_key.public_key).unwrap(), 3),
            &[true, true, false],
            &mut rand::rngs::OsRng,
        );
        malformed.ballots[2] = vec![GroupCiphertexts::ExactlyOne(twice)];
        rejected(&malformed, "ballot 3 is not a valid ballot");

        // A ciphertext moved from one ballot into another breaks that ballot's proof.
        let mut spliced = record.clone();
        let json = serde_json::to_value(&spliced.ballots[0]).unwrap();
        let mut other = serde_json::to_value(&spliced.ballots[1]).unwrap();
        other[0]["exactly_one"]["choices"][0] = json[0]["exactly_one"]["choices"][0].clone();
        spliced.ballots[1] = serde_json::from_value(other).unwrap();
        rejected(&spliced, "ballot 2 is not a valid ballot");

        // Relabelled counters ("yes" and "no" swapped), another kind, or a
        // one-choice group passed off as any-number: the header is bound into
        // every decryption proof, and the groups must be the kind's.
        let mut relabelled = record.clone();
        relabelled.counters.swap(0, 1);
        rejected(&relabelled, "does not match the ballots");
        let mut other_kind = record.clone();
        other_kind.kind = "election".into();
        rejected(&other_kind, "not those of a \"election\" poll");
        let mut loosened = record.clone();
        loosened.groups[0].exactly_one = false;
        rejected(&loosened, "not those of a \"secret\" poll");

        let mut foreign_key = record.clone();
        foreign_key.public_key =
            b64(&SealedPollKey::generate(&CountingKey::generate(), 31).public_key);
        assert!(foreign_key.verify().is_err());
    }
}
