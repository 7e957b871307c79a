//! How a secret ballot is laid out for encryption: the poll's counters in a
//! fixed order, split into groups that each hold one choice.
//!
//! A secret ballot is stored only as one ciphertext per counter (1 where the
//! ballot adds one, 0 elsewhere), so that counting is adding ciphertexts and
//! only the totals are ever decrypted. The layout fixes which counter each
//! ciphertext stands for, and what a valid ballot looks like in each group:
//! exactly one mark (a yes/no/abstain ballot, one official's rating) or any
//! number of marks up to a limit (an election's candidates).

use super::poll::{Counter, Poll, PollKind};
use super::OptionKind;

/// The ratings of one official, in the order their ciphertexts take.
pub const RATINGS: [&str; 4] = ["high", "medium", "low", "invalid"];

/// One choice on a ballot: the counters it spans and how many may be marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceGroup {
    pub counters: Vec<Counter>,
    /// Exactly one counter is marked (otherwise: from none to `max_marks`).
    pub exactly_one: bool,
    pub max_marks: u32,
}

impl ChoiceGroup {
    /// The marks a ballot's counters make in this group, in layout order.
    pub fn marks(&self, counters: &[Counter]) -> Vec<bool> {
        self.counters.iter().map(|c| counters.contains(c)).collect()
    }
}

impl Poll {
    /// The groups a secret ballot of this poll is encrypted in; empty for a
    /// named poll, whose choices are public.
    pub fn ballot_layout(&self) -> Vec<ChoiceGroup> {
        let options = |kind: OptionKind| self.options.iter().filter(move |o| o.kind == kind);
        match self.kind {
            PollKind::Named => Vec::new(),
            PollKind::Secret => vec![ChoiceGroup {
                counters: self
                    .options
                    .iter()
                    .filter(|o| {
                        matches!(
                            o.kind,
                            OptionKind::Yes
                                | OptionKind::No
                                | OptionKind::Abstain
                                | OptionKind::Alternative
                        )
                    })
                    .map(|o| (o.id, ""))
                    .collect(),
                exactly_one: true,
                max_marks: 1,
            }],
            PollKind::Election => vec![ChoiceGroup {
                counters: options(OptionKind::Candidate).map(|o| (o.id, "")).collect(),
                exactly_one: false,
                max_marks: self.max_choices,
            }],
            PollKind::Confidence => options(OptionKind::Official)
                .map(|o| ChoiceGroup {
                    counters: RATINGS.iter().map(|&r| (o.id, r)).collect(),
                    exactly_one: true,
                    max_marks: 1,
                })
                .collect(),
        }
    }
}

/// A secret ballot as the server encrypted it on receipt: opaque bytes that
/// only the poll's key could open, and that is never used except to add
/// them all together. Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedBallot(pub Vec<u8>);

impl std::fmt::Debug for SealedBallot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealedBallot({} bytes)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::poll::{BallotContent, PollOption};
    use crate::{Choice, Rating};

    fn poll(kind: PollKind, options: &[(i64, OptionKind, Option<i64>)]) -> Poll {
        let options = options
            .iter()
            .enumerate()
            .map(|(i, &(id, kind, person_id))| PollOption {
                id,
                position: i as u32 + 1,
                kind,
                label: format!("{id}"),
                person_id,
            })
            .collect();
        Poll {
            id: 7,
            max_choices: 2,
            ..Poll::sample(kind, options)
        }
    }

    #[test]
    fn a_yes_no_ballot_is_one_group_with_one_mark() {
        let p = poll(
            PollKind::Secret,
            &[
                (1, OptionKind::Yes, None),
                (2, OptionKind::No, None),
                (3, OptionKind::Abstain, None),
            ],
        );
        let layout = p.ballot_layout();
        assert_eq!(layout.len(), 1);
        assert!(layout[0].exactly_one);
        let counters = p.counters(&BallotContent::Choice(Choice::No)).unwrap();
        assert_eq!(layout[0].marks(&counters), vec![false, true, false]);
    }

    #[test]
    fn a_confidence_ballot_rates_each_official_in_its_own_group() {
        let p = poll(
            PollKind::Confidence,
            &[
                (4, OptionKind::Official, Some(40)),
                (5, OptionKind::Official, Some(50)),
            ],
        );
        let layout = p.ballot_layout();
        assert_eq!(layout.len(), 2);
        // Official 50 left unrated: the "invalid" counter of their group.
        let ratings = [(40, Rating::Low)].into_iter().collect();
        let counters = p.counters(&BallotContent::Ratings(ratings)).unwrap();
        assert_eq!(layout[0].marks(&counters), vec![false, false, true, false]);
        assert_eq!(layout[1].marks(&counters), vec![false, false, false, true]);
    }

    #[test]
    fn an_election_ballot_marks_up_to_the_seats_to_fill() {
        let p = poll(
            PollKind::Election,
            &[
                (1, OptionKind::Candidate, Some(10)),
                (2, OptionKind::Candidate, Some(20)),
                (3, OptionKind::Candidate, Some(30)),
            ],
        );
        let layout = p.ballot_layout();
        assert_eq!(layout.len(), 1);
        assert!(!layout[0].exactly_one);
        assert_eq!(layout[0].max_marks, 2);
        let counters = p
            .counters(&BallotContent::Candidates(vec![10, 30]))
            .unwrap();
        assert_eq!(layout[0].marks(&counters), vec![true, false, true]);
        assert!(poll(PollKind::Named, &[]).ballot_layout().is_empty());
    }
}
