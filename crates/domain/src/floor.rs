//! The session floor: attendance, the running agenda and the speakers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::refusal::same_members;
use super::rules::Fraction;
use super::text::{self, ValidationError};
use super::text_enum;
use super::{BelowQuorum, PersonKind, Refusal, SessionState};

text_enum! {
    /// A delegate's attendance in a session.
    AttendanceStatus {
        /// Checked in (có mặt).
        Present => "present",
        /// Marked absent by the secretariat, with a reason (vắng mặt có lý do).
        Absent => "absent",
        /// Checked in, then checked out.
        Left => "left",
    }
}

text_enum! {
    /// Where a present delegate attends from.
    AttendanceMode {
        /// In the chamber (tại hội trường).
        Chamber => "chamber",
        /// Online (trực tuyến).
        Online => "online",
    }
}

/// One delegate's attendance record in a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Attendance {
    pub session_id: i64,
    pub person_id: i64,
    pub status: AttendanceStatus,
    #[schema(required = true)]
    pub mode: Option<AttendanceMode>,
    pub reason: String,
    pub updated_at: DateTime<Utc>,
}

/// A change of attendance. A delegate checks themselves in; the secretariat
/// may do any of these for any delegate.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum AttendanceChange {
    CheckIn { mode: AttendanceMode },
    CheckOut,
    MarkAbsent { reason: String },
}

impl AttendanceChange {
    pub fn validated(self) -> Result<Self, ValidationError> {
        match self {
            AttendanceChange::MarkAbsent { reason } => {
                let reason = text::name("reason", &reason)?;
                Ok(AttendanceChange::MarkAbsent { reason })
            }
            other => Ok(other),
        }
    }

    /// The attendance a change records for a delegate whose attendance is
    /// `current`: status, mode and reason. Only a delegate who is present
    /// checks out.
    pub fn outcome(
        self,
        current: Option<AttendanceStatus>,
    ) -> Result<(AttendanceStatus, Option<AttendanceMode>, String), Refusal> {
        match self {
            AttendanceChange::CheckIn { mode } => {
                Ok((AttendanceStatus::Present, Some(mode), String::new()))
            }
            AttendanceChange::CheckOut if current == Some(AttendanceStatus::Present) => {
                Ok((AttendanceStatus::Left, None, String::new()))
            }
            AttendanceChange::CheckOut => Err(Refusal::refused(
                "not_checked_in",
                "the delegate is not checked in",
            )),
            AttendanceChange::MarkAbsent { reason } => Ok((AttendanceStatus::Absent, None, reason)),
        }
    }
}

/// Present delegates against the seats and the council's quorum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Quorum {
    pub present: u32,
    pub total_seats: u32,
    /// Delegates needed for the quorum.
    pub required: u32,
    pub reached: bool,
}

impl Quorum {
    pub fn new(present: u32, total_seats: u32, fraction: Fraction) -> Self {
        // Smallest n with n / total ≥ fraction.
        let required = (u64::from(total_seats) * u64::from(fraction.numerator))
            .div_ceil(u64::from(fraction.denominator));
        let required = u32::try_from(required).unwrap_or(u32::MAX);
        Quorum {
            present,
            total_seats,
            required,
            reached: present >= required,
        }
    }

    /// Whether the chair may start the session or open a poll now: below
    /// the quorum, refused under [`BelowQuorum::Refuse`], and under
    /// [`BelowQuorum::Warn`] only once the chair has seen the count and
    /// confirmed (`confirmed`).
    pub fn admits(&self, rule: BelowQuorum, confirmed: bool) -> Result<(), Refusal> {
        let count = format!(
            "{} of {} seats present, {} needed",
            self.present, self.total_seats, self.required
        );
        match (self.reached, rule, confirmed) {
            (true, _, _) | (false, BelowQuorum::Warn, true) => Ok(()),
            (false, BelowQuorum::Refuse, _) => Err(Refusal::refused(
                "quorum_not_reached",
                format!("the quorum is not reached: {count}"),
            )),
            (false, BelowQuorum::Warn, false) => Err(Refusal::refused(
                "below_quorum",
                format!("the quorum is not reached ({count}); confirm to go on"),
            )),
        }
    }
}

/// The chair's answer to a warning, sent when starting the session or
/// opening a poll.
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoAhead {
    /// The chair has seen that the quorum is not reached and goes on (only
    /// where the council warns rather than refuses).
    #[serde(default)]
    pub below_quorum_confirmed: bool,
}

