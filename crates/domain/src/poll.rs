//! Polls (biểu quyết): their shape, ballots, and how a result is counted.
//!
//! Counting is a pure function of the tallies, so that the rules — majority
//! of the total seats, exact thresholds, Vietnamese wording — are tested
//! without a database.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rules::MajorityRule;
use super::text::{self, ValidationError};
use super::text_enum;
use super::vi::percent;
use super::{Refusal, SessionState};

text_enum! {
    PollKind {
        /// Biểu quyết công khai: each delegate's choice is published.
        Named => "named",
        /// Bỏ phiếu kín: nothing links a delegate to a choice.
        Secret => "secret",
        /// Lấy phiếu tín nhiệm: secret; each ballot rates every listed official.
        Confidence => "confidence",
        /// Bầu cử: secret; each ballot chooses up to `max_choices` candidates.
        Election => "election",
    }
}

impl PollKind {
    pub fn is_secret(self) -> bool {
        self != PollKind::Named
    }
}

text_enum! {
    PollState {
        Draft => "draft",
        Open => "open",
        Closed => "closed",
        Annulled => "annulled",
    }
}

text_enum! {
    OptionKind {
        Yes => "yes",
        No => "no",
        Abstain => "abstain",
        Candidate => "candidate",
        Official => "official",
        /// One of the council's own options (phương án) on a named or secret poll.
        Alternative => "alternative",
    }
}

text_enum! {
    /// A rating in a confidence vote (Nghị quyết 96/2023/QH15).
    Rating {
        /// Tín nhiệm cao.
        High => "high",
        /// Tín nhiệm.
        Medium => "medium",
        /// Tín nhiệm thấp.
        Low => "low",
    }
}

/// One option of a poll: yes/no/abstain with the council's labels, a
/// candidate, or an official to rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PollOption {
    pub id: i64,
    pub position: u32,
    pub kind: OptionKind,
    pub label: String,
    pub person_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Poll {
    pub id: i64,
    pub session_id: i64,
    pub agenda_item_id: i64,
    pub kind: PollKind,
    pub title: String,
    pub state: PollState,
    pub rule: MajorityRule,
    /// Election: how many candidates a ballot may choose (seats to fill).
    pub max_choices: u32,
    /// The annulled poll this one repeats.
    #[schema(required = true)]
    pub revote_of: Option<i64>,
    pub options: Vec<PollOption>,
    /// Ballots cast so far: the live participation count.
    pub ballots_cast: u32,
    pub created_at: DateTime<Utc>,
    #[schema(required = true)]
    pub opened_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub closed_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub annulled_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub annul_reason: Option<String>,
    /// Set when the poll closes; never before, so a secret poll shows no
    /// partial result.
    #[schema(required = true)]
    pub result: Option<PollResult>,
    /// Secret, confidence and election polls, once open: the poll's
    /// ElGamal public key (Ristretto, base64) that every ballot is
    /// encrypted under on receipt; the verification record repeats it.
    #[schema(required = true)]
    pub public_key: Option<String>,
    /// Delegates present when the poll opened: fixed then, the "present"
    /// base of its rule and of its result.
    #[schema(required = true)]
    pub present_at_open: Option<u32>,
    /// Once open: what the rule needs, as the server counts it and as the
    /// chair announces it.
    #[schema(required = true)]
    pub threshold: Option<Threshold>,
    /// Secret polls: every delegate's ballot is encrypted ahead, whatever
    /// their choice, so that a chamber voting at once is answered at once.
    #[serde(default)]
    pub ballots_prepared: bool,
    /// A closed named poll: the chair shows who chose what on the chamber
    /// screen (always in the minutes).
    #[serde(default)]
    pub names_on_screen: bool,
}

/// Showing or hiding a closed named poll's names on the chamber screen.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NamesOnScreen {
    pub show: bool,
}

/// A rule's numbers as announced when the poll opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Threshold {
    /// What the rule counts against; none while it is the ballots cast
    /// (known at the close).
    #[schema(required = true)]
    pub rule_base: Option<u64>,
    /// Fewest votes that meet the rule; none while the base is unknown.
    #[schema(required = true)]
    pub votes_needed: Option<u64>,
    /// The sentence, e.g. "Cần quá nửa tổng số đại biểu: từ 26/50 phiếu tán thành trở lên."
    pub text: String,
}

/// Whether a delegate may cast a ballot, as attendance says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoterPresence {
    /// Not checked in now.
    Absent,
    /// Checked in, but after the poll opened: the poll's count of
    /// delegates present was fixed without them.
    ArrivedAfterOpening,
    /// Present when the poll opened, and now.
    Present,
}

/// The rule's numbers for a poll of `kind` in a council of `seats` with
/// `present` delegates present at the opening; none for a confidence vote
/// (its thresholds are the law's, per official). `own_options`: the poll
/// offers the council's own options, one of which the rule chooses.
pub fn threshold(
    kind: PollKind,
    rule: MajorityRule,
    seats: u32,
    present: u32,
    own_options: bool,
) -> Option<Threshold> {
    use super::MajorityBase;
    if kind == PollKind::Confidence {
        return None;
    }
    let f = rule.fraction;
    let share = if f.numerator * 2 == f.denominator {
        if rule.strict {
            "quá nửa".to_owned()
        } else {
            "ít nhất một nửa".to_owned()
        }
    } else if f.numerator * 3 == f.denominator * 2 {
        if rule.strict {
            "trên hai phần ba".to_owned()
        } else {
            "ít nhất hai phần ba".to_owned()
        }
    } else if rule.strict {
        format!("trên {}/{}", f.numerator, f.denominator)
    } else {
        format!("ít nhất {}/{}", f.numerator, f.denominator)
    };
    let (base, of) = match rule.base {
        MajorityBase::TotalSeats => (Some(u64::from(seats)), "tổng số đại biểu"),
        MajorityBase::Present => (
            Some(u64::from(present)),
            "số đại biểu có mặt khi mở biểu quyết",
        ),
        MajorityBase::BallotsCast => (None, "số phiếu biểu quyết"),
    };
    let votes = if kind == PollKind::Election {
        "phiếu bầu"
    } else if own_options {
        "phiếu cho một phương án"
    } else {
        "phiếu tán thành"
    };
    let needed = base.map(|b| votes_needed(rule, b));
    let text = match (base, needed) {
        (Some(b), Some(n)) => format!("Cần {share} {of}: từ {n}/{b} {votes} trở lên."),
        _ => format!("Cần {share} {of}, tính khi kết thúc biểu quyết."),
    };
    Some(Threshold {
        rule_base: base,
        votes_needed: needed,
        text,
    })
}

