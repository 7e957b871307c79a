//! The minutes of a session (biên bản kỳ họp), drafted from its event log:
//! who attended and how, each agenda item with its start and end, the
//! speakers and how long they spoke, every poll with its full result, and
//! the resolutions adopted with their numbers. The secretary adds the
//! narrative of each item; the minutes export as PDF and DOCX. Each secret
//! poll also has its ballot-count report (biên bản kiểm phiếu).

mod count_report;
mod docx;
mod outline;
mod pdf;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::{
    AgendaItem, Attendance, AttendanceMode, AttendanceStatus, PersonKind, Poll, PollState,
    ResolutionState, SpeechKind, SpeechState,
};
use crate::events::Stream;
use crate::store::{Store, StoreError};

pub use count_report::count_report_pdf;
pub use docx::minutes_docx;
pub use outline::{outline, Block};
pub use pdf::minutes_pdf;

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
    pub total_seats: u32,
    pub attendance: Vec<AttendanceLine>,
    pub items: Vec<MinutesItem>,
}

impl Minutes {
    pub fn count(&self, presence: Presence) -> usize {
        self.attendance
            .iter()
            .filter(|a| a.presence == presence)
            .count()
    }
}

/// The session's minutes as the log and the store have them now.
pub async fn draft(store: &dyn Store, session_id: i64) -> Result<Minutes, StoreError> {
    let session = store.session(session_id).await?;
    let council = store.council(session.council_id).await?;
    let term = store.term(session.term_id).await?;

    // Replay the log: first check-in (and its mode), absences with reasons,
    // when each item was first opened and last closed.
    let mut first_mode: HashMap<i64, AttendanceMode> = HashMap::new();
    let mut absent: HashMap<i64, String> = HashMap::new();
    let mut started: HashMap<i64, DateTime<Utc>> = HashMap::new();
    let mut ended: HashMap<i64, DateTime<Utc>> = HashMap::new();
    let mut after = 0;
    loop {
        let events = store
            .events_after(Stream::Session(session_id), after, 1_000)
            .await?;
        let Some(last) = events.last() else { break };
        after = last.seq;
        for event in &events {
            match event.kind.as_str() {
                "attendance.changed" => {
                    let Ok(record) =
                        serde_json::from_value::<Attendance>(event.payload["attendance"].clone())
                    else {
                        continue;
                    };
                    match (record.status, record.mode) {
                        (AttendanceStatus::Present, Some(mode)) => {
                            first_mode.entry(record.person_id).or_insert(mode);
                        }
                        (AttendanceStatus::Absent, _) => {
                            absent.insert(record.person_id, record.reason);
                        }
                        _ => {}
                    }
                }
                "agenda_item.opened" | "agenda_item.closed" => {
                    let Ok(item) = serde_json::from_value::<AgendaItem>(event.payload.clone())
                    else {
                        continue;
                    };
                    if event.kind.ends_with("opened") {
                        started.entry(item.id).or_insert(event.at);
                    } else {
                        ended.insert(item.id, event.at);
                    }
                }
                _ => {}
            }
        }
    }

    let delegates = store.people(council.id, Some(PersonKind::Delegate)).await?;
    let names: HashMap<i64, String> = store
        .people(council.id, None)
        .await?
        .into_iter()
        .map(|p| (p.id, p.full_name))
        .collect();
    let attendance = delegates
        .iter()
        .map(|p| {
            let (presence, reason) = match first_mode.get(&p.id) {
                Some(AttendanceMode::Chamber) => (Presence::Chamber, String::new()),
                Some(AttendanceMode::Online) => (Presence::Online, String::new()),
                None => (
                    Presence::Absent,
                    absent.get(&p.id).cloned().unwrap_or_default(),
                ),
            };
            AttendanceLine {
                person_id: p.id,
                full_name: p.full_name.clone(),
                presence,
                reason,
            }
        })
        .collect();

    let agenda = store.agenda(session_id).await?;
    let polls = store.polls(session_id).await?;
    let resolutions = store.resolutions(session_id).await?;
    let narratives = store.minutes_narratives(session_id).await?;
    let mut items = Vec::new();
    let top: Vec<&AgendaItem> = agenda.iter().filter(|i| i.parent_id.is_none()).collect();
    // Labelled in reading order ("2", "2.1"…), collected before the loop
    // awaits: a lazy iterator of closures held across an await is not Send.
    let mut ordered: Vec<(String, &AgendaItem)> = Vec::new();
    for (n, item) in top.iter().enumerate() {
        ordered.push(((n + 1).to_string(), item));
        let children = agenda.iter().filter(|c| c.parent_id == Some(item.id));
        for (m, child) in children.enumerate() {
            ordered.push((format!("{}.{}", n + 1, m + 1), child));
        }
    }
    for (label, item) in ordered {
        let speakers = store
            .speeches(item.id)
            .await?
            .into_iter()
            .filter(|s| s.state == SpeechState::Done)
            .map(|s| SpeakerLine {
                full_name: names.get(&s.person_id).cloned().unwrap_or_default(),
                kind: s.kind,
                seconds: s.used_ms.div_ceil(1000),
            })
            .collect();
        items.push(MinutesItem {
            agenda_item_id: item.id,
            label,
            title: item.title.clone(),
            presenter: item.presenter.clone(),
            started_at: started.get(&item.id).copied(),
            ended_at: ended.get(&item.id).copied(),
            speakers,
            polls: polls
                .iter()
                .filter(|p| {
                    p.agenda_item_id == item.id
                        && matches!(p.state, PollState::Closed | PollState::Annulled)
                })
                .cloned()
                .collect(),
            resolutions: resolutions
                .iter()
                .filter(|r| r.agenda_item_id == item.id && r.state == ResolutionState::Issued)
                .filter_map(|r| {
                    r.number
                        .as_ref()
                        .map(|n| (n.text.clone(), r.content.subject.clone()))
                })
                .collect(),
            narrative: narratives.get(&item.id).cloned().unwrap_or_default(),
        });
    }
    Ok(Minutes {
        session_id,
        council_name: council.name,
        place_name: council.settings.place_name,
        term_name: term.name,
        session_number: session.number,
        session_title: session.title,
        place: session.place,
        planned_start: session.planned_start,
        planned_end: session.planned_end,
        total_seats: council.settings.total_seats,
        attendance,
        items,
    })
}

/// Vietnam local time of an instant, "08:05 ngày 03/12/2026".
pub fn local_time(at: DateTime<Utc>) -> String {
    crate::domain::vi::vietnam_time(at)
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