text_enum! {
    /// Kind of a request to speak.
    SpeechKind {
        /// Thảo luận.
        Debate => "debate",
        /// Chất vấn: a question to an official.
        Question => "question",
        /// Trả lời chất vấn, giải trình: an official's reply.
        Reply => "reply",
    }
}

text_enum! {
    SpeechState {
        Queued => "queued",
        Speaking => "speaking",
        Paused => "paused",
        Done => "done",
        Withdrawn => "withdrawn",
    }
}

/// A request to speak, and the speech once given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Speech {
    pub id: i64,
    pub session_id: i64,
    pub agenda_item_id: i64,
    pub person_id: i64,
    pub kind: SpeechKind,
    /// The official a question is addressed to.
    #[schema(required = true)]
    pub addressed_to: Option<i64>,
    pub state: SpeechState,
    /// Place in the queue of its agenda item, from 1.
    pub position: u32,
    pub limit_seconds: u32,
    /// Speaking time used before `running_since`, in milliseconds.
    pub used_ms: u64,
    /// When the current stretch of speaking began (only while speaking).
    #[schema(required = true)]
    pub running_since: Option<DateTime<Utc>>,
    /// The one-minute warning has been given.
    pub warned: bool,
    /// The time limit has been reached.
    pub timed_out: bool,
    pub requested_at: DateTime<Utc>,
    #[schema(required = true)]
    pub ended_at: Option<DateTime<Utc>>,
    /// The speaker's full name, so that the queue and the chamber screen
    /// need no separate list of people (events of older versions lack it).
    #[serde(default)]
    pub speaker_name: String,
}

impl Speech {
    /// Milliseconds spoken so far at `now`.
    pub fn spoken_ms(&self, now: DateTime<Utc>) -> u64 {
        let running = self
            .running_since
            .map(|since| u64::try_from((now - since).num_milliseconds()).unwrap_or(0))
            .unwrap_or(0);
        self.used_ms + running
    }

    /// When the speech reaches `seconds_before_limit` seconds before its
    /// limit, if it is running.
    pub fn deadline(&self, seconds_before_limit: u32) -> Option<DateTime<Utc>> {
        let since = self.running_since?;
        let limit_ms = i64::from(self.limit_seconds.saturating_sub(seconds_before_limit)) * 1000;
        let left_ms = limit_ms - i64::try_from(self.used_ms).unwrap_or(i64::MAX);
        Some(since + chrono::Duration::milliseconds(left_ms.max(0)))
    }
}

/// Where a speech stands on the floor: the session's state, and whether
/// the speech's agenda item is the current one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloorState {
    pub session: SessionState,
    pub item_current: bool,
}

text_enum! {
    /// What becomes of a speech under way (speaking or paused) when the
    /// chair moves off its agenda item.
    SpeechOnLeaving {
        /// The speech ends there.
        End => "end",
        /// The speech pauses; it resumes when its item is current again.
        Pause => "pause",
    }
}

/// Moving off the current agenda item (to another, or closing it).
#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemChange {
    /// Required while a speech of the current item is under way.
    #[serde(default)]
    pub running_speech: Option<SpeechOnLeaving>,
}

impl ItemChange {
    /// What to do to `under_way`, the current item's speech that is
    /// speaking or paused, if any: nothing, or the chair's choice. Without
    /// a choice the chair is asked first: a speech never keeps running
    /// under an item that is no longer on the floor.
    pub fn speech_action(
        self,
        under_way: Option<&Speech>,
    ) -> Result<Option<SpeechAction>, Refusal> {
        let Some(speech) = under_way else {
            return Ok(None);
        };
        match (self.running_speech, speech.state) {
            (Some(SpeechOnLeaving::End), _) => Ok(Some(SpeechAction::End)),
            (Some(SpeechOnLeaving::Pause), SpeechState::Speaking) => Ok(Some(SpeechAction::Pause)),
            (Some(SpeechOnLeaving::Pause), _) => Ok(None),
            (None, state) => Err(Refusal::refused(
                "speech_under_way",
                format!(
                    "{} is {state} (speech {}); say whether the speech ends or pauses",
                    speech.speaker_name, speech.id
                ),
            )),
        }
    }
}

/// What the chair (or a timer, or the speaker) does to a speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeechAction {
    Start,
    Pause,
    End,
    Withdraw,
    SetLimit(u32),
}

