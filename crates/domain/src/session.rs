use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::refusal::{same_members, Refusal};
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

    /// While the session sits: speeches run, polls open, items open.
    pub const SITTING: &'static [SessionState] = &[SessionState::InProgress];
    /// From convening to the end of the last sitting: attendance is kept,
    /// delegates ask to speak, urgent items are added.
    pub const CONVENED_OR_SITTING: &'static [SessionState] =
        &[SessionState::Convened, SessionState::InProgress];
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
    #[schema(minimum = 1, maximum = 10000)]
    pub number: u32,
    pub kind: SessionKind,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub title: String,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
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
    #[schema(minimum = 1, maximum = 10000)]
    pub number: Option<u32>,
    pub kind: Option<SessionKind>,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub title: Option<String>,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
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
    /// When the chair began it (the first with the session); attendance is
    /// kept for the last sitting begun, a fresh roll each sitting.
    #[serde(default)]
    #[schema(required = true)]
    pub begun_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSitting {
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
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
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
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
    #[schema(required = true)]
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
    #[schema(required = true)]
    pub opened_at: Option<DateTime<Utc>>,
    /// Seconds it was current before `opened_at`; elapsed time is this plus
    /// now − `opened_at` while current.
    pub elapsed_seconds: u64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAgendaItem {
    pub parent_id: Option<i64>,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 300, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub presenter: String,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1440)]
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
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub title: Option<String>,
    #[schema(max_length = 300, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub presenter: Option<String>,
    #[schema(minimum = 0, maximum = 1440)]
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

/// When a session allows what.
impl Session {
    /// Refuses `doing` unless the session is in one of the `allowed` states.
    pub fn require_state(&self, allowed: &[SessionState], doing: &str) -> Result<(), Refusal> {
        if allowed.contains(&self.state) {
            Ok(())
        } else {
            Err(Refusal::invalid_state(format!(
                "the session is {}; cannot {doing} now",
                self.state
            )))
        }
    }

    /// Refuses changes to the session's set-up (`what`: "details",
    /// "agenda"…) once it sits.
    pub fn require_editable(&self, what: &str) -> Result<(), Refusal> {
        if self.state.is_editable() {
            Ok(())
        } else {
            Err(Refusal::invalid_state(format!(
                "the session is {}; its {what} can no longer be changed",
                self.state
            )))
        }
    }

    /// Refuses any change to a closed session.
    pub fn require_not_closed(&self) -> Result<(), Refusal> {
        if self.state == SessionState::Closed {
            Err(Refusal::invalid_state("the session is closed"))
        } else {
            Ok(())
        }
    }

    /// Only a draft session may be deleted: a convened one has been announced.
    pub fn require_deletable(&self) -> Result<(), Refusal> {
        if self.state == SessionState::Draft {
            Ok(())
        } else {
            Err(Refusal::invalid_state(format!(
                "the session is {}; only a draft session can be deleted",
                self.state
            )))
        }
    }

    /// A session moves one step at a time: draft → convened → in progress → closed.
    pub fn require_transition(&self, to: SessionState) -> Result<(), Refusal> {
        if self.state.next() == Some(to) {
            Ok(())
        } else {
            Err(Refusal::invalid_state(format!(
                "a session that is {} cannot become {to}",
                self.state
            )))
        }
    }
}

impl Session {
    /// A session closes with no poll open (`open_poll`): a vote is never cut
    /// off by the end of the session.
    pub fn require_no_open_poll_to_close(open_poll: Option<i64>) -> Result<(), Refusal> {
        match open_poll {
            Some(_) => Err(Refusal::refused(
                "poll_open",
                "close or annul the open poll before closing the session",
            )),
            None => Ok(()),
        }
    }
}

impl AgendaItem {
    /// Opening an item closes the one under way; it cannot be itself.
    pub fn require_openable(&self) -> Result<(), Refusal> {
        if self.state == AgendaState::Current {
            Err(Refusal::invalid_state("the agenda item is already current"))
        } else {
            Ok(())
        }
    }

    /// Only the item under way is closed.
    pub fn require_current(&self) -> Result<(), Refusal> {
        if self.state == AgendaState::Current {
            Ok(())
        } else {
            Err(Refusal::invalid_state(format!(
                "the agenda item is {}, not current",
                self.state
            )))
        }
    }

