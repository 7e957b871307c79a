//! A session's sittings in order: which one attendance is kept for, when
//! delegates may check in, and when the chair may begin the next.
//!
//! Each sitting (phiên họp) has its own roll call: the chair begins the
//! next sitting, the roll of the one before is kept as it stood, and the
//! delegates check in afresh; the quorum counts those present now.

use chrono::{DateTime, Duration, NaiveTime, Utc};

use crate::events::format_time;
use crate::{Refusal, Session, SessionState, Sitting};

/// How long before its sitting delegates may check in: the hour or two in
/// which they arrive and open their laptops, not the days before.
pub fn check_in_lead() -> Duration {
    Duration::hours(2)
}

/// The sitting attendance is kept for: the last one begun, else the first.
/// `sittings` are in order (by start, then id), as every store lists them.
pub fn current_sitting(sittings: &[Sitting]) -> Option<&Sitting> {
    sittings
        .iter()
        .rev()
        .find(|s| s.begun_at.is_some())
        .or_else(|| sittings.first())
}

/// When delegates may begin checking in, or `None` while the session sits
/// (from its start, check-in is always open). Before the start: the lead
/// before the current sitting, or before the first day's midnight in
/// Vietnam when the session has no sittings.
pub fn check_in_opens_at(session: &Session, sittings: &[Sitting]) -> Option<DateTime<Utc>> {
    if session.state == SessionState::InProgress {
        return None;
    }
    let start = match current_sitting(sittings) {
        Some(s) => s.starts_at,
        None => vietnam_midnight(session.planned_start),
    };
    Some(start - check_in_lead())
}

/// Refuses a check-in made before check-in opens (`check_in_not_open`).
pub fn require_check_in_open(
    session: &Session,
    sittings: &[Sitting],
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    match check_in_opens_at(session, sittings) {
        Some(opens) if now < opens => Err(Refusal::refused(
            "check_in_not_open",
            format!("check-in opens at {}", format_time(opens)),
        )),
        _ => Ok(()),
    }
}

/// What is under way on the floor when the chair begins a sitting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FloorActivity {
    pub poll_open: bool,
    /// A speech is running (a paused one may go on in the next sitting).
    pub speech_under_way: bool,
}

/// Whether the chair may begin sitting `target` now: it must come after
/// the current one (sittings are not re-begun, though one may be skipped),
/// and no poll may be open nor a speech running, since the roll — and with
/// it the quorum and who may vote — starts afresh.
pub fn require_sitting_beginnable(
    sittings: &[Sitting],
    target: i64,
    floor: FloorActivity,
) -> Result<(), Refusal> {
    let index_of = |id: i64| sittings.iter().position(|s| s.id == id);
    let Some(target_index) = index_of(target) else {
        return Err(Refusal::invalid_reference(
            "sitting_id",
            format!("no sitting {target} in this session"),
        ));
    };
    let current_index = current_sitting(sittings).and_then(|s| index_of(s.id));
    if current_index.is_some_and(|c| target_index <= c) {
        return Err(Refusal::refused(
            "sitting_passed",
            "this sitting has already begun or comes before the current one",
        ));
    }
    if floor.poll_open {
        return Err(Refusal::refused(
            "poll_open",
            "a poll is open; close it before the next sitting",
        ));
    }
    if floor.speech_under_way {
        return Err(Refusal::refused(
            "speech_under_way",
            "a speech is under way; end it before the next sitting",
        ));
    }
    Ok(())
}

/// Where a sitting's roll is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollSource {
    /// The roll being kept now (the current sitting of an unclosed session).
    Live,
    /// The roll as it stood when the next sitting began or the session closed.
    Kept,
    /// A sitting not begun (yet, or skipped): it has no roll.
    NotBegun,
}

/// Where the roll of sitting `target` (one of `sittings`) is.
pub fn roll_source(session: &Session, sittings: &[Sitting], target: i64) -> RollSource {
    let current = current_sitting(sittings).map(|s| s.id);
    if current == Some(target) && session.state != SessionState::Closed {
        RollSource::Live
    } else if sittings
        .iter()
        .any(|s| s.id == target && s.begun_at.is_some())
    {
        RollSource::Kept
    } else {
        RollSource::NotBegun
    }
}