/// A speech after an action, and the kind of the event that records it.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeechStep {
    pub speech: Speech,
    pub event: &'static str,
}

impl Speech {
    /// The speech state machine: `action` applied at `now`. `running_other`
    /// is another speech of the session that is speaking (one voice at a
    /// time); a speech starts only while the session sits and its agenda
    /// item is the current one.
    ///
    /// ```text
    /// queued ─start→ speaking ─pause→ paused ─start→ speaking ─end→ done
    ///   └─withdraw→ withdrawn          └──────────end──────────┘
    /// ```
    pub fn apply(
        &self,
        action: SpeechAction,
        now: DateTime<Utc>,
        running_other: Option<i64>,
        floor: FloorState,
    ) -> Result<SpeechStep, Refusal> {
        use SpeechState::*;
        let mut next = self.clone();
        let spoken = self.spoken_ms(now);
        let event = match (action, self.state) {
            (SpeechAction::Start, Queued | Paused) => {
                if let Some(other) = running_other.filter(|&other| other != self.id) {
                    return Err(Refusal::refused(
                        "speech_running",
                        format!("speech {other} is running; pause or end it first"),
                    ));
                }
                let session = floor.session;
                if !SessionState::SITTING.contains(&session) {
                    return Err(Refusal::invalid_state(format!(
                        "the session is {session}; cannot start a speech now"
                    )));
                }
                if !floor.item_current {
                    return Err(Refusal::refused(
                        "item_not_current",
                        "the speech's agenda item is not the current one; open it first",
                    ));
                }
                next.state = Speaking;
                next.running_since = Some(now);
                if self.state == Queued {
                    "speech.started"
                } else {
                    "speech.resumed"
                }
            }
            (SpeechAction::Pause, Speaking) => {
                next.state = Paused;
                next.running_since = None;
                next.used_ms = spoken;
                "speech.paused"
            }
            (SpeechAction::End, Speaking | Paused) => {
                next.state = Done;
                next.running_since = None;
                next.used_ms = spoken;
                next.ended_at = Some(now);
                "speech.ended"
            }
            (SpeechAction::Withdraw, Queued) => {
                next.state = Withdrawn;
                next.ended_at = Some(now);
                "speech.withdrawn"
            }
            (SpeechAction::SetLimit(limit), Queued | Speaking | Paused) => {
                // The alarms follow the new limit: a longer limit may ring them again.
                next.limit_seconds = limit;
                next.warned = spoken >= u64::from(limit.saturating_sub(60)) * 1000;
                next.timed_out = spoken >= u64::from(limit) * 1000;
                "speech.limit_changed"
            }
            (_, state) => {
                return Err(Refusal::invalid_state(format!(
                    "the speech is {state}; that cannot be done to it now"
                )))
            }
        };
        Ok(SpeechStep {
            speech: next,
            event,
        })
    }
}

/// Who may ask to speak, and how. Delegates debate and ask questions;
/// anyone (an official) replies. A question names the person it is
/// addressed to: `addressed_to` is whether that person belongs to the
/// council (`None`: it names nobody, as debates and replies do). One waiting request per person and item.
pub fn check_speech_request(
    kind: SpeechKind,
    speaker: PersonKind,
    addressed_to: Option<bool>,
    already_waiting: bool,
) -> Result<(), Refusal> {
    if kind != SpeechKind::Reply && speaker != PersonKind::Delegate {
        return Err(Refusal::invalid_reference(
            "kind",
            "only delegates debate and ask questions",
        ));
    }
    if kind == SpeechKind::Question && addressed_to.is_none() {
        return Err(Refusal::invalid_reference(
            "addressed_to",
            "a question names the official it is addressed to",
        ));
    }
    if let Some(in_council) = addressed_to {
        if kind != SpeechKind::Question || !in_council {
            return Err(Refusal::invalid_reference(
                "addressed_to",
                "a question is addressed to a person of this council",
            ));
        }
    }
    if already_waiting {
        return Err(Refusal::refused(
            "already_queued",
            "already waiting to speak on this item",
        ));
    }
    Ok(())
}

/// A new order of an item's queue: every queued speech exactly once.
pub fn check_speaker_order(queued: &[i64], order: &[i64]) -> Result<(), Refusal> {
    if same_members(queued, order) {
        Ok(())
    } else {
        Err(Refusal::invalid_reference(
            "order",
            "list every queued speech of the item exactly once",
        ))
    }
}

