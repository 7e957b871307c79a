//! Reading domain records out of rows.

use super::DbRow;
use sqlx::Row;

use kyhop_domain::{
    Account, AgendaItem, Council, CouncilSettings, Fraction, MajorityRule, Person, Session,
    Sitting, Term,
};
use kyhop_store::{Result, RosterEntry};

/// An integer column as the domain's type (`u32`, `u64`…): both databases
/// keep 64-bit integers, and a value that does not fit is refused, not
/// wrapped.
pub(super) fn int<T: TryFrom<i64>>(row: &DbRow, col: &str) -> Result<T> {
    let v: i64 = row.try_get(col)?;
    T::try_from(v).map_err(|_| kyhop_store::StoreError::Corrupt(format!("{col} = {v}")))
}

/// [`int`] of a column that may be NULL.
pub(super) fn int_opt<T: TryFrom<i64>>(row: &DbRow, col: &str) -> Result<Option<T>> {
    let v: Option<i64> = row.try_get(col)?;
    v.map(|v| T::try_from(v).map_err(|_| kyhop_store::StoreError::Corrupt(format!("{col} = {v}"))))
        .transpose()
}

fn parse<T: std::str::FromStr<Err = kyhop_domain::UnknownVariant>>(
    row: &DbRow,
    col: &str,
) -> Result<T> {
    let text: String = row.try_get(col)?;
    Ok(text.parse()?)
}

pub const COUNCIL_COLUMNS: &str = "id, name, place_name, total_seats, yes_label, no_label, \
    abstain_label, majority_base, majority_numerator, majority_denominator, majority_strict, \
    quorum_numerator, quorum_denominator, lead_time_days, speech_limit_seconds, first_speakers_first, \
    below_quorum, long_term_signatures, created_at";

pub fn council(r: &DbRow) -> Result<Council> {
    Ok(Council {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        created_at: r.try_get("created_at")?,
        settings: CouncilSettings {
            place_name: r.try_get("place_name")?,
            total_seats: int(r, "total_seats")?,
            yes_label: r.try_get("yes_label")?,
            no_label: r.try_get("no_label")?,
            abstain_label: r.try_get("abstain_label")?,
            majority: MajorityRule {
                base: parse(r, "majority_base")?,
                fraction: Fraction {
                    numerator: int(r, "majority_numerator")?,
                    denominator: int(r, "majority_denominator")?,
                },
                strict: r.try_get("majority_strict")?,
            },
            quorum: Fraction {
                numerator: int(r, "quorum_numerator")?,
                denominator: int(r, "quorum_denominator")?,
            },
            below_quorum: parse(r, "below_quorum")?,
            lead_time_days: int(r, "lead_time_days")?,
            speech_limit_seconds: int(r, "speech_limit_seconds")?,
            first_speakers_first: r.try_get("first_speakers_first")?,
            long_term_signatures: r.try_get("long_term_signatures")?,
        },
    })
}

pub fn term(r: &DbRow) -> Result<Term> {
    Ok(Term {
        id: r.try_get("id")?,
        council_id: r.try_get("council_id")?,
        name: r.try_get("name")?,
        start_year: r.try_get("start_year")?,
        end_year: r.try_get("end_year")?,
    })
}

pub fn roster_entry(r: &DbRow) -> Result<RosterEntry> {
    Ok(RosterEntry {
        id: r.try_get("id")?,
        council_id: r.try_get("council_id")?,
        name: r.try_get("name")?,
    })
}

pub const PERSON_COLUMNS: &str = "id, council_id, kind, full_name, position_title, organization, \
    delegate_group_id, (SELECT string_agg(CAST(committee_id AS TEXT), ',' ORDER BY committee_id) \
    FROM committee_members m WHERE m.person_id = people.id) AS committee_ids";

pub fn person(r: &DbRow) -> Result<Person> {
    let committees: Option<String> = r.try_get("committee_ids")?;
    let committee_ids = committees
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse()
                .map_err(|_| kyhop_store::StoreError::Corrupt(format!("committee id {s:?}")))
        })
        .collect::<Result<Vec<i64>>>()?;
    Ok(Person {
        id: r.try_get("id")?,
        council_id: r.try_get("council_id")?,
        kind: parse(r, "kind")?,
        full_name: r.try_get("full_name")?,
        position_title: r.try_get("position_title")?,
        organization: r.try_get("organization")?,
        delegate_group_id: r.try_get("delegate_group_id")?,
        committee_ids,
    })
}

pub const ACCOUNT_COLUMNS: &str =
    "id, username, display_name, role, council_id, person_id, must_change_password, disabled, created_at";

