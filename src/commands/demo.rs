//! `kyhop demo`: a city People's Council with 50 delegates, officials and a
//! regular session with its agenda, created on first run and reused after.
//!
//! The content lives in `assets/demo/council.json` (written for this
//! project; every person is fictional) and is compiled into the binary, so
//! the demo runs from anywhere.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context};
use chrono::{DateTime, Utc};
use kyhop_domain::vi::vietnam_date;
use serde::{Deserialize, Serialize};

use kyhop_domain::{
    CouncilSettings, GoAhead, NewAgendaItem, NewPerson, NewSession, NewSitting, NewTerm,
    PersonKind, Role, SessionKind, SessionState,
};
use kyhop_server::demo_keys::{ensure_keys, ROOT_FILE};
use kyhop_server::private_file::write_private;
use kyhop_server::services::pairing::{issue_card, PairingCard};
use kyhop_store::{AccountRecord, Roster, Store};

const CONTENT: &str = include_str!("../../assets/demo/council.json");
/// Demo account passwords, kept beside the database (owner-readable only).
pub const CREDENTIALS_FILE: &str = "demo-accounts.json";
/// The pairing codes issued at this start, one delegate a line.
pub const PAIRING_CODES_FILE: &str = "demo-pairing-codes.tsv";

#[derive(Deserialize)]
struct Content {
    council: CouncilContent,
    term: NewTerm,
    delegate_groups: Vec<String>,
    committees: Vec<String>,
    chair_index: usize,
    delegates: Vec<PersonContent>,
    officials: Vec<PersonContent>,
    guests: Vec<PersonContent>,
    session: SessionContent,
    sittings: Vec<SittingContent>,
    agenda: Vec<AgendaContent>,
}

#[derive(Deserialize)]
struct CouncilContent {
    name: String,
    place_name: String,
    total_seats: u32,
}

#[derive(Deserialize)]
struct PersonContent {
    full_name: String,
    #[serde(default)]
    position_title: String,
    #[serde(default)]
    organization: String,
    delegate_group: Option<String>,
    #[serde(default)]
    committees: Vec<String>,
}

#[derive(Deserialize)]
struct SessionContent {
    number: u32,
    kind: SessionKind,
    title: String,
    place: String,
}

/// A sitting of the demo session, timed from the first: the session is
/// made to begin within a quarter of an hour of the demo's first start, so
/// that delegates can check in (from two hours before a sitting) and the
/// chair can open it at once, whatever the day.
#[derive(Deserialize)]
struct SittingContent {
    title: String,
    minutes_after_first: i64,
}

/// The next quarter hour after `now`: when the demo's first sitting begins.
fn first_sitting_start(now: DateTime<Utc>) -> DateTime<Utc> {
    let quarter = 15 * 60;
    let next = (now.timestamp() / quarter + 1) * quarter;
    DateTime::from_timestamp(next, 0).unwrap_or(now)
}

#[derive(Deserialize)]
struct AgendaContent {
    title: String,
    presenter: String,
    planned_minutes: u32,
    #[serde(default)]
    items: Vec<AgendaContent>,
}

/// A demo account and its password.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoAccount {
    pub username: String,
    pub password: String,
    pub role: Role,
    pub display_name: String,
}

/// What the demo prints: where to go and how to sign in.
#[derive(Debug)]
pub struct DemoInfo {
    pub council_id: i64,
    pub session_id: i64,
    pub accounts: Vec<DemoAccount>,
    /// (delegate's name, card) for every delegate but the chair.
    pub cards: Vec<(String, PairingCard)>,
    /// The demo PKI: root, chair and seal keys (see [`ensure_keys`]).
    pub keys_dir: std::path::PathBuf,
}