/// Where a new request goes in its item's queue (`queued`: the queued
/// speeches in queue order): at the end; with the council's "first
/// speakers first", a delegate who has not yet spoken in the session goes
/// before the first queued speaker who has (`has_spoken`).
pub fn queue_position(
    queued: &[&Speech],
    first_speakers_first: bool,
    speaker: PersonKind,
    speaker_has_spoken: bool,
    has_spoken: impl Fn(i64) -> bool,
) -> u32 {
    let end = queued.last().map_or(1, |s| s.position + 1);
    if !first_speakers_first || speaker != PersonKind::Delegate || speaker_has_spoken {
        return end;
    }
    queued
        .iter()
        .find(|s| has_spoken(s.person_id))
        .map_or(end, |s| s.position)
}

/// Asking to speak. Delegates ask for themselves; the chair and secretariat
/// may put anyone in the queue (an official to reply, for instance).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSpeech {
    pub kind: SpeechKind,
    /// Whom to put in the queue (chair and secretariat only).
    pub person_id: Option<i64>,
    /// For a question: the official it is addressed to.
    pub addressed_to: Option<i64>,
}

/// Changing a speech's time limit (chair).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpeechLimit {
    #[schema(minimum = 10, maximum = 14400)]
    pub limit_seconds: u32,
}

impl SpeechLimit {
    pub fn validated(self) -> Result<Self, ValidationError> {
        Ok(Self {
            limit_seconds: text::in_range("limit_seconds", self.limit_seconds, 10, 4 * 3600)?,
        })
    }
}

/// A new order for part of a list (agenda items of one level, or the queue
/// of one agenda item): every id of that list, in the new order.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reorder {
    /// For the agenda: whose sub-items to reorder (none: the top level).
    #[serde(default)]
    pub parent_id: Option<i64>,
    pub order: Vec<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quorum_of_two_thirds() {
        let q = Quorum::new(33, 50, Fraction::TWO_THIRDS);
        assert_eq!(q.required, 34);
        assert!(!q.reached);
        assert!(Quorum::new(34, 50, Fraction::TWO_THIRDS).reached);
        assert_eq!(Quorum::new(0, 51, Fraction::TWO_THIRDS).required, 34);
    }

    #[test]
    fn below_the_quorum_the_council_warns_or_refuses() {
        let code = |r: Result<(), Refusal>| match r {
            Ok(()) => "ok",
            Err(Refusal::Refused { code, .. }) => code,
            Err(other) => panic!("{other:?}"),
        };
        let short = Quorum::new(33, 50, Fraction::TWO_THIRDS);
        let enough = Quorum::new(34, 50, Fraction::TWO_THIRDS);
        for (quorum, rule, confirmed, expected) in [
            (short, BelowQuorum::Warn, false, "below_quorum"),
            (short, BelowQuorum::Warn, true, "ok"),
            (short, BelowQuorum::Refuse, false, "quorum_not_reached"),
            (short, BelowQuorum::Refuse, true, "quorum_not_reached"),
            (enough, BelowQuorum::Warn, false, "ok"),
            (enough, BelowQuorum::Refuse, false, "ok"),
        ] {
            assert_eq!(
                code(quorum.admits(rule, confirmed)),
                expected,
                "{quorum:?} {rule:?} {confirmed}"
            );
        }
        let Err(Refusal::Refused { message, .. }) = short.admits(BelowQuorum::Refuse, false) else {
            panic!()
        };
        assert!(
            message.contains("33 of 50 seats present, 34 needed"),
            "{message}"
        );
    }
}