/// Creating a poll on an agenda item (chair).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPoll {
    pub kind: PollKind,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub title: String,
    /// Default: the council's rule (more than half of the total seats).
    pub rule: Option<MajorityRule>,
    /// Election: candidates (people of the council).
    #[serde(default)]
    pub candidates: Vec<i64>,
    /// Election: seats to fill, i.e. most candidates a ballot may choose.
    pub max_choices: Option<u32>,
    /// Confidence vote: the officials to rate.
    #[serde(default)]
    pub officials: Vec<i64>,
    /// Named or secret poll: the council's own options (phương án 1, 2…),
    /// at least two, in place of yes / no / abstain; a ballot chooses one.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub alternatives: Vec<String>,
    /// The annulled poll this one repeats.
    pub revote_of: Option<i64>,
}

/// Most options a poll may offer of its own.
pub const MAX_ALTERNATIVES: usize = 20;

impl NewPoll {
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.title = text::name("title", &self.title)?;
        if let Some(rule) = self.rule {
            if !rule.fraction.is_valid() {
                return Err(ValidationError::new("rule.fraction", "must lie in (0, 1]"));
            }
        }
        let dedup = |v: &mut Vec<i64>| {
            let n = v.len();
            let mut seen = std::collections::HashSet::new();
            v.retain(|x| seen.insert(*x));
            n == v.len()
        };
        match self.kind {
            PollKind::Election => {
                if self.candidates.is_empty() || !dedup(&mut self.candidates) {
                    return Err(ValidationError::new(
                        "candidates",
                        "an election needs distinct candidates",
                    ));
                }
                let k = self.max_choices.unwrap_or(1);
                let n = u32::try_from(self.candidates.len()).unwrap_or(u32::MAX);
                self.max_choices = Some(text::in_range("max_choices", k, 1, n)?);
            }
            PollKind::Confidence => {
                if self.officials.is_empty() || !dedup(&mut self.officials) {
                    return Err(ValidationError::new(
                        "officials",
                        "a confidence vote needs distinct officials",
                    ));
                }
            }
            PollKind::Named | PollKind::Secret => {
                self.alternatives = checked_alternatives(&self.alternatives)?;
            }
        }
        if !matches!(self.kind, PollKind::Named | PollKind::Secret) && !self.alternatives.is_empty()
        {
            return Err(ValidationError::new(
                "alternatives",
                "only named and secret polls offer options of their own",
            ));
        }
        if self.kind != PollKind::Election
            && (!self.candidates.is_empty() || self.max_choices.is_some())
        {
            return Err(ValidationError::new(
                "candidates",
                "only elections have candidates",
            ));
        }
        if self.kind != PollKind::Confidence && !self.officials.is_empty() {
            return Err(ValidationError::new(
                "officials",
                "only confidence votes rate officials",
            ));
        }
        Ok(self)
    }
}

/// A poll's own options, tidied: none, or from two to twenty that differ
/// (also in case and accents: "Phương án 1" and "phuong an 1" are one).
fn checked_alternatives(given: &[String]) -> Result<Vec<String>, ValidationError> {
    if given.is_empty() {
        return Ok(Vec::new());
    }
    if given.len() < 2 {
        return Err(ValidationError::new(
            "alternatives",
            "a poll with options of its own offers at least two",
        ));
    }
    if given.len() > MAX_ALTERNATIVES {
        return Err(ValidationError::new(
            "alternatives",
            format!("at most {MAX_ALTERNATIVES} options"),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    given
        .iter()
        .map(|label| {
            let label = text::name("alternatives", label)?;
            let folded = super::search::query_terms(&label).join(" ");
            if seen.insert(folded) {
                Ok(label)
            } else {
                Err(ValidationError::new(
                    "alternatives",
                    format!("\"{label}\" is offered twice"),
                ))
            }
        })
        .collect()
}

/// Annulling a poll: the reason is recorded.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Annulment {
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub reason: String,
}

text_enum! {
    /// The choice on a yes/no ballot.
    Choice {
        Yes => "yes",
        No => "no",
        Abstain => "abstain",
    }
}

/// A ballot as sent by a delegate: exactly one of the fields, by poll kind.
/// There is no field for the voter: it is always the signed-in delegate.
#[derive(Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BallotRequest {
    /// Named and secret polls.
    pub choice: Option<Choice>,
    /// Confidence votes: official's person id → rating. An official left
    /// out counts as an invalid rating for that official.
    pub ratings: Option<BTreeMap<i64, Rating>>,
    /// Elections: the chosen candidates' person ids (at most `max_choices`).
    pub candidates: Option<Vec<i64>>,
    /// Polls with options of their own: the chosen option's id.
    pub option: Option<i64>,
}

/// A ballot's content, never printed: the voter's choice must not reach a log.
#[derive(Clone)]
pub enum BallotContent {
    Choice(Choice),
    Ratings(BTreeMap<i64, Rating>),
    Candidates(Vec<i64>),
    /// One of the poll's own options, by id.
    Alternative(i64),
}

impl std::fmt::Debug for BallotContent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BallotContent(<secret>)")
    }
}

impl std::fmt::Debug for BallotRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BallotRequest(<secret>)")
    }
}

