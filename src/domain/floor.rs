//! The session floor: attendance, the running agenda and the speakers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rules::Fraction;
use super::text::{self, ValidationError};
use super::text_enum;

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
    pub addressed_to: Option<i64>,
    pub state: SpeechState,
    /// Place in the queue of its agenda item, from 1.
    pub position: u32,
    pub limit_seconds: u32,
    /// Speaking time used before `running_since`, in milliseconds.
    pub used_ms: u64,
    /// When the current stretch of speaking began (only while speaking).
    pub running_since: Option<DateTime<Utc>>,
    /// The one-minute warning has been given.
    pub warned: bool,
    /// The time limit has been reached.
    pub timed_out: bool,
    pub requested_at: DateTime<Utc>,
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
}