/// Creates the demo council on first run (or finds it), makes sure the demo
/// accounts exist, and issues fresh pairing cards to every delegate.
/// `kyhop`: the program whose `inspect-pdf` reads the demo's documents (as
/// every upload is read: in a bounded child process).
pub async fn prepare(
    store: &dyn Store,
    data_dir: &Path,
    pairing_ttl: Duration,
    kyhop: &Path,
) -> anyhow::Result<DemoInfo> {
    let content: Content =
        serde_json::from_str(CONTENT).context("reading the built-in demo content")?;
    let credentials_path = data_dir.join(CREDENTIALS_FILE);
    let mut accounts = load_credentials(&credentials_path)?;
    let admin_id = match accounts.iter().find(|a| a.role == Role::Admin) {
        Some(a) => account_id(store, &a.username).await?,
        None => {
            if store.account_count().await? > 0 {
                bail!(
                    "{} already holds a KyHop database that is not a demo; use another --data-dir",
                    data_dir.display()
                );
            }
            let admin = new_demo_account("admin", "Quản trị hệ thống", Role::Admin);
            let id = create_account(store, None, &admin, None, None).await?;
            accounts.push(admin);
            save_credentials(&credentials_path, &accounts)?;
            id
        }
    };
    let council = match store
        .councils()
        .await?
        .into_iter()
        .find(|c| c.name == content.council.name)
    {
        Some(c) => c,
        None => seed(store, admin_id, &content).await?,
    };
    let session = store
        .sessions(council.id)
        .await?
        .into_iter()
        .next()
        .context("the demo council has no session")?;
    let people = store.people(council.id, Some(PersonKind::Delegate)).await?;
    let chair_person = people
        .iter()
        .find(|p| p.full_name == content.delegates[content.chair_index].full_name)
        .map(|p| p.id);

    for (username, name, role, person) in [
        ("thuky", "Thư ký kỳ họp", Role::Secretary, None),
        ("chutoa", "Chủ tọa kỳ họp", Role::Chair, chair_person),
        ("manhinh", "Màn hình hội trường", Role::Display, None),
    ] {
        if !accounts.iter().any(|a| a.username == username) {
            let account = new_demo_account(username, name, role);
            create_account(store, Some(admin_id), &account, Some(council.id), person).await?;
            accounts.push(account);
            save_credentials(&credentials_path, &accounts)?;
        }
    }

    // A few documents to read and search, on their agenda items.
    let secretary = account_id(store, "thuky").await?;
    crate::commands::demo_documents::publish(
        store,
        data_dir,
        kyhop,
        secretary,
        session.id,
        &council.settings.place_name,
    )
    .await?;

    // The demo session is convened, so each card awaits the chair: the demo
    // chair confirms, as they would in front of the chamber, the cards of
    // delegates who are not signed in anywhere. A delegate already signed
    // in (on an earlier start) keeps that sign-in; their new card waits for
    // the chair like any card printed during a session.
    let chair_id = account_id(store, "chutoa").await?;
    let pairing_key = kyhop_server::auth::PairingKey::load_or_create(data_dir)?;
    let mut cards = Vec::new();
    for person in people.iter().filter(|p| Some(p.id) != chair_person) {
        let card = issue_card(store, &pairing_key, admin_id, person.id, pairing_ttl).await?;
        if card.awaits_chair && !card.was_signed_in {
            store
                .confirm_pairing_code(chair_id, person.id, card.issued_at)
                .await?;
        }
        cards.push((person.full_name.clone(), card));
    }
    let tsv: String = cards
        .iter()
        .map(|(name, card)| {
            format!(
                "{}\t{}\t{}\n",
                card.account.person_id.unwrap_or_default(),
                name,
                card.code
            )
        })
        .collect();
    write_private(&data_dir.join(PAIRING_CODES_FILE), &tsv)?;
    let keys_dir = ensure_keys(
        data_dir,
        &content.delegates[content.chair_index].full_name,
        &content.council.name,
    )?;
    Ok(DemoInfo {
        council_id: council.id,
        session_id: session.id,
        accounts,
        cards,
        keys_dir,
    })
}

fn new_demo_account(username: &str, display_name: &str, role: Role) -> DemoAccount {
    DemoAccount {
        username: username.into(),
        password: kyhop_server::auth::new_password(),
        role,
        display_name: display_name.into(),
    }
}

async fn create_account(
    store: &dyn Store,
    actor: Option<i64>,
    account: &DemoAccount,
    council_id: Option<i64>,
    person_id: Option<i64>,
) -> anyhow::Result<i64> {
    let record = AccountRecord {
        username: account.username.clone(),
        display_name: account.display_name.clone(),
        role: account.role,
        council_id,
        person_id,
        password_hash: Some(kyhop_server::auth::hash_password(&account.password)?),
        // A demo is for trying things at once; real accounts must change it.
        must_change_password: false,
    };
    Ok(store.create_account(actor, record).await?.id)
}

async fn account_id(store: &dyn Store, username: &str) -> anyhow::Result<i64> {
    let (account, _) = store
        .account_by_username(username)
        .await?
        .with_context(|| format!("the demo account {username:?} is missing from the database"))?;
    Ok(account.id)
}