/// 00:00 in Vietnam (UTC+7) on `date`.
fn vietnam_midnight(date: chrono::NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc() - Duration::hours(7)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SessionKind;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn sitting(id: i64, starts: &str, begun: Option<&str>) -> Sitting {
        Sitting {
            id,
            session_id: 1,
            title: format!("Phiên {id}"),
            starts_at: at(starts),
            begun_at: begun.map(at),
        }
    }

    fn session(state: SessionState) -> Session {
        Session {
            id: 1,
            council_id: 1,
            term_id: 1,
            number: 1,
            kind: SessionKind::Regular,
            title: "Kỳ họp thứ nhất".into(),
            place: "Hội trường".into(),
            planned_start: chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            planned_end: chrono::NaiveDate::from_ymd_opt(2026, 12, 9).unwrap(),
            state,
            created_at: at("2026-11-01T00:00:00Z"),
        }
    }

    #[test]
    fn the_current_sitting_is_the_last_begun_else_the_first() {
        let none_begun = [
            sitting(1, "2026-12-08T01:00:00Z", None),
            sitting(2, "2026-12-08T06:30:00Z", None),
        ];
        assert_eq!(current_sitting(&none_begun).map(|s| s.id), Some(1));
        let second_begun = [
            sitting(1, "2026-12-08T01:00:00Z", Some("2026-12-08T01:02:00Z")),
            sitting(2, "2026-12-08T06:30:00Z", Some("2026-12-08T06:40:00Z")),
            sitting(3, "2026-12-09T01:00:00Z", None),
        ];
        assert_eq!(current_sitting(&second_begun).map(|s| s.id), Some(2));
        assert_eq!(current_sitting(&[]), None);
    }

    #[test]
    fn check_in_opens_two_hours_before_the_sitting_not_days() {
        let sittings = [sitting(1, "2026-12-08T01:00:00Z", None)];
        let convened = session(SessionState::Convened);
        // Eight days early (the reported case) and one minute early: refused.
        for now in ["2026-11-30T01:00:00Z", "2026-12-07T22:59:00Z"] {
            let refusal = require_check_in_open(&convened, &sittings, at(now)).unwrap_err();
            assert!(
                matches!(refusal, Refusal::Refused { code: "check_in_not_open", ref message }
                    if message.contains("2026-12-07T23:00:00")),
                "{now}: {refusal:?}"
            );
        }
        // From two hours before (06:00 in Vietnam for an 08:00 sitting).
        for now in ["2026-12-07T23:00:00Z", "2026-12-08T03:00:00Z"] {
            assert_eq!(require_check_in_open(&convened, &sittings, at(now)), Ok(()));
        }
        // Once the chair started the session, early or not, it is open.
        let sitting_now = session(SessionState::InProgress);
        assert_eq!(check_in_opens_at(&sitting_now, &sittings), None);
        assert_eq!(
            require_check_in_open(&sitting_now, &sittings, at("2026-11-30T01:00:00Z")),
            Ok(())
        );
    }

    #[test]
    fn without_sittings_check_in_opens_on_the_eve_of_the_first_day() {
        // 00:00 on 08/12 in Vietnam is 17:00 UTC on 07/12; two hours before.
        assert_eq!(
            check_in_opens_at(&session(SessionState::Convened), &[]),
            Some(at("2026-12-07T15:00:00Z"))
        );
    }

    #[test]
    fn a_roll_is_live_kept_or_not_yet_there() {
        let sittings = [
            sitting(1, "2026-12-08T01:00:00Z", Some("2026-12-08T01:02:00Z")),
            sitting(2, "2026-12-08T06:30:00Z", Some("2026-12-08T06:40:00Z")),
            sitting(3, "2026-12-09T01:00:00Z", None),
        ];
        let sitting_now = session(SessionState::InProgress);
        assert_eq!(roll_source(&sitting_now, &sittings, 1), RollSource::Kept);
        assert_eq!(roll_source(&sitting_now, &sittings, 2), RollSource::Live);
        assert_eq!(
            roll_source(&sitting_now, &sittings, 3),
            RollSource::NotBegun
        );
        // Closing keeps the last roll.
        let closed = session(SessionState::Closed);
        assert_eq!(roll_source(&closed, &sittings, 2), RollSource::Kept);
        // Before the start, the first sitting's roll is the one being kept.
        let unbegun = [sitting(1, "2026-12-08T01:00:00Z", None)];
        let convened = session(SessionState::Convened);
        assert_eq!(roll_source(&convened, &unbegun, 1), RollSource::Live);
    }

    #[test]
    fn the_next_sitting_begins_only_forward_and_with_the_floor_quiet() {
        let sittings = [
            sitting(1, "2026-12-08T01:00:00Z", Some("2026-12-08T01:02:00Z")),
            sitting(2, "2026-12-08T06:30:00Z", None),
            sitting(3, "2026-12-09T01:00:00Z", None),
        ];
        let quiet = FloorActivity::default();
        assert_eq!(require_sitting_beginnable(&sittings, 2, quiet), Ok(()));
        // A sitting may be skipped (cancelled), never gone back to.
        assert_eq!(require_sitting_beginnable(&sittings, 3, quiet), Ok(()));
        let code = |r: Result<(), Refusal>| match r {
            Err(Refusal::Refused { code, .. }) => code,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            code(require_sitting_beginnable(&sittings, 1, quiet)),
            "sitting_passed"
        );
        let poll = FloorActivity {
            poll_open: true,
            ..quiet
        };
        assert_eq!(
            code(require_sitting_beginnable(&sittings, 2, poll)),
            "poll_open"
        );
        let speech = FloorActivity {
            speech_under_way: true,
            ..quiet
        };
        assert_eq!(
            code(require_sitting_beginnable(&sittings, 2, speech)),
            "speech_under_way"
        );
        assert!(matches!(
            require_sitting_beginnable(&sittings, 9, quiet),
            Err(Refusal::InvalidReference {
                field: "sitting_id",
                ..
            })
        ));
    }
}