impl BallotRequest {
    /// The content, checked against the poll's kind and options.
    pub fn content(self, poll: &Poll) -> Result<BallotContent, ValidationError> {
        let person_ids = |kind: OptionKind| -> Vec<i64> {
            poll.options
                .iter()
                .filter(|o| o.kind == kind)
                .filter_map(|o| o.person_id)
                .collect()
        };
        let alternatives = poll.has_alternatives();
        match (poll.kind, self.choice, self.ratings, self.candidates, self.option) {
            (PollKind::Named | PollKind::Secret, Some(c), None, None, None) if !alternatives => {
                Ok(BallotContent::Choice(c))
            }
            (PollKind::Named | PollKind::Secret, None, None, None, Some(id)) if alternatives => {
                if poll.options.iter().any(|o| o.id == id && o.kind == OptionKind::Alternative) {
                    Ok(BallotContent::Alternative(id))
                } else {
                    Err(ValidationError::new("option", format!("option {id} is not on this ballot")))
                }
            }
            (PollKind::Confidence, None, Some(ratings), None, None) => {
                let officials = person_ids(OptionKind::Official);
                if let Some(bad) = ratings.keys().find(|id| !officials.contains(id)) {
                    return Err(ValidationError::new("ratings", format!("official {bad} is not on this ballot")));
                }
                Ok(BallotContent::Ratings(ratings))
            }
            (PollKind::Election, None, None, Some(mut chosen), None) => {
                let candidates = person_ids(OptionKind::Candidate);
                if let Some(bad) = chosen.iter().find(|id| !candidates.contains(id)) {
                    return Err(ValidationError::new("candidates", format!("{bad} is not a candidate in this election")));
                }
                let n = chosen.len();
                chosen.sort_unstable();
                chosen.dedup();
                if chosen.len() != n {
                    return Err(ValidationError::new("candidates", "a candidate may be chosen once"));
                }
                if n > poll.max_choices as usize {
                    return Err(ValidationError::new(
                        "candidates",
                        format!("at most {} candidates may be chosen", poll.max_choices),
                    ));
                }
                Ok(BallotContent::Candidates(chosen))
            }
            (kind, ..) => Err(ValidationError::new(
                "ballot",
                match kind {
                    PollKind::Named | PollKind::Secret if alternatives => "this poll takes {\"option\": option id}",
                    PollKind::Named | PollKind::Secret => "this poll takes {\"choice\": \"yes\" | \"no\" | \"abstain\"}",
                    PollKind::Confidence => "this poll takes {\"ratings\": {official id: \"high\" | \"medium\" | \"low\"}}",
                    PollKind::Election => "this poll takes {\"candidates\": [candidate ids]}",
                },
            )),
        }
    }
}

/// A counter of a poll that a ballot adds one to: an option, and for a
/// confidence vote the rating ("high", "medium", "low", or "invalid" for
/// an official left unrated); "" for other polls.
pub type Counter = (i64, &'static str);

/// When a poll may be prepared, opened, closed or annulled.
impl Poll {
    /// Polls are prepared while the session is convened or sits.
    pub fn check_preparation(session: SessionState) -> Result<(), Refusal> {
        if SessionState::CONVENED_OR_SITTING.contains(&session) {
            Ok(())
        } else {
            Err(Refusal::invalid_state(format!(
                "the session is {session}; polls cannot be prepared"
            )))
        }
    }

    /// A revote repeats an annulled poll of the same session.
    pub fn check_revote_of(original: Option<&Poll>, session_id: i64) -> Result<(), Refusal> {
        match original {
            Some(p) if p.session_id == session_id && p.state == PollState::Annulled => Ok(()),
            _ => Err(Refusal::invalid_reference(
                "revote_of",
                "a revote repeats an annulled poll of this session",
            )),
        }
    }

    /// A draft poll opens while the session sits, and only when no other
    /// poll of the session is open (`open_other`).
    pub fn require_openable(
        &self,
        session: SessionState,
        open_other: Option<i64>,
    ) -> Result<(), Refusal> {
        if !SessionState::SITTING.contains(&session) {
            return Err(Refusal::invalid_state(format!(
                "the session is {session}; polls open only while it sits"
            )));
        }
        if self.state != PollState::Draft {
            return Err(Refusal::refused(
                "poll_not_draft",
                format!("the poll is {}; only a draft poll opens", self.state),
            ));
        }
        match open_other.filter(|&other| other != self.id) {
            Some(other) => Err(Refusal::refused(
                "poll_open",
                format!("poll {other} is open; close it first"),
            )),
            None => Ok(()),
        }
    }

    /// Whether the poll offers options of its own (phương án) in place of
    /// yes / no / abstain.
    pub fn has_alternatives(&self) -> bool {
        self.options
            .iter()
            .any(|o| o.kind == OptionKind::Alternative)
    }

    /// An open poll with these options, the resolution rule and nothing
    /// cast: a starting point for tests and benchmarks of what works on a
    /// poll's shape (its layout, its counters, its encryption).
    pub fn sample(kind: PollKind, options: Vec<PollOption>) -> Poll {
        Poll {
            id: 5,
            session_id: 1,
            agenda_item_id: 2,
            kind,
            title: "Biểu quyết thông qua Nghị quyết".into(),
            state: PollState::Open,
            rule: MajorityRule::RESOLUTION,
            max_choices: 1,
            revote_of: None,
            options,
            ballots_cast: 0,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
            opened_at: None,
            closed_at: None,
            annulled_at: None,
            annul_reason: None,
            result: None,
            public_key: None,
            present_at_open: None,
            threshold: None,
            ballots_prepared: false,
            names_on_screen: false,
        }
    }

    /// A poll opens only when no more delegates are present than the
    /// council has seats: a count above the seats means the attendance is
    /// wrong, and every threshold would be too.
    pub fn check_present(present: u32, seats: u32) -> Result<(), Refusal> {
        if present <= seats {
            Ok(())
        } else {
            Err(Refusal::refused(
                "seats_exceeded",
                format!("{present} delegates are checked in, but the council has {seats} seats; correct the attendance first"),
            ))
        }
    }

    /// Ballots are taken, and the poll closed, only while it is open.
    pub fn require_open(&self) -> Result<(), Refusal> {
        if self.state == PollState::Open {
            Ok(())
        } else {
            Err(Refusal::refused(
                "poll_not_open",
                format!("the poll is {}, not open", self.state),
            ))
        }
    }

    /// Names go on the chamber screen only from a closed named poll (a
    /// secret poll has none to show).
    pub fn require_names_showable(&self) -> Result<(), Refusal> {
        if self.kind != PollKind::Named {
            return Err(Refusal::refused(
                "poll_not_named",
                "only a named poll's choices are public",
            ));
        }
        if self.state != PollState::Closed {
            return Err(Refusal::refused(
                "poll_not_closed",
                format!(
                    "the poll is {}; names are shown once it is closed",
                    self.state
                ),
            ));
        }
        Ok(())
    }

    /// The chair annuls an open or closed poll (with a reason).
    pub fn require_annullable(&self) -> Result<(), Refusal> {
        if matches!(self.state, PollState::Open | PollState::Closed) {
            Ok(())
        } else {
            Err(Refusal::refused(
                "poll_not_annullable",
                format!(
                    "the poll is {}; only an open or closed poll is annulled",
                    self.state
                ),
            ))
        }
    }

    /// The one place that decides whether a ballot counts: the poll is
    /// open, the voter was checked in when it opened and still is, has not
    /// voted, and the ballot fits
    /// the poll, and a secret ballot was encrypted on receipt (`sealed`:
    /// one that arrived before the poll opened was not). Returns the
    /// counters it adds one to.
    pub fn admit(
        &self,
        request: BallotRequest,
        presence: VoterPresence,
        already_voted: bool,
        sealed: bool,
    ) -> Result<Vec<Counter>, Refusal> {
        self.require_open()?;
        match presence {
            VoterPresence::Absent => {
                return Err(Refusal::refused("not_checked_in", "check in before voting"))
            }
            VoterPresence::ArrivedAfterOpening => return Err(Refusal::refused(
                "arrived_after_opening",
                "you checked in after this poll opened; the delegates present were counted then",
            )),
            VoterPresence::Present => {}
        }
        if already_voted {
            return Err(Refusal::refused(
                "already_voted",
                "your ballot in this poll is already recorded",
            ));
        }
        let content = request.content(self)?;
        let counters = self.counters(&content).ok_or_else(|| {
            Refusal::refused("invalid_ballot", "the ballot does not fit this poll")
        })?;
        if self.kind.is_secret() && !sealed {
            return Err(Refusal::refused(
                "poll_not_open",
                "the poll was not yet open when the ballot arrived; vote again",
            ));
        }
        Ok(counters)
    }

    /// The counters a ballot adds one to; None when it does not fit the poll.
    pub fn counters(&self, content: &BallotContent) -> Option<Vec<Counter>> {
        let option_of = |kind: OptionKind, person: Option<i64>| {
            self.options
                .iter()
                .find(|o| o.kind == kind && (person.is_none() || o.person_id == person))
                .map(|o| o.id)
        };
        match (content, self.kind) {
            (BallotContent::Choice(choice), PollKind::Named | PollKind::Secret) => {
                let kind = match choice {
                    Choice::Yes => OptionKind::Yes,
                    Choice::No => OptionKind::No,
                    Choice::Abstain => OptionKind::Abstain,
                };
                option_of(kind, None).map(|o| vec![(o, "")])
            }
            (BallotContent::Alternative(id), PollKind::Named | PollKind::Secret) => self
                .options
                .iter()
                .find(|o| o.id == *id && o.kind == OptionKind::Alternative)
                .map(|o| vec![(o.id, "")]),
            (BallotContent::Ratings(ratings), PollKind::Confidence) => Some(
                self.options
                    .iter()
                    .filter(|o| o.kind == OptionKind::Official)
                    .map(|o| {
                        (
                            o.id,
                            o.person_id
                                .and_then(|p| ratings.get(&p))
                                .map_or("invalid", |r| r.as_str()),
                        )
                    })
                    .collect(),
            ),
            (BallotContent::Candidates(chosen), PollKind::Election) => chosen
                .iter()
                .map(|&p| option_of(OptionKind::Candidate, Some(p)).map(|o| (o, "")))
                .collect(),
            _ => None,
        }
    }
}

/// A ballot on its way to the ballot box: who casts it (the signed-in
/// delegate, never a field of the request) and what they chose.
#[derive(Debug, Clone)]
pub struct Ballot {
    pub poll_id: i64,
    /// The voter: the signed-in account's delegate.
    pub person_id: i64,
    /// The voter's council; a poll of another council does not exist for them.
    pub council_id: i64,
    pub request: BallotRequest,
    /// A secret ballot as encrypted on receipt (set by the ballot box).
    pub sealed: Option<super::SealedBallot>,
}

/// The delegate's receipt: the ballot is committed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BallotReceipt {
    pub poll_id: i64,
    pub recorded: bool,
    /// True for secret, confidence and election polls: the choice is counted
    /// but not stored with the delegate's name.
    pub secret: bool,
}

