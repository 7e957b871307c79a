//! The minutes of a session (biên bản kỳ họp), drafted from its event log:
//! who attended and how, each agenda item with its start and end, the
//! speakers and how long they spoke, every poll with its full result, and
//! the resolutions adopted with their numbers. The secretary adds the
//! narrative of each item; the minutes export as PDF and DOCX. Each secret
//! poll also has its ballot-count report (biên bản kiểm phiếu).

mod agenda;
mod attendance_report;
mod convening;
mod count_report;
mod docx;
mod heading;
mod outline;
mod pdf;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use kyhop_domain::{Poll, SpeechKind};

pub use agenda::{agenda_outline, agenda_pdf, AgendaLine, AgendaPaper};
pub use attendance_report::{
    sitting_report_outline, sitting_report_pdf, RollLine, RollStatus, SittingReport,
};
pub use convening::{
    convening_notice_pdf, convening_outline, invitation_outline, invitations_pdf, ConveningNotice,
    Invitee,
};
pub use count_report::count_report_pdf;
pub use docx::minutes_docx;
pub use heading::SessionHeading;
pub use outline::{outline, Block};
pub use pdf::{minutes_pdf, paper_pdf, Paper};

/// How a delegate attended the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Có mặt tại hội trường.
    Chamber,
    /// Tham dự trực tuyến.
    Online,
    /// Vắng mặt.
    Absent,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AttendanceLine {
    pub person_id: i64,
    pub full_name: String,
    pub presence: Presence,
    /// Why they were absent, as the secretariat recorded it.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SpeakerLine {
    pub full_name: String,
    pub kind: SpeechKind,
    pub seconds: u64,
    /// A question: whom it asked ("Trịnh Văn Lộc, Chủ tịch UBND").
    #[serde(default)]
    #[schema(required = true)]
    pub addressed_to: Option<String>,
    /// When the speech ended (questions and replies are minuted with it).
    #[serde(default)]
    #[schema(required = true)]
    pub ended_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct MinutesItem {
    pub agenda_item_id: i64,
    /// "1", "2.1"…
    pub label: String,
    pub title: String,
    pub presenter: String,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub speakers: Vec<SpeakerLine>,
    /// Closed and annulled polls, in the order they were held.
    pub polls: Vec<Poll>,
    /// Resolutions issued on the item: (number, subject).
    pub resolutions: Vec<(String, String)>,
    /// What the secretary wrote about the item.
    pub narrative: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Minutes {
    pub session_id: i64,
    pub council_name: String,
    pub place_name: String,
    pub term_name: String,
    pub session_number: u32,
    pub session_title: String,
    pub place: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    /// When the chair actually opened the session, and closed it.
    #[serde(default)]
    #[schema(required = true)]
    pub opened_at: Option<DateTime<Utc>>,
    #[serde(default)]
    #[schema(required = true)]
    pub closed_at: Option<DateTime<Utc>>,
    pub total_seats: u32,
    pub attendance: Vec<AttendanceLine>,
    /// Check-ins made by someone other than the delegate, pairing cards
    /// issued and confirmed, sign-ins ended by a new card: each with its
    /// time and who did it.
    #[serde(default)]
    pub sign_in_events: Vec<String>,
    pub items: Vec<MinutesItem>,
    /// The heads of the session's and the council's event chains when the
    /// minutes were drawn up, as printed (`kyhop audit verify --anchor`
    /// checks the database still extends them).
    #[serde(default)]
    pub chain_anchors: Vec<String>,
}

impl Minutes {
    pub fn count(&self, presence: Presence) -> usize {
        self.attendance
            .iter()
            .filter(|a| a.presence == presence)
            .count()
    }
}

/// Vietnam local time of an instant, "08:05 ngày 03/12/2026".
pub fn local_time(at: DateTime<Utc>) -> String {
    kyhop_domain::vi::vietnam_time(at)
        .format("%H:%M ngày %d/%m/%Y")
        .to_string()
}

/// "12 phút 05 giây".
pub fn duration_vi(seconds: u64) -> String {
    let (m, s) = (seconds / 60, seconds % 60);
    match (m, s) {
        (0, s) => format!("{s} giây"),
        (m, 0) => format!("{m} phút"),
        (m, s) => format!("{m} phút {s:02} giây"),
    }
}

pub fn presence_vi(presence: Presence) -> &'static str {
    match presence {
        Presence::Chamber => "có mặt tại hội trường",
        Presence::Online => "tham dự trực tuyến",
        Presence::Absent => "vắng mặt",
    }
}

pub fn speech_kind_vi(kind: SpeechKind) -> &'static str {
    match kind {
        SpeechKind::Debate => "thảo luận",
        SpeechKind::Question => "chất vấn",
        SpeechKind::Reply => "trả lời, giải trình",
    }
}

/// One delegate's attendance line as printed.
pub fn attendance_sentence(line: &AttendanceLine) -> String {
    match (line.presence, line.reason.is_empty()) {
        (Presence::Absent, false) => format!(
            "{}: {} (lý do: {})",
            line.full_name,
            presence_vi(line.presence),
            line.reason
        ),
        _ => format!("{}: {}", line.full_name, presence_vi(line.presence)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_lines_read_naturally() {
        assert_eq!(duration_vi(45), "45 giây");
        assert_eq!(duration_vi(300), "5 phút");
        assert_eq!(duration_vi(725), "12 phút 05 giây");
        let line = AttendanceLine {
            person_id: 1,
            full_name: "Trần Thị Bình".into(),
            presence: Presence::Absent,
            reason: "đi công tác".into(),
        };
        assert_eq!(
            attendance_sentence(&line),
            "Trần Thị Bình: vắng mặt (lý do: đi công tác)"
        );
    }
}