#[cfg(test)]
mod speech_machine_tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + seconds, 0).unwrap()
    }

    fn speech(state: SpeechState) -> Speech {
        Speech {
            id: 7,
            session_id: 1,
            agenda_item_id: 2,
            person_id: 3,
            kind: SpeechKind::Debate,
            addressed_to: None,
            state,
            position: 1,
            limit_seconds: 300,
            used_ms: 0,
            running_since: None,
            warned: false,
            timed_out: false,
            requested_at: at(0),
            ended_at: None,
            speaker_name: "Nguyễn Văn A".into(),
        }
    }

    const SITTING: FloorState = FloorState {
        session: SessionState::InProgress,
        item_current: true,
    };

    #[test]
    fn a_speech_runs_pauses_resumes_and_ends_keeping_its_time() {
        let started = speech(SpeechState::Queued)
            .apply(SpeechAction::Start, at(10), None, SITTING)
            .unwrap();
        assert_eq!(started.event, "speech.started");
        assert_eq!(started.speech.running_since, Some(at(10)));
        let paused = started
            .speech
            .apply(SpeechAction::Pause, at(70), None, SITTING)
            .unwrap();
        assert_eq!(
            (
                paused.event,
                paused.speech.used_ms,
                paused.speech.running_since
            ),
            ("speech.paused", 60_000, None)
        );
        let resumed = paused
            .speech
            .apply(SpeechAction::Start, at(100), None, SITTING)
            .unwrap();
        assert_eq!(resumed.event, "speech.resumed");
        let ended = resumed
            .speech
            .apply(SpeechAction::End, at(130), None, SITTING)
            .unwrap();
        assert_eq!(ended.event, "speech.ended");
        assert_eq!(ended.speech.state, SpeechState::Done);
        assert_eq!(ended.speech.used_ms, 90_000);
        assert_eq!(ended.speech.ended_at, Some(at(130)));
    }

    #[test]
    fn one_voice_at_a_time_and_only_while_the_session_sits() {
        let queued = speech(SpeechState::Queued);
        assert_eq!(
            queued.apply(SpeechAction::Start, at(1), Some(9), SITTING),
            Err(Refusal::refused(
                "speech_running",
                "speech 9 is running; pause or end it first"
            ))
        );
        let convened = FloorState {
            session: SessionState::Convened,
            ..SITTING
        };
        assert_eq!(
            queued.apply(SpeechAction::Start, at(1), None, convened),
            Err(Refusal::invalid_state(
                "the session is convened; cannot start a speech now"
            ))
        );
        // A paused speech of an item the chair has moved off waits for it.
        let elsewhere = FloorState {
            item_current: false,
            ..SITTING
        };
        for state in [SpeechState::Queued, SpeechState::Paused] {
            assert_eq!(
                speech(state).apply(SpeechAction::Start, at(1), None, elsewhere),
                Err(Refusal::refused(
                    "item_not_current",
                    "the speech's agenda item is not the current one; open it first"
                ))
            );
        }
        // It can still be ended there.
        let ended = speech(SpeechState::Paused)
            .apply(SpeechAction::End, at(1), None, elsewhere)
            .unwrap();
        assert_eq!(ended.speech.state, SpeechState::Done);
    }

    #[test]
    fn moving_off_an_item_asks_what_becomes_of_its_speech() {
        use SpeechState::*;
        let ask = ItemChange::default();
        let end = ItemChange {
            running_speech: Some(SpeechOnLeaving::End),
        };
        let pause = ItemChange {
            running_speech: Some(SpeechOnLeaving::Pause),
        };
        assert_eq!(ask.speech_action(None), Ok(None));
        assert_eq!(end.speech_action(None), Ok(None));
        for state in [Speaking, Paused] {
            let s = speech(state);
            let Err(Refusal::Refused { code, message }) = ask.speech_action(Some(&s)) else {
                panic!("{state}: not asked")
            };
            assert_eq!(code, "speech_under_way");
            assert!(message.contains(&s.speaker_name), "{message}");
            assert_eq!(end.speech_action(Some(&s)), Ok(Some(SpeechAction::End)));
        }
        assert_eq!(
            pause.speech_action(Some(&speech(Speaking))),
            Ok(Some(SpeechAction::Pause))
        );
        assert_eq!(pause.speech_action(Some(&speech(Paused))), Ok(None));
    }

    #[test]
    fn steps_that_do_not_fit_the_state_are_refused() {
        use SpeechAction::*;
        use SpeechState::*;
        let allowed = [
            (Start, Queued),
            (Start, Paused),
            (Pause, Speaking),
            (End, Speaking),
            (End, Paused),
            (Withdraw, Queued),
            (SetLimit(120), Queued),
            (SetLimit(120), Speaking),
            (SetLimit(120), Paused),
        ];
        for action in [Start, Pause, End, Withdraw, SetLimit(120)] {
            for state in [Queued, Speaking, Paused, Done, Withdrawn] {
                let mut s = speech(state);
                if state == Speaking {
                    s.running_since = Some(at(0));
                }
                let result = s.apply(action, at(5), None, SITTING);
                assert_eq!(
                    result.is_ok(),
                    allowed.contains(&(action, state)),
                    "{action:?} on {state}"
                );
            }
        }
        assert_eq!(
            speech(Done).apply(End, at(1), None, SITTING),
            Err(Refusal::invalid_state(
                "the speech is done; that cannot be done to it now"
            ))
        );
    }

    #[test]
    fn a_new_limit_rings_the_alarms_again_or_not() {
        let mut s = speech(SpeechState::Paused);
        s.used_ms = 250_000;
        s.warned = true;
        let longer = s
            .apply(SpeechAction::SetLimit(600), at(1), None, SITTING)
            .unwrap();
        assert_eq!(longer.event, "speech.limit_changed");
        assert!(!longer.speech.warned && !longer.speech.timed_out);
        let shorter = s
            .apply(SpeechAction::SetLimit(240), at(1), None, SITTING)
            .unwrap();
        assert!(shorter.speech.warned && shorter.speech.timed_out);
        // Exactly one minute before the limit: warned, not timed out.
        let edge = s
            .apply(SpeechAction::SetLimit(310), at(1), None, SITTING)
            .unwrap();
        assert!(edge.speech.warned && !edge.speech.timed_out);
    }

    #[test]
    fn delegates_debate_and_ask_anyone_replies() {
        use PersonKind::*;
        use SpeechKind::*;
        assert!(check_speech_request(Debate, Delegate, None, false).is_ok());
        assert!(check_speech_request(Reply, Official, None, false).is_ok());
        assert!(check_speech_request(Question, Delegate, Some(true), false).is_ok());
        assert_eq!(
            check_speech_request(Question, Delegate, None, false),
            Err(Refusal::invalid_reference(
                "addressed_to",
                "a question names the official it is addressed to"
            )),
            "a question names whom it asks"
        );
        assert_eq!(
            check_speech_request(Debate, Official, None, false),
            Err(Refusal::invalid_reference(
                "kind",
                "only delegates debate and ask questions"
            ))
        );
        for (kind, in_council) in [(Question, false), (Debate, true), (Reply, true)] {
            assert_eq!(
                check_speech_request(kind, Delegate, Some(in_council), false),
                Err(Refusal::invalid_reference(
                    "addressed_to",
                    "a question is addressed to a person of this council"
                )),
                "{kind} addressed to a person in the council: {in_council}"
            );
        }
        assert_eq!(
            check_speech_request(Debate, Delegate, None, true),
            Err(Refusal::refused(
                "already_queued",
                "already waiting to speak on this item"
            ))
        );
    }

    #[test]
    fn the_queue_is_reordered_as_a_whole() {
        assert!(check_speaker_order(&[3, 1, 2], &[1, 2, 3]).is_ok());
        for wrong in [&[1, 2][..], &[1, 2, 3, 3], &[1, 2, 4]] {
            assert!(matches!(
                check_speaker_order(&[1, 2, 3], wrong),
                Err(Refusal::InvalidReference { field: "order", .. })
            ));
        }
    }

    #[test]
    fn first_speakers_go_before_those_who_have_spoken() {
        let mut queue = Vec::new();
        for (position, person) in [(1, 10), (2, 11), (3, 12)] {
            let mut s = speech(SpeechState::Queued);
            s.position = position;
            s.person_id = person;
            queue.push(s);
        }
        let queued: Vec<&Speech> = queue.iter().collect();
        let spoken = |p: i64| p == 11 || p == 12;
        use PersonKind::*;
        assert_eq!(queue_position(&queued, false, Delegate, false, spoken), 4);
        assert_eq!(queue_position(&queued, true, Delegate, false, spoken), 2);
        assert_eq!(queue_position(&queued, true, Delegate, true, spoken), 4);
        assert_eq!(queue_position(&queued, true, Official, false, spoken), 4);
        assert_eq!(queue_position(&queued, true, Delegate, false, |_| false), 4);
        assert_eq!(queue_position(&[], true, Delegate, false, spoken), 1);
    }

    #[test]
    fn only_a_present_delegate_checks_out() {
        use AttendanceStatus::*;
        assert!(AttendanceChange::CheckOut.outcome(Some(Present)).is_ok());
        for current in [None, Some(Absent), Some(Left)] {
            assert_eq!(
                AttendanceChange::CheckOut.outcome(current),
                Err(Refusal::refused(
                    "not_checked_in",
                    "the delegate is not checked in"
                ))
            );
        }
        let (status, mode, _) = AttendanceChange::CheckIn {
            mode: AttendanceMode::Online,
        }
        .outcome(Some(Left))
        .unwrap();
        assert_eq!((status, mode), (Present, Some(AttendanceMode::Online)));
    }
}
