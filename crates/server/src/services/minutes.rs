//! Drafting the minutes of a session from its event log and the store
//! (the shapes and their rendering are `kyhop_docs::minutes`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use kyhop_docs::minutes::{
    local_time, AttendanceLine, Minutes, MinutesItem, Presence, SpeakerLine,
};
use kyhop_domain::events::Stream;
use kyhop_domain::{
    labelled_agenda, AgendaItem, Attendance, AttendanceMode, AttendanceStatus, PersonKind,
    PollState, ResolutionState, SpeechState,
};
use kyhop_store::{Store, StoreError};

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
    // When the session actually opened and closed, as the chair did it.
    let (mut opened_at, mut closed_at) = (None, None);
    // Who acted, by account: a check-in made by someone other than the
    // delegate, and every card and forced sign-out, go into the minutes.
    let accounts: HashMap<i64, (String, Option<i64>)> = store
        .accounts(None)
        .await?
        .into_iter()
        .map(|a| (a.id, (a.display_name, a.person_id)))
        .collect();
    let actor_name = |actor: Option<i64>| {
        actor
            .and_then(|a| accounts.get(&a))
            .map_or_else(|| "Hệ thống".to_owned(), |(name, _)| name.clone())
    };
    let people = store.people(council.id, None).await?;
    // Whom a question asks, as the minutes name them: "Trịnh Văn Lộc, Chủ tịch UBND".
    let titled: HashMap<i64, String> = people
        .iter()
        .map(|p| {
            let title = if p.position_title.is_empty() {
                p.full_name.clone()
            } else {
                format!("{}, {}", p.full_name, p.position_title)
            };
            (p.id, title)
        })
        .collect();
    let names: HashMap<i64, String> = people.into_iter().map(|p| (p.id, p.full_name)).collect();
    let person_label = |id: &i64| {
        names
            .get(id)
            .cloned()
            .unwrap_or_else(|| format!("người số {id}"))
    };
    let mut sign_in_events: Vec<String> = Vec::new();
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
                    let by_self = event
                        .actor
                        .and_then(|a| accounts.get(&a))
                        .is_some_and(|(_, person)| *person == Some(record.person_id));
                    if !by_self {
                        let what = match record.status {
                            AttendanceStatus::Present => "có mặt",
                            AttendanceStatus::Absent => "vắng mặt",
                            AttendanceStatus::Left => "rời hội trường",
                        };
                        sign_in_events.push(format!(
                            "{}: {} ghi nhận {what} cho {} (điểm danh thay).",
                            local_time(event.at),
                            actor_name(event.actor),
                            person_label(&record.person_id),
                        ));
                    }
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
                "session.state_changed" => match event.payload["to"].as_str() {
                    Some("in_progress") => {
                        opened_at.get_or_insert(event.at);
                    }
                    Some("closed") => closed_at = Some(event.at),
                    _ => {}
                },
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
                "pairing_code.issued"
                | "pairing_code.confirmed"
                | "account.signed_out"
                | "account.paired" => {
                    let name = event.payload["full_name"].as_str().map_or_else(
                        || person_label(&event.payload["person_id"].as_i64().unwrap_or_default()),
                        str::to_owned,
                    );
                    let what = match event.kind.as_str() {
                        "pairing_code.issued" if event.payload["awaits_chair"] == true => {
                            format!("cấp thẻ ghép nối mới cho {name}, chờ chủ tọa xác nhận")
                        }
                        "pairing_code.issued" => format!("cấp thẻ ghép nối mới cho {name}"),
                        "pairing_code.confirmed" => {
                            format!("xác nhận thẻ ghép nối mới của {name}")
                        }
                        "account.paired" => format!("đăng nhập bằng thẻ ghép nối ({name})"),
                        _ => format!(
                            "kết thúc {} phiên đăng nhập của {} do có thẻ ghép nối mới",
                            event.payload["sign_ins"].as_u64().unwrap_or_default(),
                            name
                        ),
                    };
                    sign_in_events.push(format!(
                        "{}: {} {what}.",
                        local_time(event.at),
                        actor_name(event.actor)
                    ));
                }
                _ => {}
            }
        }
    }

    let delegates = store.people(council.id, Some(PersonKind::Delegate)).await?;
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
    for (label, item) in labelled_agenda(&agenda) {
        let speakers = store
            .speeches(item.id)
            .await?
            .into_iter()
            .filter(|s| s.state == SpeechState::Done)
            .map(|s| SpeakerLine {
                full_name: names.get(&s.person_id).cloned().unwrap_or_default(),
                kind: s.kind,
                seconds: s.used_ms.div_ceil(1000),
                addressed_to: s.addressed_to.and_then(|id| titled.get(&id).cloned()),
                ended_at: s.ended_at,
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
        opened_at,
        closed_at,
        total_seats: council.settings.total_seats,
        attendance,
        sign_in_events,
        items,
        chain_anchors: chain_anchors(store, session_id, council.id).await?,
    })
}

/// The heads of the session's and the council's event chains now, as
/// printed in the minutes and the ballot-count report.
pub async fn chain_anchors(
    store: &dyn Store,
    session_id: i64,
    council_id: i64,
) -> Result<Vec<String>, StoreError> {
    let streams = [
        Stream::Session(session_id).to_string(),
        Stream::Council(council_id).to_string(),
    ];
    Ok(kyhop_store::audit::heads(store, &streams)
        .await?
        .iter()
        .map(|a| a.text())
        .collect())
}