fn load_credentials(path: &Path) -> anyhow::Result<Vec<DemoAccount>> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            serde_json::from_str(&text).with_context(|| format!("reading {}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

fn save_credentials(path: &Path, accounts: &[DemoAccount]) -> anyhow::Result<()> {
    write_private(path, &serde_json::to_string_pretty(accounts)?)
}

/// Creates the council, its people, the session, sittings and agenda.
async fn seed(store: &dyn Store, actor: i64, c: &Content) -> anyhow::Result<kyhop_domain::Council> {
    let settings = CouncilSettings::defaults(c.council.place_name.clone(), c.council.total_seats)
        .validated()?;
    let council = store
        .create_council(actor, c.council.name.clone(), settings)
        .await?;
    let term = store
        .create_term(actor, council.id, c.term.clone().validated()?)
        .await?;

    let mut groups = HashMap::new();
    for name in &c.delegate_groups {
        let entry = store
            .create_roster_entry(actor, Roster::DelegateGroups, council.id, name.clone())
            .await?;
        groups.insert(name.as_str(), entry.id);
    }
    let mut committees = HashMap::new();
    for name in &c.committees {
        let entry = store
            .create_roster_entry(actor, Roster::Committees, council.id, name.clone())
            .await?;
        committees.insert(name.as_str(), entry.id);
    }
    let people = c
        .delegates
        .iter()
        .map(|p| (PersonKind::Delegate, p))
        .chain(c.officials.iter().map(|p| (PersonKind::Official, p)))
        .chain(c.guests.iter().map(|p| (PersonKind::Guest, p)));
    for (kind, p) in people {
        let committee_ids = p
            .committees
            .iter()
            .map(|name| {
                committees
                    .get(name.as_str())
                    .copied()
                    .with_context(|| format!("unknown committee {name}"))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let delegate_group_id = match &p.delegate_group {
            Some(name) => Some(
                *groups
                    .get(name.as_str())
                    .with_context(|| format!("unknown group {name}"))?,
            ),
            None => None,
        };
        let new = NewPerson {
            kind,
            full_name: p.full_name.clone(),
            position_title: p.position_title.clone(),
            organization: p.organization.clone(),
            delegate_group_id,
            committee_ids,
        };
        store
            .create_person(actor, council.id, new.validated()?)
            .await?;
    }

    let s = &c.session;
    let first = first_sitting_start(Utc::now());
    let starts: Vec<DateTime<Utc>> = c
        .sittings
        .iter()
        .map(|s| first + chrono::Duration::minutes(s.minutes_after_first))
        .collect();
    let day = |at: Option<&DateTime<Utc>>| at.map(|at| vietnam_date(*at)).context("no sittings");
    let new_session = NewSession {
        term_id: term.id,
        number: s.number,
        kind: s.kind,
        title: s.title.clone(),
        place: s.place.clone(),
        planned_start: day(starts.iter().min())?,
        planned_end: day(starts.iter().max())?,
    };
    let session = store
        .create_session(actor, council.id, new_session.validated()?)
        .await?;
    for (sitting, starts_at) in c.sittings.iter().zip(starts) {
        let new = NewSitting {
            title: sitting.title.clone(),
            starts_at,
        };
        store
            .create_sitting(actor, session.id, new.validated()?)
            .await?;
    }
    for item in &c.agenda {
        let parent = add_agenda_item(store, actor, session.id, None, item).await?;
        for sub in &item.items {
            add_agenda_item(store, actor, session.id, Some(parent), sub).await?;
        }
    }
    store
        .transition_session(
            actor,
            session.id,
            SessionState::Convened,
            GoAhead::default(),
        )
        .await?;
    Ok(council)
}

async fn add_agenda_item(
    store: &dyn Store,
    actor: i64,
    session_id: i64,
    parent_id: Option<i64>,
    item: &AgendaContent,
) -> anyhow::Result<i64> {
    let new = NewAgendaItem {
        parent_id,
        title: item.title.clone(),
        presenter: item.presenter.clone(),
        planned_minutes: item.planned_minutes,
    };
    Ok(store
        .create_agenda_item(actor, session_id, new.validated()?)
        .await?
        .id)
}

/// The text `kyhop demo` prints once it is serving.
pub fn describe(info: &DemoInfo, url: &str) -> String {
    let mut out = format!(
        "\nKyHop demo: {url}\n  session: {url}/api/sessions/{}/snapshot (council {})\n\nAccounts (also in {CREDENTIALS_FILE}):\n",
        info.session_id, info.council_id
    );
    for a in &info.accounts {
        out += &format!(
            "  {:<10} {:<10} {:<22} {}\n",
            a.role.as_str(),
            a.username,
            a.password,
            a.display_name
        );
    }
    out += &format!(
        "\nDelegates' pairing codes (also in {PAIRING_CODES_FILE}; new codes at every start):\n"
    );
    for (name, card) in &info.cards {
        // A delegate signed in on an earlier start keeps that sign-in; their
        // new card works once the chair confirms it.
        let waits = if card.awaits_chair && card.was_signed_in {
            "  (chờ chủ tọa xác nhận / awaits the chair)"
        } else {
            ""
        };
        out += &format!("  {}  {}{waits}\n", card.code, name);
    }
    out += &format!(
        "\nDemo signing keys (DEMO certificates; trust root {}/{ROOT_FILE}): the chair issues a\nresolution with POST /api/resolutions/ID/issue {{\"chair\":\"demo\",\"seal\":\"demo\"}}\n",
        info.keys_dir.display()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::first_sitting_start;

    #[test]
    fn the_demo_session_begins_at_the_next_quarter_hour() {
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        assert_eq!(
            first_sitting_start(at("2026-12-03T00:38:13Z")),
            at("2026-12-03T00:45:00Z")
        );
        // On the quarter: the next one, so check-in is open and the start
        // is still ahead.
        assert_eq!(
            first_sitting_start(at("2026-12-03T00:45:00Z")),
            at("2026-12-03T01:00:00Z")
        );
    }
}