pub fn account(r: &DbRow) -> Result<Account> {
    Ok(Account {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: parse(r, "role")?,
        council_id: r.try_get("council_id")?,
        person_id: r.try_get("person_id")?,
        must_change_password: r.try_get("must_change_password")?,
        disabled: r.try_get("disabled")?,
        created_at: r.try_get("created_at")?,
    })
}

pub const SESSION_COLUMNS: &str = "id, council_id, term_id, number, kind, title, place, \
    planned_start, planned_end, state, created_at";

pub fn session(r: &DbRow) -> Result<Session> {
    Ok(Session {
        id: r.try_get("id")?,
        council_id: r.try_get("council_id")?,
        term_id: r.try_get("term_id")?,
        number: int(r, "number")?,
        kind: parse(r, "kind")?,
        title: r.try_get("title")?,
        place: r.try_get("place")?,
        planned_start: r.try_get("planned_start")?,
        planned_end: r.try_get("planned_end")?,
        state: parse(r, "state")?,
        created_at: r.try_get("created_at")?,
    })
}

pub fn sitting(r: &DbRow) -> Result<Sitting> {
    Ok(Sitting {
        id: r.try_get("id")?,
        session_id: r.try_get("session_id")?,
        title: r.try_get("title")?,
        starts_at: r.try_get("starts_at")?,
        begun_at: r.try_get("begun_at")?,
    })
}

pub const AGENDA_COLUMNS: &str =
    "id, session_id, parent_id, position, title, presenter, planned_minutes, \
    state, urgent, opened_at, elapsed_seconds";

pub fn agenda_item(r: &DbRow) -> Result<AgendaItem> {
    Ok(AgendaItem {
        id: r.try_get("id")?,
        session_id: r.try_get("session_id")?,
        parent_id: r.try_get("parent_id")?,
        position: int(r, "position")?,
        title: r.try_get("title")?,
        presenter: r.try_get("presenter")?,
        planned_minutes: int(r, "planned_minutes")?,
        state: parse(r, "state")?,
        urgent: r.try_get("urgent")?,
        opened_at: r.try_get("opened_at")?,
        elapsed_seconds: u64::try_from(r.try_get::<i64, _>("elapsed_seconds")?).unwrap_or(0),
    })
}

/// Runs a query and maps every row.
macro_rules! fetch_all {
    ($query:expr, $exec:expr, $map:path) => {
        $query
            .fetch_all($exec)
            .await?
            .iter()
            .map($map)
            .collect::<kyhop_store::Result<Vec<_>>>()
    };
}
pub(crate) use fetch_all;

/// Runs a query for at most one row and maps it, or says what was not found.
macro_rules! fetch_one {
    ($query:expr, $exec:expr, $map:path, $what:literal) => {
        match $query.fetch_optional($exec).await? {
            Some(row) => $map(&row),
            None => Err(kyhop_store::StoreError::NotFound($what)),
        }
    };
}
pub(crate) use fetch_one;

pub fn attendance(r: &DbRow) -> Result<kyhop_domain::Attendance> {
    let mode: Option<String> = r.try_get("mode")?;
    Ok(kyhop_domain::Attendance {
        session_id: r.try_get("session_id")?,
        person_id: r.try_get("person_id")?,
        status: parse(r, "status")?,
        mode: mode.map(|m| m.parse()).transpose()?,
        reason: r.try_get("reason")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub const SPEECH_COLUMNS: &str =
    "id, session_id, agenda_item_id, person_id, kind, addressed_to, state, \
    position, limit_seconds, used_ms, running_since, warned, timed_out, requested_at, ended_at, \
    (SELECT full_name FROM people WHERE people.id = speeches.person_id) AS speaker_name";

pub fn speech(r: &DbRow) -> Result<kyhop_domain::Speech> {
    Ok(kyhop_domain::Speech {
        id: r.try_get("id")?,
        session_id: r.try_get("session_id")?,
        agenda_item_id: r.try_get("agenda_item_id")?,
        person_id: r.try_get("person_id")?,
        kind: parse(r, "kind")?,
        addressed_to: r.try_get("addressed_to")?,
        state: parse(r, "state")?,
        position: int(r, "position")?,
        limit_seconds: int(r, "limit_seconds")?,
        used_ms: u64::try_from(r.try_get::<i64, _>("used_ms")?).unwrap_or(0),
        running_since: r.try_get("running_since")?,
        warned: r.try_get("warned")?,
        timed_out: r.try_get("timed_out")?,
        requested_at: r.try_get("requested_at")?,
        ended_at: r.try_get("ended_at")?,
        speaker_name: r
            .try_get::<Option<String>, _>("speaker_name")?
            .unwrap_or_default(),
    })
}