    /// Delegates ask to speak on items not yet done.
    pub fn require_not_done(&self) -> Result<(), Refusal> {
        if self.state == AgendaState::Done {
            Err(Refusal::invalid_state("the agenda item is done"))
        } else {
            Ok(())
        }
    }

    /// A finished item is part of the record.
    pub fn require_changeable(&self) -> Result<(), Refusal> {
        if self.state == AgendaState::Done {
            Err(Refusal::invalid_state(
                "the agenda item is done and can no longer be changed",
            ))
        } else {
            Ok(())
        }
    }
}

/// A new order of one level of the agenda (`level`: its items in their
/// current order): every item exactly once, and items under way or done
/// keep their place.
pub fn check_agenda_order(level: &[AgendaItem], order: &[i64]) -> Result<(), Refusal> {
    let ids: Vec<i64> = level.iter().map(|i| i.id).collect();
    if !same_members(&ids, order) {
        return Err(Refusal::invalid_reference(
            "order",
            "list every item of that level exactly once",
        ));
    }
    for (item, &new) in level.iter().zip(order) {
        if item.state != AgendaState::Pending && new != item.id {
            return Err(Refusal::invalid_state(format!(
                "\"{}\" is {} and keeps its place; only pending items move",
                item.title, item.state
            )));
        }
    }
    Ok(())
}

/// Where an urgent item goes among the top-level items: right after the
/// top-level item under way (or the parent of the sub-item under way), else
/// at the end.
pub fn urgent_item_position(agenda: &[AgendaItem]) -> u32 {
    let current_top = agenda
        .iter()
        .find(|i| i.state == AgendaState::Current)
        .map(|i| match i.parent_id {
            Some(parent) => agenda
                .iter()
                .find(|p| p.id == parent)
                .map_or(i.position, |p| p.position),
            None => i.position,
        });
    let last = agenda
        .iter()
        .filter(|i| i.parent_id.is_none())
        .map(|i| i.position)
        .max()
        .unwrap_or(0);
    current_top.unwrap_or(last) + 1
}

/// The agenda in reading order, each item with its label as printed:
/// "1", "2", and "2.1", "2.2" for the items under "2".
pub fn labelled_agenda(agenda: &[AgendaItem]) -> Vec<(String, &AgendaItem)> {
    let ordered = |parent: Option<i64>| {
        let mut items: Vec<&AgendaItem> = agenda.iter().filter(|i| i.parent_id == parent).collect();
        items.sort_by_key(|i| i.position);
        items
    };
    let mut out = Vec::new();
    for (n, item) in ordered(None).into_iter().enumerate() {
        out.push(((n + 1).to_string(), item));
        for (m, child) in ordered(Some(item.id)).into_iter().enumerate() {
            out.push((format!("{}.{}", n + 1, m + 1), child));
        }
    }
    out
}

#[cfg(test)]
mod rule_tests {
    use super::*;