/// One counter of a poll, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub option_id: i64,
    /// "" for yes/no/abstain/candidate; "high"/"medium"/"low"/"invalid" for officials.
    pub rating: String,
    pub count: u64,
}

/// A named poll's published choice of one delegate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NamedChoice {
    pub person_id: i64,
    pub full_name: String,
    pub option: OptionKind,
    pub label: String,
}

/// The count of one option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OptionCount {
    pub option_id: i64,
    pub kind: OptionKind,
    pub label: String,
    pub person_id: Option<i64>,
    pub count: u64,
    /// Of the total seats, e.g. "90,00%".
    pub percent_of_seats: String,
    /// Election: elected, or tied at the last seat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<CandidateOutcome>,
}

text_enum! {
    CandidateOutcome {
        Elected => "elected",
        /// Tied with others for the last seat(s): a further round decides.
        Tied => "tied",
        NotElected => "not_elected",
    }
}

/// A confidence vote's result for one official.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OfficialRating {
    pub option_id: i64,
    pub person_id: Option<i64>,
    pub label: String,
    pub high: u64,
    pub medium: u64,
    pub low: u64,
    /// Ballots that left this official unrated.
    pub invalid: u64,
    pub high_percent: String,
    pub medium_percent: String,
    pub low_percent: String,
    /// "Tín nhiệm thấp" from more than half of the total seats: the official may resign.
    pub low_over_half: bool,
    /// "Tín nhiệm thấp" from two thirds of the total seats or more: a vote of no confidence follows.
    pub low_two_thirds: bool,
}

/// A closed poll's result, counted on the total number of seats.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PollResult {
    pub total_seats: u32,
    /// Delegates present: checked in at the close, or who voted and left.
    pub present: u32,
    pub ballots_cast: u32,
    pub participation_percent: String,
    /// ballots cast ≤ present ≤ total seats.
    pub invariants_hold: bool,
    pub rule: MajorityRule,
    /// The number the rule is counted against (total seats, present or ballots).
    pub rule_base: u64,
    /// Fewest votes that meet the rule.
    pub votes_needed: u64,
    pub options: Vec<OptionCount>,
    /// Yes/no polls: whether "yes" met the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub officials: Vec<OfficialRating>,
    /// Named polls: every voter's choice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub named: Vec<NamedChoice>,
    /// The announcement, e.g. "Có 48/50 đại biểu tham gia biểu quyết (96,00%); tán thành 45 (90,00%); …".
    pub summary: String,
    /// Secret polls: SHA-256 of the verification record (`GET
    /// /api/polls/{id}/verification`) that proves the count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_sha256: Option<String>,
}

/// What counting needs.
pub struct Count<'a> {
    pub kind: PollKind,
    pub rule: MajorityRule,
    pub total_seats: u32,
    pub present: u32,
    pub ballots_cast: u32,
    /// Election: seats to fill.
    pub max_choices: u32,
    pub options: &'a [PollOption],
    pub tallies: &'a [Tally],
    pub named: Vec<NamedChoice>,
}

/// The smallest count that meets `rule` against `base`.
pub fn votes_needed(rule: MajorityRule, base: u64) -> u64 {
    let num = u128::from(base) * u128::from(rule.fraction.numerator);
    let den = u128::from(rule.fraction.denominator);
    let needed = if rule.strict {
        num / den + 1
    } else {
        num.div_ceil(den)
    };
    u64::try_from(needed).unwrap_or(u64::MAX)
}

