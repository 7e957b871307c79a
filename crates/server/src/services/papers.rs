//! The papers of a session, gathered from the store for `kyhop_docs` to
//! typeset: the agenda, the convening notice, the invitations to officials
//! and guests, and each sitting's attendance report.

use std::collections::HashMap;

use kyhop_docs::minutes::{
    AgendaLine, AgendaPaper, ConveningNotice, Invitee, RollLine, RollStatus, SessionHeading,
    SittingReport,
};
use kyhop_domain::{labelled_agenda, AttendanceMode, AttendanceStatus, PersonKind};
use kyhop_store::{Roster, Store, StoreError};

/// What every paper says about the session.
pub async fn session_heading(
    store: &dyn Store,
    session_id: i64,
) -> Result<SessionHeading, StoreError> {
    let session = store.session(session_id).await?;
    let council = store.council(session.council_id).await?;
    let term = store.term(session.term_id).await?;
    let sittings = store.sittings(session_id).await?;
    Ok(SessionHeading {
        council_name: council.name,
        place_name: council.settings.place_name,
        term_name: term.name,
        session_number: session.number,
        session_title: session.title,
        place: session.place,
        planned_start: session.planned_start,
        planned_end: session.planned_end,
        sittings: sittings
            .into_iter()
            .map(|s| (s.title, s.starts_at))
            .collect(),
    })
}

/// The session's agenda as a paper to print: its sittings and items.
pub async fn agenda_paper(store: &dyn Store, session_id: i64) -> Result<AgendaPaper, StoreError> {
    let agenda = store.agenda(session_id).await?;
    Ok(AgendaPaper {
        heading: session_heading(store, session_id).await?,
        items: labelled_agenda(&agenda)
            .into_iter()
            .map(|(label, item)| AgendaLine {
                label,
                title: item.title.clone(),
                presenter: item.presenter.clone(),
                planned_minutes: item.planned_minutes,
            })
            .collect(),
    })
}

/// The convening notice: the session and its top-level agenda items.
pub async fn convening_notice(
    store: &dyn Store,
    session_id: i64,
) -> Result<ConveningNotice, StoreError> {
    let agenda = store.agenda(session_id).await?;
    Ok(ConveningNotice {
        heading: session_heading(store, session_id).await?,
        items: agenda
            .into_iter()
            .filter(|i| i.parent_id.is_none())
            .map(|i| i.title)
            .collect(),
    })
}

/// Who is invited: the council's officials, then its guests, by name order
/// of the roster.
pub async fn invitees(store: &dyn Store, council_id: i64) -> Result<Vec<Invitee>, StoreError> {
    let mut out = Vec::new();
    for kind in [PersonKind::Official, PersonKind::Guest] {
        out.extend(
            store
                .people(council_id, Some(kind))
                .await?
                .into_iter()
                .map(|p| Invitee {
                    position: [p.position_title, p.organization]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(", "),
                    full_name: p.full_name,
                }),
        );
    }
    Ok(out)
}

/// One sitting's attendance report: every delegate of the council with how
/// the sitting's roll has them.
pub async fn sitting_report(
    store: &dyn Store,
    sitting_id: i64,
) -> Result<SittingReport, StoreError> {
    let roll = store.sitting_roll(sitting_id).await?;
    let council = store.council(roll.session.council_id).await?;
    let groups: HashMap<i64, String> = store
        .roster(Roster::DelegateGroups, council.id)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let records: HashMap<i64, _> = roll.records.iter().map(|r| (r.person_id, r)).collect();
    let delegates = store.people(council.id, Some(PersonKind::Delegate)).await?;
    let quorum =
        kyhop_domain::Quorum::new(0, council.settings.total_seats, council.settings.quorum);
    Ok(SittingReport {
        heading: session_heading(store, roll.session.id).await?,
        sitting_title: roll.sitting.title,
        starts_at: roll.sitting.starts_at,
        begun_at: roll.sitting.begun_at,
        total_seats: council.settings.total_seats,
        quorum_required: quorum.required,
        lines: delegates
            .into_iter()
            .map(|p| RollLine {
                group: p
                    .delegate_group_id
                    .and_then(|g| groups.get(&g).cloned())
                    .unwrap_or_default(),
                status: match records.get(&p.id) {
                    Some(r) => match (r.status, r.mode) {
                        (AttendanceStatus::Present, Some(AttendanceMode::Online)) => {
                            RollStatus::Online
                        }
                        (AttendanceStatus::Present, _) => RollStatus::Chamber,
                        (AttendanceStatus::Left, _) => RollStatus::Left(r.updated_at),
                        (AttendanceStatus::Absent, _) => RollStatus::Absent(r.reason.clone()),
                    },
                    None => RollStatus::NotRecorded,
                },
                full_name: p.full_name,
            })
            .collect(),
    })
}