    fn session(state: SessionState) -> Session {
        Session {
            id: 1,
            council_id: 1,
            term_id: 1,
            number: 1,
            kind: SessionKind::Regular,
            title: "Kỳ họp thứ nhất".into(),
            place: "Hội trường".into(),
            planned_start: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            planned_end: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default(),
            state,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    fn item(id: i64, parent_id: Option<i64>, position: u32, state: AgendaState) -> AgendaItem {
        AgendaItem {
            id,
            session_id: 1,
            parent_id,
            position,
            title: format!("Nội dung {id}"),
            presenter: String::new(),
            planned_minutes: 30,
            state,
            urgent: false,
            opened_at: None,
            elapsed_seconds: 0,
        }
    }

    #[test]
    fn only_pending_items_move_and_every_item_is_listed_once() {
        use AgendaState::*;
        let level = [
            item(1, None, 1, Done),
            item(2, None, 2, Current),
            item(3, None, 3, Pending),
            item(4, None, 4, Pending),
        ];
        assert!(check_agenda_order(&level, &[1, 2, 4, 3]).is_ok());
        assert!(check_agenda_order(&level, &[1, 2, 3, 4]).is_ok());
        assert_eq!(
            check_agenda_order(&level, &[2, 1, 3, 4]),
            Err(Refusal::invalid_state(
                "\"Nội dung 1\" is done and keeps its place; only pending items move"
            ))
        );
        for wrong in [
            &[1, 2, 3][..],
            &[1, 2, 3, 3],
            &[1, 2, 3, 4, 5],
            &[1, 2, 3, 9],
        ] {
            assert_eq!(
                check_agenda_order(&level, wrong),
                Err(Refusal::invalid_reference(
                    "order",
                    "list every item of that level exactly once"
                )),
                "{wrong:?}"
            );
        }
    }

    #[test]
    fn an_urgent_item_comes_right_after_the_item_under_way() {
        use AgendaState::*;
        assert_eq!(urgent_item_position(&[]), 1);
        let mut agenda = vec![
            item(1, None, 1, Done),
            item(2, None, 2, Pending),
            item(3, Some(2), 1, Pending),
            item(4, None, 3, Pending),
        ];
        assert_eq!(
            urgent_item_position(&agenda),
            4,
            "nothing under way: at the end"
        );
        agenda[1].state = Current;
        assert_eq!(urgent_item_position(&agenda), 3);
        agenda[1].state = Pending;
        agenda[2].state = Current;
        assert_eq!(
            urgent_item_position(&agenda),
            3,
            "after the parent of the sub-item"
        );
    }

    #[test]
    fn items_open_close_and_change_in_their_states() {
        use AgendaState::*;
        assert!(item(1, None, 1, Pending).require_openable().is_ok());
        assert!(item(1, None, 1, Done).require_openable().is_ok());
        assert!(item(1, None, 1, Current).require_openable().is_err());
        assert!(item(1, None, 1, Current).require_current().is_ok());
        assert_eq!(
            item(1, None, 1, Done).require_current(),
            Err(Refusal::invalid_state(
                "the agenda item is done, not current"
            ))
        );
        assert!(item(1, None, 1, Done).require_changeable().is_err());
        assert!(item(1, None, 1, Done).require_not_done().is_err());
        assert!(item(1, None, 1, Current).require_changeable().is_ok());
    }

    #[test]
    fn a_session_moves_one_step_at_a_time() {
        use SessionState::*;
        let steps = [
            (Draft, Convened),
            (Convened, InProgress),
            (InProgress, Closed),
        ];
        for from in [Draft, Convened, InProgress, Closed] {
            for to in [Draft, Convened, InProgress, Closed] {
                let allowed = steps.contains(&(from, to));
                assert_eq!(
                    session(from).require_transition(to).is_ok(),
                    allowed,
                    "{from} → {to}"
                );
            }
        }
        assert_eq!(
            session(Closed).require_transition(Draft),
            Err(Refusal::invalid_state(
                "a session that is closed cannot become draft"
            ))
        );
    }

    #[test]
    fn set_up_changes_stop_when_the_session_sits() {
        use SessionState::*;
        assert!(session(Draft).require_editable("agenda").is_ok());
        assert!(session(Convened).require_editable("agenda").is_ok());
        assert_eq!(
            session(InProgress).require_editable("agenda"),
            Err(Refusal::invalid_state(
                "the session is in_progress; its agenda can no longer be changed"
            ))
        );
        assert!(session(Closed).require_editable("details").is_err());
        assert!(session(InProgress).require_not_closed().is_ok());
        assert!(session(Closed).require_not_closed().is_err());
        assert!(session(Draft).require_deletable().is_ok());
        assert!(Session::require_no_open_poll_to_close(None).is_ok());
        assert!(matches!(
            Session::require_no_open_poll_to_close(Some(3)),
            Err(Refusal::Refused {
                code: "poll_open",
                ..
            })
        ));
        assert!(session(Convened).require_deletable().is_err());
    }

    #[test]
    fn the_floor_works_only_in_its_states() {
        use SessionState::*;
        for state in [Draft, Convened, Closed] {
            assert!(session(state)
                .require_state(SessionState::SITTING, "start a speech")
                .is_err());
        }
        assert!(session(InProgress)
            .require_state(SessionState::SITTING, "start a speech")
            .is_ok());
        assert!(session(Convened)
            .require_state(SessionState::CONVENED_OR_SITTING, "keep attendance")
            .is_ok());
        assert_eq!(
            session(Draft).require_state(SessionState::CONVENED_OR_SITTING, "keep attendance"),
            Err(Refusal::invalid_state(
                "the session is draft; cannot keep attendance now"
            ))
        );
    }
}
