use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text::{self, ValidationError};
use super::text_enum;

text_enum! {
    /// Kind of session (kỳ họp).
    SessionKind {
        /// Thường lệ.
        Regular => "regular",
        /// Chuyên đề.
        Thematic => "thematic",
        /// Giải quyết công việc phát sinh đột xuất.
        Urgent => "urgent",
    }
}

text_enum! {
    /// Lifecycle of a session: draft → convened → in progress → closed.
    SessionState {
        Draft => "draft",
        Convened => "convened",
        InProgress => "in_progress",
        Closed => "closed",
    }
}

impl SessionState {
    /// The state a session may move to from this one, if any.
    pub fn next(self) -> Option<SessionState> {
        match self {
            SessionState::Draft => Some(SessionState::Convened),
            SessionState::Convened => Some(SessionState::InProgress),
            SessionState::InProgress => Some(SessionState::Closed),
            SessionState::Closed => None,
        }
    }

    /// Whether the session's setup (agenda, sittings, dates) may still change.
    pub fn is_editable(self) -> bool {
        matches!(self, SessionState::Draft | SessionState::Convened)
    }
}

text_enum! {
    /// State of an agenda item.
    AgendaState {
        Pending => "pending",
        Current => "current",
        Done => "done",
    }
}

/// A session (kỳ họp) of the council within a term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Session {
    pub id: i64,
    pub council_id: i64,
    pub term_id: i64,
    /// "Kỳ họp thứ …": unique within the term.
    pub number: u32,
    pub kind: SessionKind,
    pub title: String,
    pub place: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub state: SessionState,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    pub term_id: i64,
    pub number: u32,
    pub kind: SessionKind,
    pub title: String,
    pub place: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
}

impl NewSession {
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.number = text::in_range("number", self.number, 1, 10_000)?;
        self.title = text::name("title", &self.title)?;
        self.place = text::name("place", &self.place)?;
        if self.planned_end < self.planned_start {
            return Err(ValidationError::new(
                "planned_end",
                "must not be before planned_start",
            ));
        }
        Ok(self)
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionPatch {
    pub number: Option<u32>,
    pub kind: Option<SessionKind>,
    pub title: Option<String>,
    pub place: Option<String>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
}

impl SessionPatch {
    pub fn apply(self, s: &Session) -> Result<Session, ValidationError> {
        let v = NewSession {
            term_id: s.term_id,
            number: self.number.unwrap_or(s.number),
            kind: self.kind.unwrap_or(s.kind),
            title: self.title.unwrap_or_else(|| s.title.clone()),
            place: self.place.unwrap_or_else(|| s.place.clone()),
            planned_start: self.planned_start.unwrap_or(s.planned_start),
            planned_end: self.planned_end.unwrap_or(s.planned_end),
        }
        .validated()?;
        Ok(Session {
            number: v.number,
            kind: v.kind,
            title: v.title,
            place: v.place,
            planned_start: v.planned_start,
            planned_end: v.planned_end,
            ..s.clone()
        })
    }
}

/// A sitting (phiên họp): one half-day of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Sitting {
    pub id: i64,
    pub session_id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSitting {
    pub title: String,
    pub starts_at: DateTime<Utc>,
}

impl NewSitting {
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.title = text::name("title", &self.title)?;
        Ok(self)
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SittingPatch {
    pub title: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
}

impl SittingPatch {
    pub fn apply(self, s: &Sitting) -> Result<Sitting, ValidationError> {
        let v = NewSitting {
            title: self.title.unwrap_or_else(|| s.title.clone()),
            starts_at: self.starts_at.unwrap_or(s.starts_at),
        }
        .validated()?;
        Ok(Sitting {
            title: v.title,
            starts_at: v.starts_at,
            ..s.clone()
        })
    }
}

/// An agenda item (nội dung) of a session; items may have one level of
/// sub-items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AgendaItem {
    pub id: i64,
    pub session_id: i64,
    pub parent_id: Option<i64>,
    /// Order among its siblings, from 1.
    pub position: u32,
    pub title: String,
    /// Who presents it, e.g. "Đại diện UBND thành phố".
    pub presenter: String,
    pub planned_minutes: u32,
    pub state: AgendaState,
    /// Added as an urgent item after the agenda was set.
    pub urgent: bool,
    /// When it last became the current item (only while current).
    pub opened_at: Option<DateTime<Utc>>,
    /// Seconds it was current before `opened_at`; elapsed time is this plus
    /// now − `opened_at` while current.
    pub elapsed_seconds: u64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAgendaItem {
    pub parent_id: Option<i64>,
    pub title: String,
    #[serde(default)]
    pub presenter: String,
    #[serde(default)]
    pub planned_minutes: u32,
}

impl NewAgendaItem {
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.title = text::name("title", &self.title)?;
        self.presenter = text::line("presenter", &self.presenter, text::MAX_NAME)?;
        self.planned_minutes = text::in_range("planned_minutes", self.planned_minutes, 0, 24 * 60)?;
        Ok(self)
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItemPatch {
    pub title: Option<String>,
    pub presenter: Option<String>,
    pub planned_minutes: Option<u32>,
}

impl AgendaItemPatch {
    pub fn apply(self, a: &AgendaItem) -> Result<AgendaItem, ValidationError> {
        let v = NewAgendaItem {
            parent_id: a.parent_id,
            title: self.title.unwrap_or_else(|| a.title.clone()),
            presenter: self.presenter.unwrap_or_else(|| a.presenter.clone()),
            planned_minutes: self.planned_minutes.unwrap_or(a.planned_minutes),
        }
        .validated()?;
        Ok(AgendaItem {
            title: v.title,
            presenter: v.presenter,
            planned_minutes: v.planned_minutes,
            ..a.clone()
        })
    }
}