impl Count<'_> {
    fn tally(&self, option_id: i64, rating: &str) -> u64 {
        self.tallies
            .iter()
            .find(|t| t.option_id == option_id && t.rating == rating)
            .map_or(0, |t| t.count)
    }

    pub fn result(self) -> PollResult {
        let seats = u64::from(self.total_seats);
        let rule_base = match self.rule.base {
            super::MajorityBase::TotalSeats => seats,
            super::MajorityBase::Present => u64::from(self.present),
            super::MajorityBase::BallotsCast => u64::from(self.ballots_cast),
        };
        let needed = votes_needed(self.rule, rule_base);
        let mut options: Vec<OptionCount> = self
            .options
            .iter()
            .filter(|o| o.kind != OptionKind::Official)
            .map(|o| {
                let count = self.tally(o.id, "");
                OptionCount {
                    option_id: o.id,
                    kind: o.kind,
                    label: o.label.clone(),
                    person_id: o.person_id,
                    count,
                    percent_of_seats: percent(count, seats),
                    outcome: None,
                }
            })
            .collect();
        let participation = format!(
            "Có {}/{} đại biểu tham gia biểu quyết ({})",
            self.ballots_cast,
            self.total_seats,
            percent(u64::from(self.ballots_cast), seats)
        );
        let mut passed = None;
        let mut officials = Vec::new();
        let summary = match self.kind {
            PollKind::Named | PollKind::Secret
                if options.iter().any(|o| o.kind == OptionKind::Alternative) =>
            {
                // The option with the most votes, if it meets the rule and
                // no other has as many, is the council's choice.
                mark_elected(&mut options, self.rule, rule_base, 1);
                let chosen = options
                    .iter()
                    .find(|o| o.outcome == Some(CandidateOutcome::Elected))
                    .map(|o| o.label.clone());
                passed = Some(chosen.is_some());
                let parts: Vec<String> = options
                    .iter()
                    .map(|o| format!("{} {} ({})", o.label, o.count, o.percent_of_seats))
                    .collect();
                format!(
                    "{participation}; {}; {}",
                    parts.join("; "),
                    chosen.map_or("không phương án nào đạt".to_string(), |c| {
                        format!("phương án được chọn: {c}")
                    })
                )
            }
            PollKind::Named | PollKind::Secret => {
                let yes = options
                    .iter()
                    .find(|o| o.kind == OptionKind::Yes)
                    .map_or(0, |o| o.count);
                passed = Some(self.rule.reached(yes, rule_base));
                let parts: Vec<String> = options
                    .iter()
                    .map(|o| {
                        format!(
                            "{} {} ({})",
                            o.label.to_lowercase(),
                            o.count,
                            o.percent_of_seats
                        )
                    })
                    .collect();
                format!("{participation}; {}", parts.join("; "))
            }
            PollKind::Election => {
                mark_elected(
                    &mut options,
                    self.rule,
                    rule_base,
                    self.max_choices as usize,
                );
                let elected: Vec<&str> = options
                    .iter()
                    .filter(|o| o.outcome == Some(CandidateOutcome::Elected))
                    .map(|o| o.label.as_str())
                    .collect();
                format!(
                    "{participation}; trúng cử: {}",
                    if elected.is_empty() {
                        "không có".to_string()
                    } else {
                        elected.join(", ")
                    }
                )
            }
            PollKind::Confidence => {
                for o in self
                    .options
                    .iter()
                    .filter(|o| o.kind == OptionKind::Official)
                {
                    let (high, medium, low) = (
                        self.tally(o.id, "high"),
                        self.tally(o.id, "medium"),
                        self.tally(o.id, "low"),
                    );
                    officials.push(OfficialRating {
                        option_id: o.id,
                        person_id: o.person_id,
                        label: o.label.clone(),
                        high,
                        medium,
                        low,
                        invalid: self.tally(o.id, "invalid"),
                        high_percent: percent(high, seats),
                        medium_percent: percent(medium, seats),
                        low_percent: percent(low, seats),
                        low_over_half: super::Fraction::HALF.reached(low, seats, true),
                        low_two_thirds: super::Fraction::TWO_THIRDS.reached(low, seats, false),
                    });
                }
                participation
            }
        };
        PollResult {
            total_seats: self.total_seats,
            present: self.present,
            ballots_cast: self.ballots_cast,
            participation_percent: percent(u64::from(self.ballots_cast), seats),
            invariants_hold: self.ballots_cast <= self.present && self.present <= self.total_seats,
            rule: self.rule,
            rule_base,
            votes_needed: needed,
            options,
            passed,
            officials,
            named: self.named,
            summary,
            verification_sha256: None,
        }
    }
}

/// Elected: the most votes among candidates who meet the rule, up to `seats`;
/// candidates tied across the last seat are reported as tied, not elected.
fn mark_elected(options: &mut [OptionCount], rule: MajorityRule, base: u64, seats: usize) {
    let mut qualifying: Vec<u64> = options
        .iter()
        .filter(|o| rule.reached(o.count, base))
        .map(|o| o.count)
        .collect();
    qualifying.sort_unstable_by(|a, b| b.cmp(a));
    for o in options.iter_mut() {
        o.outcome = Some(CandidateOutcome::NotElected);
        if !rule.reached(o.count, base) {
            continue;
        }
        let above = qualifying.iter().filter(|&&c| c > o.count).count();
        let level = qualifying.iter().filter(|&&c| c == o.count).count();
        o.outcome = Some(if above + level <= seats {
            CandidateOutcome::Elected
        } else if above < seats {
            CandidateOutcome::Tied
        } else {
            CandidateOutcome::NotElected
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Fraction, MajorityBase};

    fn yes_no() -> Vec<PollOption> {
        [
            (1, OptionKind::Yes, "Tán thành"),
            (2, OptionKind::No, "Không tán thành"),
            (3, OptionKind::Abstain, "Không biểu quyết"),
        ]
        .into_iter()
        .map(|(id, kind, label)| PollOption {
            id,
            position: id as u32,
            kind,
            label: label.into(),
            person_id: None,
        })
        .collect()
    }

    fn tallies(counts: &[(i64, &str, u64)]) -> Vec<Tally> {
        counts
            .iter()
            .map(|&(option_id, rating, count)| Tally {
                option_id,
                rating: rating.into(),
                count,
            })
            .collect()
    }

    fn count<'a>(
        kind: PollKind,
        options: &'a [PollOption],
        t: &'a [Tally],
        present: u32,
        cast: u32,
    ) -> Count<'a> {
        Count {
            kind,
            rule: MajorityRule::RESOLUTION,
            total_seats: 50,
            present,
            ballots_cast: cast,
            max_choices: 1,
            options,
            tallies: t,
            named: Vec::new(),
        }
    }

    #[test]
    fn the_announcement_reads_as_in_the_chamber() {
        let options = yes_no();
        let t = tallies(&[(1, "", 45), (2, "", 2), (3, "", 1)]);
        let r = count(PollKind::Secret, &options, &t, 48, 48).result();
        assert_eq!(
            r.summary,
            "Có 48/50 đại biểu tham gia biểu quyết (96,00%); tán thành 45 (90,00%); \
             không tán thành 2 (4,00%); không biểu quyết 1 (2,00%)"
        );
        assert_eq!(r.passed, Some(true));
        assert_eq!(r.votes_needed, 26);
        assert!(r.invariants_hold);
    }

    #[test]
    fn exactly_half_of_the_seats_does_not_pass() {
        let options = yes_no();
        let t = tallies(&[(1, "", 25), (2, "", 0), (3, "", 0)]);
        assert_eq!(
            count(PollKind::Named, &options, &t, 25, 25).result().passed,
            Some(false)
        );
        let t = tallies(&[(1, "", 26)]);
        assert_eq!(
            count(PollKind::Named, &options, &t, 26, 26).result().passed,
            Some(true)
        );
        // Against ballots cast, 25 of 25 passes.
        let t = tallies(&[(1, "", 25)]);
        let mut c = count(PollKind::Named, &options, &t, 30, 25);
        c.rule = MajorityRule {
            base: MajorityBase::BallotsCast,
            ..MajorityRule::RESOLUTION
        };
        assert_eq!(c.result().passed, Some(true));
        // Two thirds inclusive for a dismissal: 34 of 50 meets it, 33 does not.
        for (yes, passes) in [(33, false), (34, true)] {
            let t = tallies(&[(1, "", yes)]);
            let mut c = count(PollKind::Secret, &options, &t, 50, yes as u32);
            c.rule = MajorityRule {
                base: MajorityBase::TotalSeats,
                fraction: Fraction::TWO_THIRDS,
                strict: false,
            };
            assert_eq!(c.result().passed, Some(passes), "{yes}");
        }
    }

    #[test]
    fn broken_invariants_are_reported() {
        let options = yes_no();
        let t = tallies(&[(1, "", 10)]);
        assert!(
            !count(PollKind::Named, &options, &t, 9, 10)
                .result()
                .invariants_hold
        );
    }

    #[test]
    fn confidence_flags_low_ratings_against_the_seats() {
        let options = vec![
            PollOption {
                id: 7,
                position: 1,
                kind: OptionKind::Official,
                label: "A".into(),
                person_id: Some(70),
            },
            PollOption {
                id: 8,
                position: 2,
                kind: OptionKind::Official,
                label: "B".into(),
                person_id: Some(80),
            },
        ];
        let t = tallies(&[
            (7, "low", 25),
            (7, "high", 20),
            (7, "invalid", 5),
            (8, "low", 34),
            (8, "medium", 16),
        ]);
        let r = count(PollKind::Confidence, &options, &t, 50, 50).result();
        assert_eq!(r.officials.len(), 2);
        let (a, b) = (&r.officials[0], &r.officials[1]);
        assert!(!a.low_over_half, "25 of 50 is not more than half");
        assert_eq!((a.invalid, a.low_percent.as_str()), (5, "50,00%"));
        assert!(
            b.low_over_half && b.low_two_thirds,
            "34 of 50 is over half and at least two thirds"
        );
    }

    #[test]
    fn election_elects_the_most_votes_above_the_rule_and_reports_ties() {
        let options: Vec<PollOption> = (1..=4)
            .map(|id| PollOption {
                id,
                position: id as u32,
                kind: OptionKind::Candidate,
                label: format!("C{id}"),
                person_id: Some(id * 10),
            })
            .collect();
        // Two seats; C1 40, C2 30 and C3 30 (tied for the second seat), C4 20 (below the rule).
        let t = tallies(&[(1, "", 40), (2, "", 30), (3, "", 30), (4, "", 20)]);
        let mut c = count(PollKind::Election, &options, &t, 50, 50);
        c.max_choices = 2;
        let r = c.result();
        let outcomes: Vec<_> = r.options.iter().map(|o| o.outcome.unwrap()).collect();
        use CandidateOutcome::*;
        assert_eq!(outcomes, [Elected, Tied, Tied, NotElected]);
        assert!(r.summary.ends_with("trúng cử: C1"), "{}", r.summary);
        // With three seats the tie resolves.
        c = count(PollKind::Election, &options, &t, 50, 50);
        c.max_choices = 3;
        let outcomes: Vec<_> = c
            .result()
            .options
            .iter()
            .map(|o| o.outcome.unwrap())
            .collect();
        assert_eq!(outcomes, [Elected, Elected, Elected, NotElected]);
    }

    fn poll(kind: PollKind, state: PollState, options: Vec<PollOption>) -> Poll {
        Poll {
            state,
            ..Poll::sample(kind, options)
        }
    }

    fn person_options(kind: OptionKind, people: &[i64]) -> Vec<PollOption> {
        people
            .iter()
            .enumerate()
            .map(|(i, &person)| PollOption {
                id: 100 + person,
                position: i as u32 + 1,
                kind,
                label: format!("Người {person}"),
                person_id: Some(person),
            })
            .collect()
    }

    fn choice(c: Choice) -> BallotRequest {
        BallotRequest {
            option: None,
            choice: Some(c),
            ratings: None,
            candidates: None,
        }
    }

    #[test]
    fn a_poll_opens_from_draft_while_the_session_sits_and_alone() {
        let draft = poll(PollKind::Named, PollState::Draft, yes_no());
        assert!(draft
            .require_openable(SessionState::InProgress, None)
            .is_ok());
        assert_eq!(
            draft.require_openable(SessionState::Convened, None),
            Err(Refusal::invalid_state(
                "the session is convened; polls open only while it sits"
            ))
        );
        assert_eq!(
            draft.require_openable(SessionState::InProgress, Some(4)),
            Err(Refusal::refused(
                "poll_open",
                "poll 4 is open; close it first"
            ))
        );
        for state in [PollState::Open, PollState::Closed, PollState::Annulled] {
            let p = poll(PollKind::Named, state, yes_no());
            assert!(matches!(
                p.require_openable(SessionState::InProgress, None),
                Err(Refusal::Refused {
                    code: "poll_not_draft",
                    ..
                })
            ));
        }
        assert!(Poll::check_preparation(SessionState::Convened).is_ok());
        assert!(Poll::check_preparation(SessionState::Draft).is_err());
        assert!(Poll::check_preparation(SessionState::Closed).is_err());
    }

    #[test]
    fn only_open_or_closed_polls_are_annulled_and_revoted() {
        for (state, annullable) in [
            (PollState::Draft, false),
            (PollState::Open, true),
            (PollState::Closed, true),
            (PollState::Annulled, false),
        ] {
            let p = poll(PollKind::Secret, state, yes_no());
            assert_eq!(p.require_annullable().is_ok(), annullable, "{state}");
            assert_eq!(
                p.require_open().is_ok(),
                state == PollState::Open,
                "{state}"
            );
        }
        let annulled = poll(PollKind::Secret, PollState::Annulled, yes_no());
        assert!(Poll::check_revote_of(Some(&annulled), 1).is_ok());
        assert!(
            Poll::check_revote_of(Some(&annulled), 2).is_err(),
            "another session"
        );
        assert!(Poll::check_revote_of(None, 1).is_err());
        let closed = poll(PollKind::Secret, PollState::Closed, yes_no());
        assert!(Poll::check_revote_of(Some(&closed), 1).is_err());
    }

    /// The thresholds the chamber argues about, exactly: strict ("more
    /// than") against inclusive ("at least"), on 50, 51 and 60 seats.
    #[test]
    fn thresholds_at_their_edges_tell_strict_from_inclusive() {
        use crate::{Fraction, MajorityBase};
        let rule = |fraction, strict| MajorityRule {
            base: MajorityBase::TotalSeats,
            fraction,
            strict,
        };
        let half = rule(Fraction::HALF, true);
        let half_inclusive = rule(Fraction::HALF, false);
        let two_thirds = rule(Fraction::TWO_THIRDS, false);
        let over_two_thirds = rule(Fraction::TWO_THIRDS, true);
        // (rule, seats, votes, passes)
        for (rule, seats, votes, passes) in [
            (half, 50, 25, false),
            (half, 50, 26, true),
            (half_inclusive, 50, 25, true),
            (half, 51, 25, false),
            (half, 51, 26, true),
            (half, 51, 27, true),
            (half_inclusive, 51, 25, false),
            (half_inclusive, 51, 26, true),
            (two_thirds, 50, 33, false),
            (two_thirds, 50, 34, true),
            (over_two_thirds, 50, 34, true),
            (two_thirds, 51, 34, true),
            (over_two_thirds, 51, 34, false),
            (over_two_thirds, 51, 35, true),
            (two_thirds, 60, 40, true),
            (over_two_thirds, 60, 40, false),
            (over_two_thirds, 60, 41, true),
        ] {
            assert_eq!(
                rule.reached(votes, seats),
                passes,
                "{votes} of {seats}, {rule:?}"
            );
            let t = threshold(PollKind::Secret, rule, seats as u32, 0, false).unwrap();
            assert_eq!(
                t.votes_needed.unwrap() <= votes,
                passes,
                "the announced threshold is the applied one: {votes} of {seats}, {t:?}"
            );
        }
        let t = threshold(PollKind::Named, half, 50, 48, false).unwrap();
        assert_eq!(
            t.text,
            "Cần quá nửa tổng số đại biểu: từ 26/50 phiếu tán thành trở lên."
        );
        let present = MajorityRule {
            base: MajorityBase::Present,
            ..two_thirds
        };
        let t = threshold(PollKind::Election, present, 50, 45, false).unwrap();
        assert_eq!(
            t.text,
            "Cần ít nhất hai phần ba số đại biểu có mặt khi mở biểu quyết: từ 30/45 phiếu bầu trở lên."
        );
        let cast = MajorityRule {
            base: MajorityBase::BallotsCast,
            ..half
        };
        assert_eq!(
            threshold(PollKind::Secret, cast, 50, 45, false)
                .unwrap()
                .votes_needed,
            None
        );
        assert!(threshold(PollKind::Confidence, half, 50, 45, false).is_none());
        let own = threshold(PollKind::Named, half, 50, 48, true).unwrap();
        assert!(
            own.text
                .ends_with("từ 26/50 phiếu cho một phương án trở lên."),
            "{}",
            own.text
        );
        assert!(Poll::check_present(50, 50).is_ok());
        assert_eq!(
            Poll::check_present(51, 50).unwrap_err(),
            Refusal::refused(
                "seats_exceeded",
                "51 delegates are checked in, but the council has 50 seats; correct the attendance first"
            )
        );
    }

    #[test]
    fn a_ballot_counts_only_when_every_rule_agrees() {
        let open = poll(PollKind::Secret, PollState::Open, yes_no());
        assert_eq!(
            open.admit(choice(Choice::No), VoterPresence::Present, false, true),
            Ok(vec![(2, "")])
        );
        assert_eq!(
            open.admit(choice(Choice::Yes), VoterPresence::Absent, false, true),
            Err(Refusal::refused("not_checked_in", "check in before voting"))
        );
        assert_eq!(
            open.admit(choice(Choice::Yes), VoterPresence::Present, true, true),
            Err(Refusal::refused(
                "already_voted",
                "your ballot in this poll is already recorded"
            ))
        );
        assert_eq!(
            open.admit(choice(Choice::Yes), VoterPresence::Present, false, false),
            Err(Refusal::refused(
                "poll_not_open",
                "the poll was not yet open when the ballot arrived; vote again"
            )),
            "a secret ballot that was not encrypted on receipt is not counted"
        );
        assert_eq!(
            open.admit(
                choice(Choice::Yes),
                VoterPresence::ArrivedAfterOpening,
                false,
                true
            ),
            Err(Refusal::refused(
                "arrived_after_opening",
                "you checked in after this poll opened; the delegates present were counted then"
            ))
        );
        let named = poll(PollKind::Named, PollState::Open, yes_no());
        assert!(named
            .admit(choice(Choice::Yes), VoterPresence::Present, false, false)
            .is_ok());
        let closed = poll(PollKind::Secret, PollState::Closed, yes_no());
        assert_eq!(
            closed.admit(choice(Choice::Yes), VoterPresence::Present, false, true),
            Err(Refusal::refused(
                "poll_not_open",
                "the poll is closed, not open"
            ))
        );
        // A ballot of the wrong shape is malformed; an option the poll lacks does not fit.
        let wrong_shape = BallotRequest {
            option: None,
            choice: None,
            ratings: None,
            candidates: Some(vec![1]),
        };
        assert!(matches!(
            open.admit(wrong_shape, VoterPresence::Present, false, true),
            Err(Refusal::Invalid(_))
        ));
        let no_abstain = poll(PollKind::Named, PollState::Open, yes_no()[..2].to_vec());
        assert_eq!(
            no_abstain.admit(choice(Choice::Abstain), VoterPresence::Present, false, true),
            Err(Refusal::refused(
                "invalid_ballot",
                "the ballot does not fit this poll"
            ))
        );
    }

    #[test]
    fn a_confidence_ballot_rates_every_official_and_an_election_its_choices() {
        let rating = poll(
            PollKind::Confidence,
            PollState::Open,
            person_options(OptionKind::Official, &[7, 8]),
        );
        let ratings = BallotRequest {
            option: None,
            choice: None,
            ratings: Some(BTreeMap::from([(7, Rating::Low)])),
            candidates: None,
        };
        assert_eq!(
            rating.admit(ratings, VoterPresence::Present, false, true),
            Ok(vec![(107, "low"), (108, "invalid")]),
            "an official left unrated counts as invalid for that official"
        );
        let mut election = poll(
            PollKind::Election,
            PollState::Open,
            person_options(OptionKind::Candidate, &[7, 8, 9]),
        );
        election.max_choices = 2;
        let chosen = |c: Vec<i64>| BallotRequest {
            option: None,
            choice: None,
            ratings: None,
            candidates: Some(c),
        };
        assert_eq!(
            election.admit(chosen(vec![9, 7]), VoterPresence::Present, false, true),
            Ok(vec![(107, ""), (109, "")])
        );
        assert_eq!(
            election.admit(chosen(vec![]), VoterPresence::Present, false, true),
            Ok(vec![])
        );
        assert!(matches!(
            election.admit(chosen(vec![7, 8, 9]), VoterPresence::Present, false, true),
            Err(Refusal::Invalid(_))
        ));
        assert!(matches!(
            election.admit(chosen(vec![7, 7]), VoterPresence::Present, false, true),
            Err(Refusal::Invalid(_))
        ));
    }

    fn alternatives(labels: &[&str]) -> Vec<PollOption> {
        labels
            .iter()
            .enumerate()
            .map(|(i, label)| PollOption {
                id: 40 + i as i64,
                position: i as u32 + 1,
                kind: OptionKind::Alternative,
                label: (*label).into(),
                person_id: None,
            })
            .collect()
    }

    fn new_poll(kind: PollKind, alternatives: &[&str]) -> NewPoll {
        NewPoll {
            kind,
            title: "Chọn phương án đầu tư".into(),
            rule: None,
            candidates: Vec::new(),
            max_choices: None,
            officials: Vec::new(),
            alternatives: alternatives.iter().map(|a| (*a).to_string()).collect(),
            revote_of: None,
        }
    }

    #[test]
    fn a_poll_offers_at_least_two_distinct_options_of_its_own() {
        let ok = new_poll(PollKind::Secret, &[" Phương án 1 ", "Phương án 2"])
            .validated()
            .unwrap();
        assert_eq!(ok.alternatives, ["Phương án 1", "Phương án 2"]);
        assert!(
            new_poll(PollKind::Named, &[]).validated().is_ok(),
            "none: yes/no/abstain"
        );
        let many: Vec<String> = (1..=21).map(|i| format!("Phương án {i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        for (bad, kind) in [
            (vec!["Phương án 1"], PollKind::Named),
            (vec!["Phương án 1", "phuong an 1"], PollKind::Named),
            (vec!["Phương án 1", " "], PollKind::Secret),
            (many.clone(), PollKind::Secret),
        ] {
            let refused = new_poll(kind, &bad).validated();
            assert_eq!(
                refused.err().map(|e| e.field),
                Some("alternatives"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn only_named_and_secret_polls_offer_options_of_their_own() {
        let election = NewPoll {
            candidates: vec![1, 2],
            ..new_poll(PollKind::Election, &["A", "B"])
        };
        assert_eq!(election.validated().unwrap_err().field, "alternatives");
    }

    #[test]
    fn a_ballot_chooses_one_of_the_polls_own_options() {
        let p = poll(
            PollKind::Secret,
            PollState::Open,
            alternatives(&["Phương án 1", "Phương án 2", "Phương án 3"]),
        );
        let option = |id| BallotRequest {
            option: Some(id),
            choice: None,
            ratings: None,
            candidates: None,
        };
        let counters = p
            .admit(option(41), VoterPresence::Present, false, true)
            .unwrap();
        assert_eq!(counters, [(41, "")]);
        for (bad, field) in [(option(99), "option"), (choice(Choice::Yes), "ballot")] {
            let refused = p.admit(bad, VoterPresence::Present, false, true);
            assert!(
                matches!(&refused, Err(Refusal::Invalid(e)) if e.field == field),
                "{refused:?}"
            );
        }
        // A yes/no poll takes no option id.
        let yes_no = poll(PollKind::Secret, PollState::Open, yes_no());
        let refused = yes_no.admit(option(1), VoterPresence::Present, false, true);
        assert!(
            matches!(&refused, Err(Refusal::Invalid(e)) if e.field == "ballot"),
            "{refused:?}"
        );
        // The secret layout spans the options: exactly one is marked.
        let layout = p.ballot_layout();
        assert_eq!(layout.len(), 1);
        assert_eq!(layout[0].counters, [(40, ""), (41, ""), (42, "")]);
        assert!(layout[0].exactly_one);
    }

    #[test]
    fn the_option_with_most_votes_meeting_the_rule_is_chosen() {
        let options = alternatives(&["Phương án 1", "Phương án 2"]);
        let t = tallies(&[(40, "", 30), (41, "", 15)]);
        let r = count(PollKind::Named, &options, &t, 50, 45).result();
        assert_eq!(r.passed, Some(true));
        assert_eq!(r.options[0].outcome, Some(CandidateOutcome::Elected));
        assert!(
            r.summary.ends_with("phương án được chọn: Phương án 1"),
            "{}",
            r.summary
        );
        // 25 of 50 seats is not more than half: none is chosen.
        let t = tallies(&[(40, "", 25), (41, "", 25)]);
        let r = count(PollKind::Secret, &options, &t, 50, 50).result();
        assert_eq!(r.passed, Some(false));
        assert!(
            r.summary.ends_with("không phương án nào đạt"),
            "{}",
            r.summary
        );
    }
}
