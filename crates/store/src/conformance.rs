//! The store conformance suite: one set of tests over the [`Store`] traits
//! that every backend runs. A backend implements one constructor and calls
//! [`conformance_suite!`](crate::conformance_suite) in a test file:
//!
//! ```text
//! async fn fresh_store() -> (Arc<dyn Store>, Box<dyn std::any::Any + Send>) { … }
//! kyhop_store::conformance_suite!(fresh_store());
//! ```
//!
//! Each case gets a fresh, empty store and checks behaviour through the
//! traits only: what is kept, what is refused and with which error, the
//! event chain, the snapshot, and ballots arriving at once.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde_json::json;

use kyhop_domain::events::{verify_chain, Stream};
use kyhop_domain::{
    AgendaItem, AgendaState, AttendanceChange, AttendanceMode, AttendanceStatus, Ballot,
    BallotRequest, BelowQuorum, Choice, Council, CouncilSettings, GoAhead, ItemChange,
    NewAgendaItem, NewPerson, NewSession, NewTerm, PageText, Person, PersonKind, PollKind,
    PollState, RecognitionState, Reorder, Role, Session, SessionKind, SessionState, SignInAlarm,
    SignatureImageKind, SpeechAction, SpeechKind, SpeechOnLeaving, SpeechState, Term,
};

use crate::secret_count::CountingKey;
use crate::{
    AccountChange, AccountRecord, Edit, NewToken, NewVersion, NoteScope, PageRecognition,
    PageSearch, PairingError, Roster, Store, StoreError, TokenLookup,
};

/// A fresh store and whatever keeps it alive (a temporary directory, a
/// database), dropped after the case.
pub type Fresh = (Arc<dyn Store>, Box<dyn std::any::Any + Send>);

/// The chair's go-ahead in the fixtures, whose councils sit with a few
/// delegates: below the quorum, confirmed (the rule has a case of its own,
/// `the_quorum_rule_warns_or_refuses`).
const GO_AHEAD: GoAhead = GoAhead {
    below_quorum_confirmed: true,
};

/// Runs every case of the suite as its own test. The argument is an
/// expression (usually a call) that yields a [`Fresh`] store.
#[macro_export]
macro_rules! conformance_suite {
    ($fresh:expr) => {
        $crate::conformance_suite!(@cases $fresh;
            accounts_keep_their_fields_and_refuse_duplicates,
            accounts_are_disabled_renamed_and_signed_out,
            tokens_sign_in_expire_and_end,
            pairing_codes_are_single_use,
            sign_in_alarms_reach_every_council,
            councils_and_terms,
            rosters_and_people,
            a_session_moves_one_step_at_a_time,
            set_up_freezes_when_the_session_sits,
            attendance_and_quorum,
            check_in_opens_shortly_before_the_sitting,
            attendance_is_kept_per_sitting,
            the_quorum_rule_warns_or_refuses,
            the_running_agenda,
            the_speakers_queue,
            moving_off_an_item_ends_or_pauses_its_speech,
            speech_alarms_ring_once,
            poll_lifecycle,
            ballots_are_admitted_by_the_rules,
            ballots_arriving_at_once_count_once,
            secret_polls_are_counted_from_ciphertexts_only,
            closing_a_session_winds_up_the_floor,
            every_stream_is_a_gapless_chain,
            the_live_hub_carries_committed_events,
            the_snapshot_matches_its_sequence,
            documents_versions_and_reads,
            scanned_pages_are_read_and_searchable,
            search_folds_diacritics,
            notes_are_private,
            resolution_numbers_are_never_reused,
            minutes_narratives,
            edits_and_deletions_of_the_set_up,
            people_import_whole_or_not_at_all,
            reader_copies_are_kept_once,
            signature_images_per_council_and_signer,
        );
    };
    (@cases $fresh:expr; $($case:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $case() {
                let (store, _keep) = $fresh.await;
                $crate::conformance::$case(store).await;
            }
        )*
    };
}

// ---------------------------------------------------------------------------
// A small council to work in
// ---------------------------------------------------------------------------

/// A council of [`SEATS`] seats with five delegates and an official, a term,
/// a convened session with two agenda items, and an admin to act.
pub struct Chamber {
    pub store: Arc<dyn Store>,
    pub admin: i64,
    pub council: Council,
    pub term: Term,
    pub session: Session,
    pub items: Vec<AgendaItem>,
    pub delegates: Vec<Person>,
    pub official: Person,
}

/// Nine seats and five delegates: five "yes" is more than half of all
/// seats, three is not.
pub const SEATS: u32 = 9;

fn today() -> NaiveDate {
    kyhop_domain::vi::vietnam_date(Utc::now())
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

fn at(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + seconds, 0)
        .single()
        .expect("a real time")
}

async fn admin(store: &dyn Store) -> i64 {
    store
        .create_account(
            None,
            AccountRecord {
                username: "admin".into(),
                display_name: "Quản trị".into(),
                role: Role::Admin,
                council_id: None,
                person_id: None,
                password_hash: Some("$argon2id$placeholder".into()),
                must_change_password: false,
            },
        )
        .await
        .expect("admin account")
        .id
}

fn person(kind: PersonKind, name: &str) -> NewPerson {
    NewPerson {
        kind,
        full_name: name.into(),
        position_title: String::new(),
        organization: String::new(),
        delegate_group_id: None,
        committee_ids: Vec::new(),
    }
}

impl Chamber {
    pub async fn new(store: Arc<dyn Store>) -> Chamber {
        let admin = admin(store.as_ref()).await;
        let council = store
            .create_council(
                admin,
                "Hội đồng nhân dân xã Thuận Thành".into(),
                CouncilSettings::defaults("Thuận Thành".into(), SEATS),
            )
            .await
            .expect("council");
        let term = store
            .create_term(
                admin,
                council.id,
                NewTerm {
                    name: "Nhiệm kỳ 2021–2026".into(),
                    start_year: 2021,
                    end_year: 2026,
                },
            )
            .await
            .expect("term");
        let mut delegates = Vec::new();
        for name in [
            "Nguyễn Văn An",
            "Trần Thị Bình",
            "Lê Văn Cường",
            "Phạm Thị Dung",
            "Hoàng Văn Em",
        ] {
            let p = store
                .create_person(admin, council.id, person(PersonKind::Delegate, name))
                .await
                .expect("delegate");
            delegates.push(p);
        }
        let official = store
            .create_person(
                admin,
                council.id,
                person(PersonKind::Official, "Đỗ Văn Giang"),
            )
            .await
            .expect("official");
        let session = store
            .create_session(
                admin,
                council.id,
                NewSession {
                    term_id: term.id,
                    number: 12,
                    kind: SessionKind::Regular,
                    title: "Kỳ họp thứ mười hai".into(),
                    place: "Hội trường Ủy ban".into(),
                    // Today in Vietnam: delegates may check in from the
                    // eve of the first day (`check_in_opens_at`).
                    planned_start: today(),
                    planned_end: today() + Duration::days(1),
                },
            )
            .await
            .expect("session");
        let mut items = Vec::new();
        for title in ["Báo cáo kinh tế – xã hội", "Dự toán ngân sách 2027"] {
            let item = store
                .create_agenda_item(
                    admin,
                    session.id,
                    NewAgendaItem {
                        parent_id: None,
                        title: title.into(),
                        presenter: "Ủy ban nhân dân".into(),
                        planned_minutes: 30,
                    },
                )
                .await
                .expect("agenda item");
            items.push(item);
        }
        let session = store
            .transition_session(admin, session.id, SessionState::Convened, GO_AHEAD)
            .await
            .expect("convened");
        Chamber {
            store,
            admin,
            council,
            term,
            session,
            items,
            delegates,
            official,
        }
    }

    /// The session sits at agenda item `index`.
    pub async fn sit_at(&self, index: usize) {
        self.sit().await;
        self.store
            .open_agenda_item(self.admin, self.items[index].id, ItemChange::default())
            .await
            .expect("item opened");
    }

    /// The session starts sitting.
    pub async fn sit(&self) {
        self.store
            .transition_session(
                self.admin,
                self.session.id,
                SessionState::InProgress,
                GO_AHEAD,
            )
            .await
            .expect("sitting");
    }

    pub async fn check_in(&self, delegate: usize) {
        self.store
            .set_attendance(
                self.admin,
                self.session.id,
                self.delegates[delegate].id,
                AttendanceChange::CheckIn {
                    mode: AttendanceMode::Chamber,
                },
            )
            .await
            .expect("check in");
    }

    pub async fn poll(&self, kind: PollKind) -> kyhop_domain::Poll {
        let new = serde_json::from_value(json!({ "kind": kind, "title": "Biểu quyết" }))
            .expect("a new poll");
        self.store
            .create_poll(self.admin, self.items[0].id, new, Some(counting_key()))
            .await
            .expect("poll")
    }

    pub fn ballot(&self, poll_id: i64, delegate: usize, choice: Choice) -> Ballot {
        Ballot {
            poll_id,
            person_id: self.delegates[delegate].id,
            council_id: self.council.id,
            request: BallotRequest {
                option: None,
                choice: Some(choice),
                ratings: None,
                candidates: None,
            },
            sealed: None,
        }
    }
}

/// The counting key of every case: outside any store, as a server keeps it.
pub fn counting_key() -> &'static CountingKey {
    static KEY: std::sync::OnceLock<CountingKey> = std::sync::OnceLock::new();
    KEY.get_or_init(CountingKey::generate)
}

#[track_caller]
fn refused<T: std::fmt::Debug>(result: crate::Result<T>, expected: &str) {
    match result {
        Err(StoreError::Refused { code, .. }) if code == expected => {}
        other => panic!("expected the refusal {expected}, got {other:?}"),
    }
}

#[track_caller]
fn invalid_state<T: std::fmt::Debug>(result: crate::Result<T>) {
    assert!(
        matches!(result, Err(StoreError::InvalidState(_))),
        "expected invalid_state, got {result:?}"
    );
}

#[track_caller]
fn invalid_reference<T: std::fmt::Debug>(result: crate::Result<T>, expected: &str) {
    match result {
        Err(StoreError::InvalidReference { field, .. }) if field == expected => {}
        other => panic!("expected an invalid reference in {expected}, got {other:?}"),
    }
}

#[track_caller]
fn not_found<T: std::fmt::Debug>(result: crate::Result<T>) {
    assert!(
        matches!(result, Err(StoreError::NotFound(_))),
        "expected not_found, got {result:?}"
    );
}

fn token(hash: &str, expires_at: DateTime<Utc>) -> NewToken {
    NewToken {
        hash: hash.into(),
        expires_at,
    }
}

// ---------------------------------------------------------------------------
// Accounts and sign-in
// ---------------------------------------------------------------------------

pub async fn accounts_keep_their_fields_and_refuse_duplicates(store: Arc<dyn Store>) {
    assert_eq!(store.account_count().await.unwrap(), 0);
    let chamber = Chamber::new(store.clone()).await;
    let admin = chamber.admin;
    let record = AccountRecord {
        username: "thuky".into(),
        display_name: "Thư ký kỳ họp".into(),
        role: Role::Secretary,
        council_id: Some(chamber.council.id),
        person_id: None,
        password_hash: Some("hash-1".into()),
        must_change_password: true,
    };
    let secretary = store
        .create_account(Some(admin), record.clone())
        .await
        .unwrap();
    assert_eq!(secretary.username, "thuky");
    assert_eq!(secretary.role, Role::Secretary);
    assert!(secretary.must_change_password);
    assert_eq!(store.account(secretary.id).await.unwrap(), secretary);
    assert_eq!(store.account_count().await.unwrap(), 2);
    let (found, hash) = store
        .account_by_username("thuky")
        .await
        .unwrap()
        .expect("found by name");
    assert_eq!((found.id, hash.as_deref()), (secretary.id, Some("hash-1")));
    assert!(store.account_by_username("nobody").await.unwrap().is_none());
    assert!(matches!(
        store.create_account(Some(admin), record).await,
        Err(StoreError::Duplicate(_))
    ));

    // A sign-in a cache has answered for sees the change at once.
    store
        .create_token(secretary.id, token("s1", at(3_600)))
        .await
        .unwrap();
    assert!(matches!(
        store.token_account("s1", at(0)).await.unwrap(),
        TokenLookup::Valid(a) if a.role == Role::Secretary
    ));
    let changed = store
        .update_account(
            admin,
            secretary.id,
            AccountChange {
                display_name: Some("Thư ký".into()),
                role: Some(Role::Chair),
                password: None,
                ..AccountChange::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (changed.display_name.as_str(), changed.role),
        ("Thư ký", Role::Chair)
    );
    assert!(matches!(
        store.token_account("s1", at(0)).await.unwrap(),
        TokenLookup::Valid(a) if a.role == Role::Chair
    ));
    // A password set by the admin ends the account's sign-ins.
    let reset = store
        .update_account(
            admin,
            secretary.id,
            AccountChange {
                password: Some(("hash-2".into(), false)),
                ..AccountChange::default()
            },
        )
        .await
        .unwrap();
    assert!(!reset.must_change_password);
    let (_, hash) = store.account_by_username("thuky").await.unwrap().unwrap();
    assert_eq!(hash.as_deref(), Some("hash-2"));
    assert!(matches!(
        store.token_account("s1", at(0)).await.unwrap(),
        TokenLookup::Unknown
    ));
    store
        .create_token(secretary.id, token("s2", at(3_600)))
        .await
        .unwrap();
    assert!(matches!(
        store.token_account("s2", at(0)).await.unwrap(),
        TokenLookup::Valid(_)
    ));
    store.delete_account(admin, secretary.id).await.unwrap();
    assert!(matches!(
        store.token_account("s2", at(0)).await.unwrap(),
        TokenLookup::Unknown
    ));
    not_found(store.account(secretary.id).await);
    not_found(store.delete_account(admin, secretary.id).await);
    assert!(store
        .accounts(Some(chamber.council.id))
        .await
        .unwrap()
        .is_empty());
    // A council role without a council breaks a rule of the data model.
    let stray = AccountRecord {
        username: "lac".into(),
        display_name: "Không hội đồng".into(),
        role: Role::Secretary,
        council_id: None,
        person_id: None,
        password_hash: None,
        must_change_password: false,
    };
    invalid_state(store.create_account(Some(admin), stray).await);
}

pub async fn accounts_are_disabled_renamed_and_signed_out(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let admin = chamber.admin;
    let record = |username: &str, role: Role, person_id: Option<i64>| AccountRecord {
        username: username.into(),
        display_name: username.into(),
        role,
        council_id: Some(chamber.council.id),
        person_id,
        password_hash: Some("hash".into()),
        must_change_password: false,
    };
    // A delegate's account names a delegate; the chair's a delegate or nobody.
    for (role, person) in [
        (Role::Delegate, None),
        (Role::Delegate, Some(chamber.official.id)),
        (Role::Secretary, Some(chamber.delegates[0].id)),
    ] {
        assert!(
            matches!(
                store.create_account(Some(admin), record("sai", role, person)).await,
                Err(StoreError::Invalid(ref e)) if e.field == "person_id"
            ),
            "{role:?} for {person:?}"
        );
    }
    let delegate = store
        .create_account(
            Some(admin),
            record("daibieu", Role::Delegate, Some(chamber.delegates[0].id)),
        )
        .await
        .unwrap();
    for n in 0..2 {
        store
            .create_token(delegate.id, token(&format!("d{n}"), at(3_600)))
            .await
            .unwrap();
    }
    // Relinked to an official: refused, nothing changed.
    let to_official = AccountChange {
        person_id: Some(Some(chamber.official.id)),
        ..AccountChange::default()
    };
    assert!(matches!(
        store.update_account(admin, delegate.id, to_official).await,
        Err(StoreError::Invalid(ref e)) if e.field == "person_id"
    ));
    // A new username and another delegate: kept.
    let renamed = store
        .update_account(
            admin,
            delegate.id,
            AccountChange {
                username: Some("daibieu2".into()),
                person_id: Some(Some(chamber.delegates[1].id)),
                ..AccountChange::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.username.as_str(), renamed.person_id),
        ("daibieu2", Some(chamber.delegates[1].id))
    );
    assert!(store
        .account_by_username("daibieu")
        .await
        .unwrap()
        .is_none());
    // Ending the sign-ins: both tokens go, the account may sign in again.
    assert_eq!(store.end_sign_ins(admin, delegate.id).await.unwrap(), 2);
    assert!(matches!(
        store.token_account("d0", at(0)).await.unwrap(),
        TokenLookup::Unknown
    ));
    store
        .create_token(delegate.id, token("d2", at(3_600)))
        .await
        .unwrap();
    // Disabled: its sign-in ends, it stays disabled until enabled again.
    let disabled = store
        .update_account(
            admin,
            delegate.id,
            AccountChange {
                disabled: Some(true),
                ..AccountChange::default()
            },
        )
        .await
        .unwrap();
    assert!(disabled.disabled);
    assert!(matches!(
        store.token_account("d2", at(0)).await.unwrap(),
        TokenLookup::Unknown
    ));
    store
        .create_token(delegate.id, token("d3", at(3_600)))
        .await
        .unwrap();
    assert!(
        matches!(
            store.token_account("d3", at(0)).await.unwrap(),
            TokenLookup::Unknown
        ),
        "a disabled account's token is not honoured"
    );
    let enabled = store
        .update_account(
            admin,
            delegate.id,
            AccountChange {
                disabled: Some(false),
                ..AccountChange::default()
            },
        )
        .await
        .unwrap();
    assert!(!enabled.disabled);
    assert!(matches!(
        store.token_account("d3", at(0)).await.unwrap(),
        TokenLookup::Valid(_)
    ));
}

pub async fn tokens_sign_in_expire_and_end(store: Arc<dyn Store>) {
    let admin = admin(store.as_ref()).await;
    let now = at(0);
    for hash in ["t1", "t2", "t3"] {
        store
            .create_token(admin, token(hash, now + Duration::hours(1)))
            .await
            .unwrap();
    }
    store
        .create_token(admin, token("old", now - Duration::seconds(1)))
        .await
        .unwrap();
    assert!(matches!(
        store.token_account("t1", now).await.unwrap(),
        TokenLookup::Valid(a) if a.id == admin
    ));
    // Twice: the second answer may come from a cache and must agree.
    assert!(matches!(
        store.token_account("t1", now).await.unwrap(),
        TokenLookup::Valid(_)
    ));
    assert!(matches!(
        store.token_account("old", now).await.unwrap(),
        TokenLookup::Expired
    ));
    assert!(matches!(
        store.token_account("never", now).await.unwrap(),
        TokenLookup::Unknown
    ));
    store.delete_token("t1").await.unwrap();
    assert!(matches!(
        store.token_account("t1", now).await.unwrap(),
        TokenLookup::Unknown
    ));
    // A new password ends every other sign-in of the account at once, even
    // those a cache has just answered for.
    for hash in ["t2", "t3"] {
        assert!(matches!(
            store.token_account(hash, now).await.unwrap(),
            TokenLookup::Valid(_)
        ));
    }
    store
        .change_password(admin, "new-hash".into(), "t2")
        .await
        .unwrap();
    assert!(matches!(
        store.token_account("t2", now).await.unwrap(),
        TokenLookup::Valid(_)
    ));
    assert!(matches!(
        store.token_account("t3", now).await.unwrap(),
        TokenLookup::Unknown
    ));
}

pub async fn sign_in_alarms_reach_every_council(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let other = store
        .create_council(
            chamber.admin,
            "Hội đồng nhân dân xã Khác".into(),
            CouncilSettings::defaults("Khác".into(), 5),
        )
        .await
        .unwrap();
    // A guessed code is looked up without the writer: unknown, then known.
    let later = at(0) + Duration::days(7);
    assert!(!store.pairing_code_known("card-9").await.unwrap());
    store
        .issue_pairing_code(
            chamber.admin,
            chamber.delegates[0].id,
            "card-9".into(),
            later,
        )
        .await
        .unwrap();
    assert!(store.pairing_code_known("card-9").await.unwrap());
    assert!(!store.pairing_code_known("card-8").await.unwrap());

    let heads: Vec<i64> = {
        let mut heads = Vec::new();
        for stream in [
            Stream::System,
            Stream::Council(chamber.council.id),
            Stream::Council(other.id),
        ] {
            heads.push(store.stream_head(stream).await.unwrap());
        }
        heads
    };
    let alarm = SignInAlarm {
        attempt: "pairing_code".into(),
        address: Some("192.0.2.7".into()),
        failures: 10,
        blocked_seconds: 60,
    };
    store.record_sign_in_alarm(&alarm).await.unwrap();
    for (stream, head) in [
        Stream::System,
        Stream::Council(chamber.council.id),
        Stream::Council(other.id),
    ]
    .into_iter()
    .zip(heads)
    {
        let events = store.events_after(stream, head, 10).await.unwrap();
        assert_eq!(events.len(), 1, "{stream}");
        assert_eq!(events[0].kind, "sign_in.alarm");
        assert_eq!(events[0].payload, serde_json::to_value(&alarm).unwrap());
        assert_eq!(store.stream_head(stream).await.unwrap(), head + 1);
    }
    // No session hears of it: its stream is everyone's in the council.
    let session = Stream::Session(chamber.session.id);
    let head = store.stream_head(session).await.unwrap();
    assert!(store
        .events_after(session, head, 10)
        .await
        .unwrap()
        .is_empty());
}

pub async fn pairing_codes_are_single_use(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let delegate = &chamber.delegates[0];
    let now = at(0);
    let later = now + Duration::days(30);
    // The session is convened: a card waits for the chair before it works.
    let first = store
        .issue_pairing_code(chamber.admin, delegate.id, "code-1".into(), later)
        .await
        .unwrap();
    assert!(first.awaits_chair);
    let account = first.account;
    assert_eq!(account.person_id, Some(delegate.id));
    assert_eq!(account.role, Role::Delegate);
    assert!(matches!(
        store
            .redeem_pairing_code("code-1", now, token("p0", later))
            .await,
        Err(StoreError::Pairing(PairingError::AwaitsChair))
    ));
    let pending = store
        .pending_pairing_codes(chamber.council.id)
        .await
        .unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].person_id, delegate.id);
    assert_eq!(pending[0].issued_by, Some(chamber.admin));
    // A second card for the same person signs in to the same account and
    // replaces the first.
    let again = store
        .issue_pairing_code(chamber.admin, delegate.id, "code-2".into(), later)
        .await
        .unwrap();
    assert_eq!(again.account.id, account.id);
    // The chair's screen showed the first card: confirming it now is refused.
    refused(
        store
            .confirm_pairing_code(chamber.admin, delegate.id, pending[0].issued_at)
            .await,
        "card_replaced",
    );
    store
        .confirm_pairing_code(chamber.admin, delegate.id, again.issued_at)
        .await
        .unwrap();
    assert!(store
        .pending_pairing_codes(chamber.council.id)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        store
            .redeem_pairing_code("code-1", now, token("p1", later))
            .await,
        Err(StoreError::Pairing(PairingError::Replaced))
    ));
    let signed_in = store
        .redeem_pairing_code("code-2", now, token("p2", later))
        .await
        .unwrap();
    assert_eq!(signed_in.id, account.id);
    assert!(matches!(
        store.token_account("p2", now).await.unwrap(),
        TokenLookup::Valid(a) if a.id == account.id
    ));
    assert!(matches!(
        store
            .redeem_pairing_code("code-2", now, token("p3", later))
            .await,
        Err(StoreError::Pairing(PairingError::Used))
    ));
    assert!(matches!(
        store
            .redeem_pairing_code("no-such-code", now, token("p4", later))
            .await,
        Err(StoreError::Pairing(PairingError::Unknown))
    ));
    store
        .issue_pairing_code(chamber.admin, chamber.delegates[1].id, "code-3".into(), now)
        .await
        .unwrap();
    assert!(matches!(
        store
            .redeem_pairing_code("code-3", now + Duration::seconds(1), token("p5", later))
            .await,
        Err(StoreError::Pairing(PairingError::Expired))
    ));
    not_found(
        store
            .issue_pairing_code(chamber.admin, 999_999, "code-4".into(), later)
            .await,
    );
    // A new card ends the delegate's sign-in, but only once the chair confirms it.
    store
        .issue_pairing_code(chamber.admin, delegate.id, "code-5".into(), later)
        .await
        .unwrap();
    assert!(matches!(
        store.token_account("p2", now).await.unwrap(),
        TokenLookup::Valid(_)
    ));
    let waiting = store
        .pending_pairing_codes(chamber.council.id)
        .await
        .unwrap();
    let card = waiting
        .iter()
        .find(|c| c.person_id == delegate.id)
        .expect("the new card awaits the chair");
    store
        .confirm_pairing_code(chamber.admin, delegate.id, card.issued_at)
        .await
        .unwrap();
    assert!(matches!(
        store.token_account("p2", now).await.unwrap(),
        TokenLookup::Unknown
    ));
    not_found(
        store
            .confirm_pairing_code(chamber.admin, delegate.id, card.issued_at)
            .await,
    );
    // An account that signs in with a password is never paired: the chair
    // is a delegate of the council, but not on a card.
    store
        .create_account(
            Some(chamber.admin),
            AccountRecord {
                username: "chutoa".into(),
                display_name: "Chủ tọa".into(),
                role: Role::Chair,
                council_id: Some(chamber.council.id),
                person_id: Some(chamber.delegates[2].id),
                password_hash: Some("$argon2id$placeholder".into()),
                must_change_password: false,
            },
        )
        .await
        .unwrap();
    refused(
        store
            .issue_pairing_code(
                chamber.admin,
                chamber.delegates[2].id,
                "code-6".into(),
                later,
            )
            .await,
        "not_pairable",
    );
}

// ---------------------------------------------------------------------------
// The council's records
// ---------------------------------------------------------------------------

pub async fn councils_and_terms(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let admin = chamber.admin;
    assert_eq!(
        store.councils().await.unwrap(),
        vec![chamber.council.clone()]
    );
    let renamed = store
        .update_council(
            admin,
            chamber.council.id,
            Box::new(|c: &Council| {
                let mut c = c.clone();
                c.name = "Hội đồng nhân dân xã Thuận Thành mới".into();
                Ok(c)
            }),
        )
        .await
        .unwrap();
    assert_eq!(
        store.council(chamber.council.id).await.unwrap().name,
        renamed.name
    );
    // An edit that refuses leaves the record as it was.
    let refused_edit = store
        .update_council(
            admin,
            chamber.council.id,
            Box::new(|_: &Council| Err(StoreError::InvalidState("no".into()))),
        )
        .await;
    invalid_state(refused_edit);
    assert_eq!(store.council(chamber.council.id).await.unwrap(), renamed);

    let duplicate = store
        .create_term(
            admin,
            chamber.council.id,
            NewTerm {
                name: chamber.term.name.clone(),
                start_year: 2026,
                end_year: 2031,
            },
        )
        .await;
    assert!(
        matches!(duplicate, Err(StoreError::Duplicate(_))),
        "{duplicate:?}"
    );
    assert_eq!(store.terms(chamber.council.id).await.unwrap().len(), 1);
    // Records that others refer to stay.
    assert!(matches!(
        store.delete_term(admin, chamber.term.id).await,
        Err(StoreError::InUse(_))
    ));
    assert!(matches!(
        store.delete_council(admin, chamber.council.id).await,
        Err(StoreError::InUse(_))
    ));
    not_found(store.council(999_999).await);
    not_found(store.term(999_999).await);
}

pub async fn rosters_and_people(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let (admin, council) = (chamber.admin, chamber.council.id);
    let group = store
        .create_roster_entry(admin, Roster::DelegateGroups, council, "Tổ 1".into())
        .await
        .unwrap();
    let committee = store
        .create_roster_entry(
            admin,
            Roster::Committees,
            council,
            "Ban Kinh tế – Ngân sách".into(),
        )
        .await
        .unwrap();
    assert!(matches!(
        store
            .create_roster_entry(admin, Roster::DelegateGroups, council, "Tổ 1".into())
            .await,
        Err(StoreError::Duplicate(_))
    ));
    let renamed = store
        .rename_roster_entry(
            admin,
            Roster::DelegateGroups,
            group.id,
            "Tổ đại biểu 1".into(),
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, "Tổ đại biểu 1");
    let mut new = person(PersonKind::Delegate, "Vũ Thị Hạnh");
    new.delegate_group_id = Some(group.id);
    new.committee_ids = vec![committee.id];
    let member = store.create_person(admin, council, new).await.unwrap();
    assert_eq!(member.delegate_group_id, Some(group.id));
    assert_eq!(member.committee_ids, vec![committee.id]);
    assert!(matches!(
        store
            .delete_roster_entry(admin, Roster::DelegateGroups, group.id)
            .await,
        Err(StoreError::InUse(_))
    ));
    assert_eq!(
        store
            .people(council, Some(PersonKind::Delegate))
            .await
            .unwrap()
            .len(),
        6
    );
    assert_eq!(
        store
            .people(council, Some(PersonKind::Official))
            .await
            .unwrap()
            .len(),
        1
    );
    let moved = store
        .update_person(
            admin,
            member.id,
            Box::new(|p: &Person| {
                let mut p = p.clone();
                p.delegate_group_id = None;
                Ok(p)
            }),
        )
        .await
        .unwrap();
    assert_eq!(moved.delegate_group_id, None);
    store
        .delete_roster_entry(admin, Roster::DelegateGroups, group.id)
        .await
        .unwrap();
    not_found(store.roster_entry(Roster::DelegateGroups, group.id).await);
    assert_eq!(
        store
            .roster(Roster::Committees, council)
            .await
            .unwrap()
            .len(),
        1
    );
    store.delete_person(admin, member.id).await.unwrap();
    not_found(store.person(member.id).await);
}

// ---------------------------------------------------------------------------
// Sessions and the floor
// ---------------------------------------------------------------------------

pub async fn a_session_moves_one_step_at_a_time(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let id = chamber.session.id;
    assert_eq!(chamber.session.state, SessionState::Convened);
    invalid_state(
        store
            .transition_session(chamber.admin, id, SessionState::Closed, GO_AHEAD)
            .await,
    );
    invalid_state(
        store
            .transition_session(chamber.admin, id, SessionState::Draft, GO_AHEAD)
            .await,
    );
    // Only a draft session is deleted.
    invalid_state(store.delete_session(chamber.admin, id).await);
    chamber.sit().await;
    let closed = store
        .transition_session(chamber.admin, id, SessionState::Closed, GO_AHEAD)
        .await
        .unwrap();
    assert_eq!(closed.state, SessionState::Closed);
    assert_eq!(store.session(id).await.unwrap().state, SessionState::Closed);
    invalid_state(
        store
            .transition_session(chamber.admin, id, SessionState::Closed, GO_AHEAD)
            .await,
    );
}

pub async fn set_up_freezes_when_the_session_sits(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let admin = chamber.admin;
    let sitting = store
        .create_sitting(
            admin,
            chamber.session.id,
            serde_json::from_value(json!({ "title": "Phiên khai mạc", "starts_at": at(0) }))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        store.sittings(chamber.session.id).await.unwrap(),
        vec![sitting.clone()]
    );
    let child = store
        .create_agenda_item(
            admin,
            chamber.session.id,
            NewAgendaItem {
                parent_id: Some(chamber.items[1].id),
                title: "Thảo luận tổ".into(),
                presenter: String::new(),
                planned_minutes: 15,
            },
        )
        .await
        .unwrap();
    assert_eq!(child.parent_id, Some(chamber.items[1].id));
    assert_eq!(store.agenda(chamber.session.id).await.unwrap().len(), 3);
    chamber.sit().await;
    invalid_state(
        store
            .create_agenda_item(
                admin,
                chamber.session.id,
                NewAgendaItem {
                    parent_id: None,
                    title: "Muộn".into(),
                    presenter: String::new(),
                    planned_minutes: 5,
                },
            )
            .await,
    );
    invalid_state(store.delete_sitting(admin, sitting.id).await);
    invalid_state(
        store
            .update_session(
                admin,
                chamber.session.id,
                Box::new(|s: &Session| Ok(s.clone())),
            )
            .await,
    );
    // An item's wording may still be corrected while the session sits.
    let item = store
        .update_agenda_item(
            admin,
            chamber.items[0].id,
            Box::new(|i: &AgendaItem| {
                let mut i = i.clone();
                i.title = "Báo cáo tình hình kinh tế – xã hội".into();
                Ok(i)
            }),
        )
        .await
        .unwrap();
    assert_eq!(item.title, "Báo cáo tình hình kinh tế – xã hội");
}

/// Below the quorum the chair is warned and must confirm, or (as the
/// council chooses) refused, when starting the session and when opening a
/// poll; at the quorum neither; a refusal changes nothing.
pub async fn the_quorum_rule_warns_or_refuses(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let (admin, session, council) = (chamber.admin, chamber.session.id, chamber.council.id);
    let unconfirmed = GoAhead::default();
    chamber.check_in(0).await;
    refused(
        store
            .transition_session(admin, session, SessionState::InProgress, unconfirmed)
            .await,
        "below_quorum",
    );
    assert_eq!(
        store.session(session).await.unwrap().state,
        SessionState::Convened
    );
    chamber.sit().await;
    let poll = chamber.poll(PollKind::Named).await;
    refused(
        store.open_poll(admin, poll.id, None, unconfirmed).await,
        "below_quorum",
    );
    let set = |rule: BelowQuorum, seats: u32| -> Edit<Council> {
        Box::new(move |c: &Council| {
            let mut c = c.clone();
            c.settings.below_quorum = rule;
            c.settings.total_seats = seats;
            Ok(c)
        })
    };
    store
        .update_council(admin, council, set(BelowQuorum::Refuse, SEATS))
        .await
        .unwrap();
    refused(
        store.open_poll(admin, poll.id, None, GO_AHEAD).await,
        "quorum_not_reached",
    );
    assert_eq!(store.poll(poll.id).await.unwrap().state, PollState::Draft);
    // Six seats: four present reach two thirds, and the poll opens unasked.
    store
        .update_council(admin, council, set(BelowQuorum::Refuse, 6))
        .await
        .unwrap();
    for d in 1..4 {
        chamber.check_in(d).await;
    }
    let opened = store
        .open_poll(admin, poll.id, None, unconfirmed)
        .await
        .unwrap();
    assert_eq!(opened.state, PollState::Open);
}

pub async fn attendance_and_quorum(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let (admin, session) = (chamber.admin, chamber.session.id);
    refused(
        store
            .set_attendance(
                admin,
                session,
                chamber.delegates[0].id,
                AttendanceChange::CheckOut,
            )
            .await,
        "not_checked_in",
    );
    for d in 0..4 {
        chamber.check_in(d).await;
    }
    let absent = store
        .set_attendance(
            admin,
            session,
            chamber.delegates[4].id,
            AttendanceChange::MarkAbsent {
                reason: "Đi công tác".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(absent.status, AttendanceStatus::Absent);
    let left = store
        .set_attendance(
            admin,
            session,
            chamber.delegates[3].id,
            AttendanceChange::CheckOut,
        )
        .await
        .unwrap();
    assert_eq!(left.status, AttendanceStatus::Left);
    let (records, quorum) = store.attendance(session).await.unwrap();
    assert_eq!(records.len(), 5);
    assert_eq!((quorum.present, quorum.total_seats), (3, SEATS));
    invalid_reference(
        store
            .set_attendance(
                admin,
                session,
                chamber.official.id,
                AttendanceChange::CheckIn {
                    mode: AttendanceMode::Chamber,
                },
            )
            .await,
        "person_id",
    );
    // Attendance is kept from convening to the close.
    chamber.sit().await;
    store
        .transition_session(admin, session, SessionState::Closed, GO_AHEAD)
        .await
        .unwrap();
    invalid_state(
        store
            .set_attendance(
                admin,
                session,
                chamber.delegates[0].id,
                AttendanceChange::CheckOut,
            )
            .await,
    );
}

pub async fn check_in_opens_shortly_before_the_sitting(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let (admin, session) = (chamber.admin, chamber.session.id);
    let check_in = |d: usize| {
        let store = store.clone();
        let person = chamber.delegates[d].id;
        async move {
            store
                .set_attendance(
                    admin,
                    session,
                    person,
                    AttendanceChange::CheckIn {
                        mode: AttendanceMode::Chamber,
                    },
                )
                .await
        }
    };
    // The first sitting eight days from now: checking in today is refused.
    let sitting = store
        .create_sitting(
            admin,
            session,
            serde_json::from_value(json!({
                "title": "Phiên khai mạc", "starts_at": Utc::now() + Duration::days(8)
            }))
            .unwrap(),
        )
        .await
        .unwrap();
    refused(check_in(0).await, "check_in_not_open");
    let snapshot = store.snapshot(session, None).await.unwrap();
    assert_eq!(snapshot.current_sitting_id, Some(sitting.id));
    let opens = snapshot.check_in_opens_at.expect("check-in not open yet");
    assert_eq!(
        opens,
        snapshot.sittings[0].starts_at - kyhop_domain::check_in_lead()
    );
    // Marking absent ahead of the sitting is the secretariat's to do.
    store
        .set_attendance(
            admin,
            session,
            chamber.delegates[1].id,
            AttendanceChange::MarkAbsent {
                reason: "Đi công tác".into(),
            },
        )
        .await
        .unwrap();
    // Control: with the sitting an hour from now, the same check-in is kept.
    store
        .update_sitting(
            admin,
            sitting.id,
            Box::new(|s: &kyhop_domain::Sitting| {
                Ok(kyhop_domain::Sitting {
                    starts_at: Utc::now() + Duration::hours(1),
                    ..s.clone()
                })
            }),
        )
        .await
        .unwrap();
    check_in(0).await.unwrap();
    // Once the session sits, a check-in is never early.
    store
        .update_sitting(
            admin,
            sitting.id,
            Box::new(|s: &kyhop_domain::Sitting| {
                Ok(kyhop_domain::Sitting {
                    starts_at: Utc::now() + Duration::days(8),
                    ..s.clone()
                })
            }),
        )
        .await
        .unwrap();
    refused(check_in(2).await, "check_in_not_open");
    chamber.sit().await;
    check_in(2).await.unwrap();
    let snapshot = store.snapshot(session, None).await.unwrap();
    assert_eq!(snapshot.check_in_opens_at, None);
    assert_eq!(snapshot.quorum.present, 2);
}

pub async fn attendance_is_kept_per_sitting(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let (admin, session) = (chamber.admin, chamber.session.id);
    let mut sittings = Vec::new();
    for (title, hours) in [
        ("Phiên sáng", 0),
        ("Phiên chiều", 5),
        ("Phiên ngày hai", 24),
    ] {
        let new = serde_json::from_value(json!({
            "title": title, "starts_at": Utc::now() + Duration::hours(hours)
        }))
        .unwrap();
        sittings.push(store.create_sitting(admin, session, new).await.unwrap());
    }
    let [morning, afternoon, next_day] = [sittings[0].id, sittings[1].id, sittings[2].id];
    // Before the start the first sitting's roll is the one being kept.
    for d in 0..3 {
        chamber.check_in(d).await;
    }
    assert_eq!(store.sitting_roll(morning).await.unwrap().records.len(), 3);
    refused(store.sitting_roll(afternoon).await, "sitting_not_begun");
    invalid_state(store.begin_sitting(admin, afternoon).await);
    chamber.sit_at(0).await;
    let begun = store.sittings(session).await.unwrap();
    assert!(
        begun[0].begun_at.is_some(),
        "the first sitting began with the session"
    );
    assert!(begun[1].begun_at.is_none());
    refused(store.begin_sitting(admin, morning).await, "sitting_passed");
    // Not while a poll is open: who may vote would change under it.
    let poll = chamber.poll(PollKind::Named).await;
    store
        .open_poll(admin, poll.id, None, GO_AHEAD)
        .await
        .unwrap();
    refused(store.begin_sitting(admin, afternoon).await, "poll_open");
    store.close_poll(admin, poll.id, None).await.unwrap();
    // The afternoon starts with an empty roll; the morning's is kept.
    let (sitting, quorum) = store.begin_sitting(admin, afternoon).await.unwrap();
    assert!(sitting.begun_at.is_some());
    assert_eq!(quorum.present, 0);
    assert!(store.attendance(session).await.unwrap().0.is_empty());
    let kept = store.sitting_roll(morning).await.unwrap();
    assert_eq!(kept.records.len(), 3);
    assert!(kept
        .records
        .iter()
        .all(|r| r.status == AttendanceStatus::Present && r.session_id == session));
    chamber.check_in(4).await;
    let live = store.sitting_roll(afternoon).await.unwrap();
    assert_eq!(
        live.records.iter().map(|r| r.person_id).collect::<Vec<_>>(),
        vec![chamber.delegates[4].id]
    );
    assert_eq!(store.sitting_roll(morning).await.unwrap().records.len(), 3);
    let snapshot = store.snapshot(session, None).await.unwrap();
    assert_eq!(snapshot.current_sitting_id, Some(afternoon));
    assert_eq!(snapshot.quorum.present, 1);
    let log = store
        .events_after(Stream::Session(session), 0, 10_000)
        .await
        .unwrap();
    assert_eq!(
        log.iter().filter(|e| e.kind == "sitting.begun").count(),
        2,
        "the first sitting with the session, then the afternoon"
    );
    // The session closes without the third sitting: the afternoon's roll
    // is kept, the skipped sitting has none.
    store
        .transition_session(admin, session, SessionState::Closed, GO_AHEAD)
        .await
        .unwrap();
    assert_eq!(
        store.sitting_roll(afternoon).await.unwrap().records.len(),
        1
    );
    refused(store.sitting_roll(next_day).await, "sitting_not_begun");
    invalid_state(store.begin_sitting(admin, next_day).await);
}

pub async fn the_running_agenda(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let (admin, session) = (chamber.admin, chamber.session.id);
    let (first, second) = (chamber.items[0].id, chamber.items[1].id);
    invalid_state(
        store
            .open_agenda_item(admin, first, ItemChange::default())
            .await,
    );
    chamber.sit().await;
    let opened = store
        .open_agenda_item(admin, first, ItemChange::default())
        .await
        .unwrap();
    assert_eq!(opened.state, AgendaState::Current);
    invalid_state(
        store
            .open_agenda_item(admin, first, ItemChange::default())
            .await,
    );
    invalid_state(
        store
            .close_agenda_item(admin, second, ItemChange::default())
            .await,
    );
    // An urgent item goes right after the item under way, not at the end.
    let urgent = store
        .add_urgent_item(
            admin,
            session,
            NewAgendaItem {
                parent_id: None,
                title: "Nội dung phát sinh đột xuất".into(),
                presenter: String::new(),
                planned_minutes: 10,
            },
        )
        .await
        .unwrap();
    assert!(urgent.urgent);
    assert_eq!(urgent.position, 2, "right after the item under way");
    assert_eq!(store.agenda_item(second).await.unwrap().position, 3);
    // Opening the next item closes the current one.
    store
        .open_agenda_item(admin, second, ItemChange::default())
        .await
        .unwrap();
    assert_eq!(
        store.agenda_item(first).await.unwrap().state,
        AgendaState::Done
    );
    // Done and current items keep their place; pending ones move.
    invalid_state(
        store
            .reorder_agenda(
                admin,
                session,
                Reorder {
                    parent_id: None,
                    order: vec![second, first, urgent.id],
                },
            )
            .await,
    );
    invalid_reference(
        store
            .reorder_agenda(
                admin,
                session,
                Reorder {
                    parent_id: None,
                    order: vec![first, second],
                },
            )
            .await,
        "order",
    );
    let closed = store
        .close_agenda_item(admin, second, ItemChange::default())
        .await
        .unwrap();
    assert_eq!(closed.state, AgendaState::Done);
}

/// The chair moves to another item (or closes the current one) while a
/// speech runs: asked first, then the speech ends or pauses; a paused
/// speech waits for its item to be current again; nothing changes on a
/// refusal.
pub async fn moving_off_an_item_ends_or_pauses_its_speech(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let admin = chamber.admin;
    let (first, second) = (chamber.items[0].id, chamber.items[1].id);
    chamber.sit_at(0).await;
    let speak = |d: usize| {
        let store = store.clone();
        let person = chamber.delegates[d].id;
        async move {
            let queued = store
                .request_speech(admin, first, person, SpeechKind::Debate, None)
                .await
                .unwrap();
            store
                .speech_action(admin, queued.id, SpeechAction::Start)
                .await
                .unwrap()
        }
    };
    let speech = speak(0).await;
    let ask = ItemChange::default();
    refused(
        store.open_agenda_item(admin, second, ask).await,
        "speech_under_way",
    );
    refused(
        store.close_agenda_item(admin, first, ask).await,
        "speech_under_way",
    );
    let agenda = store.agenda(chamber.session.id).await.unwrap();
    assert_eq!(agenda[0].state, AgendaState::Current);
    assert_eq!(
        store.speech(speech.id).await.unwrap().state,
        SpeechState::Speaking
    );
    // Paused: it waits under its item, and cannot resume elsewhere.
    let pause = ItemChange {
        running_speech: Some(SpeechOnLeaving::Pause),
    };
    store.open_agenda_item(admin, second, pause).await.unwrap();
    let paused = store.speech(speech.id).await.unwrap();
    assert_eq!(
        (paused.state, paused.running_since),
        (SpeechState::Paused, None)
    );
    assert!(store.running_speeches().await.unwrap().is_empty());
    refused(
        store
            .speech_action(admin, speech.id, SpeechAction::Start)
            .await,
        "item_not_current",
    );
    // Back at its item it resumes; moving off again, the chair ends it.
    store.open_agenda_item(admin, first, pause).await.unwrap();
    store
        .speech_action(admin, speech.id, SpeechAction::Start)
        .await
        .unwrap();
    let end = ItemChange {
        running_speech: Some(SpeechOnLeaving::End),
    };
    store.close_agenda_item(admin, first, end).await.unwrap();
    let ended = store.speech(speech.id).await.unwrap();
    assert_eq!(ended.state, SpeechState::Done);
    assert!(ended.ended_at.is_some());
}

pub async fn the_speakers_queue(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let admin = chamber.admin;
    let item = chamber.items[0].id;
    let ask = |d: usize| {
        let store = store.clone();
        let person = chamber.delegates[d].id;
        async move {
            store
                .request_speech(admin, item, person, SpeechKind::Debate, None)
                .await
        }
    };
    let first = ask(0).await.unwrap();
    let second = ask(1).await.unwrap();
    assert_eq!((first.position, second.position), (1, 2));
    assert_eq!(first.state, SpeechState::Queued);
    refused(ask(0).await, "already_queued");
    invalid_reference(
        store
            .request_speech(admin, item, chamber.official.id, SpeechKind::Debate, None)
            .await,
        "kind",
    );
    let reply = store
        .request_speech(admin, item, chamber.official.id, SpeechKind::Reply, None)
        .await
        .unwrap();
    invalid_reference(
        store
            .request_speech(
                admin,
                item,
                chamber.delegates[2].id,
                SpeechKind::Debate,
                Some(chamber.official.id),
            )
            .await,
        "addressed_to",
    );
    let question = store
        .request_speech(
            admin,
            item,
            chamber.delegates[2].id,
            SpeechKind::Question,
            Some(chamber.official.id),
        )
        .await
        .unwrap();
    assert_eq!(question.addressed_to, Some(chamber.official.id));

    // Speeches start only while the session sits, on the current item.
    invalid_state(
        store
            .speech_action(admin, first.id, SpeechAction::Start)
            .await,
    );
    chamber.sit().await;
    refused(
        store
            .speech_action(admin, first.id, SpeechAction::Start)
            .await,
        "item_not_current",
    );
    store
        .open_agenda_item(admin, item, ItemChange::default())
        .await
        .unwrap();
    let speaking = store
        .speech_action(admin, first.id, SpeechAction::Start)
        .await
        .unwrap();
    assert_eq!(speaking.state, SpeechState::Speaking);
    assert!(speaking.running_since.is_some());
    refused(
        store
            .speech_action(admin, second.id, SpeechAction::Start)
            .await,
        "speech_running",
    );
    assert_eq!(store.running_speeches().await.unwrap().len(), 1);
    let paused = store
        .speech_action(admin, first.id, SpeechAction::Pause)
        .await
        .unwrap();
    assert_eq!(
        (paused.state, paused.running_since),
        (SpeechState::Paused, None)
    );
    let done = store
        .speech_action(admin, first.id, SpeechAction::End)
        .await
        .unwrap();
    assert_eq!(done.state, SpeechState::Done);
    assert!(done.ended_at.is_some());
    invalid_state(store.speech_action(admin, done.id, SpeechAction::End).await);

    // The queue is reordered as a whole; the withdrawn leave it.
    invalid_reference(
        store.reorder_speakers(admin, item, vec![second.id]).await,
        "order",
    );
    let queue = store
        .reorder_speakers(admin, item, vec![question.id, reply.id, second.id])
        .await
        .unwrap();
    let queued: Vec<(i64, u32)> = queue
        .iter()
        .filter(|s| s.state == SpeechState::Queued)
        .map(|s| (s.id, s.position))
        .collect();
    assert_eq!(
        queued,
        vec![(question.id, 1), (reply.id, 2), (second.id, 3)]
    );
    let withdrawn = store
        .speech_action(admin, second.id, SpeechAction::Withdraw)
        .await
        .unwrap();
    assert_eq!(withdrawn.state, SpeechState::Withdrawn);
    let limited = store
        .speech_action(admin, reply.id, SpeechAction::SetLimit(120))
        .await
        .unwrap();
    assert_eq!(limited.limit_seconds, 120);
    assert_eq!(store.speeches(item).await.unwrap().len(), 4);
    assert_eq!(store.speech(reply.id).await.unwrap(), limited);
}

pub async fn speech_alarms_ring_once(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    chamber.sit().await;
    let speech = store
        .request_speech(
            chamber.admin,
            chamber.items[0].id,
            chamber.delegates[0].id,
            SpeechKind::Debate,
            None,
        )
        .await
        .unwrap();
    store
        .open_agenda_item(chamber.admin, chamber.items[0].id, ItemChange::default())
        .await
        .unwrap();
    let running = store
        .speech_action(chamber.admin, speech.id, SpeechAction::Start)
        .await
        .unwrap();
    let since = running.running_since.expect("running");
    let rang = store
        .ring_speech_alarm(speech.id, crate::SpeechAlarm::Warning, since)
        .await
        .unwrap();
    assert!(rang.is_some_and(|s| s.warned));
    assert!(store
        .ring_speech_alarm(speech.id, crate::SpeechAlarm::Warning, since)
        .await
        .unwrap()
        .is_none());
    // An alarm for an earlier stretch of speaking does not ring.
    assert!(store
        .ring_speech_alarm(
            speech.id,
            crate::SpeechAlarm::TimeUp,
            since - Duration::seconds(5)
        )
        .await
        .unwrap()
        .is_none());
    let timed_out = store
        .ring_speech_alarm(speech.id, crate::SpeechAlarm::TimeUp, since)
        .await
        .unwrap();
    assert!(timed_out.is_some_and(|s| s.timed_out));
}

// ---------------------------------------------------------------------------
// Polls and ballots
// ---------------------------------------------------------------------------

pub async fn poll_lifecycle(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let admin = chamber.admin;
    let poll = chamber.poll(PollKind::Named).await;
    assert_eq!(poll.state, PollState::Draft);
    assert_eq!(
        poll.options.len(),
        3,
        "yes, no, abstain with the council's labels"
    );
    invalid_state(
        store
            .open_poll(admin, poll.id, Some(counting_key()), GO_AHEAD)
            .await,
    );
    chamber.sit().await;
    let open = store
        .open_poll(admin, poll.id, Some(counting_key()), GO_AHEAD)
        .await
        .unwrap();
    assert_eq!(open.state, PollState::Open);
    refused(
        store
            .open_poll(admin, poll.id, Some(counting_key()), GO_AHEAD)
            .await,
        "poll_not_draft",
    );
    let other = chamber.poll(PollKind::Secret).await;
    refused(
        store
            .open_poll(admin, other.id, Some(counting_key()), GO_AHEAD)
            .await,
        "poll_open",
    );
    refused(
        store.annul_poll(admin, other.id, "—".into()).await,
        "poll_not_annullable",
    );
    let closed = store
        .close_poll(admin, poll.id, Some(counting_key()))
        .await
        .unwrap();
    assert_eq!(closed.state, PollState::Closed);
    assert!(closed.result.is_some(), "a closed poll has its result");
    refused(
        store.close_poll(admin, poll.id, Some(counting_key())).await,
        "poll_not_open",
    );
    // A closed named poll's names go on the chamber screen and come off it;
    // a secret poll has none to show.
    assert!(!closed.names_on_screen);
    let shown = store.show_poll_names(admin, poll.id, true).await.unwrap();
    assert!(shown.names_on_screen);
    let hidden = store.show_poll_names(admin, poll.id, false).await.unwrap();
    assert!(!hidden.names_on_screen);
    refused(
        store.show_poll_names(admin, other.id, true).await,
        "poll_not_named",
    );
    let annulled = store
        .annul_poll(admin, poll.id, "Sai sót kỹ thuật".into())
        .await
        .unwrap();
    assert_eq!(annulled.state, PollState::Annulled);
    assert_eq!(annulled.annul_reason.as_deref(), Some("Sai sót kỹ thuật"));
    let revote = store
        .create_poll(
            admin,
            chamber.items[0].id,
            serde_json::from_value(
                json!({ "kind": "named", "title": "Biểu quyết lại", "revote_of": poll.id }),
            )
            .unwrap(),
            None,
        )
        .await
        .unwrap();
    assert_eq!(revote.revote_of, Some(poll.id));
    invalid_reference(
        store
            .create_poll(
                admin,
                chamber.items[0].id,
                serde_json::from_value(
                    json!({ "kind": "named", "title": "Sai", "revote_of": revote.id }),
                )
                .unwrap(),
                None,
            )
            .await,
        "revote_of",
    );
    assert_eq!(store.polls(chamber.session.id).await.unwrap().len(), 3);
}

pub async fn ballots_are_admitted_by_the_rules(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    chamber.sit().await;
    for d in 0..3 {
        chamber.check_in(d).await;
    }
    let poll = chamber.poll(PollKind::Named).await;
    refused(
        store
            .cast_ballot(chamber.ballot(poll.id, 0, Choice::Yes))
            .await,
        "poll_not_open",
    );
    store
        .open_poll(chamber.admin, poll.id, Some(counting_key()), GO_AHEAD)
        .await
        .unwrap();
    let receipt = store
        .cast_ballot(chamber.ballot(poll.id, 0, Choice::Yes))
        .await
        .unwrap();
    assert!(receipt.recorded && !receipt.secret);
    refused(
        store
            .cast_ballot(chamber.ballot(poll.id, 0, Choice::No))
            .await,
        "already_voted",
    );
    refused(
        store
            .cast_ballot(chamber.ballot(poll.id, 3, Choice::Yes))
            .await,
        "not_checked_in",
    );
    store
        .cast_ballot(chamber.ballot(poll.id, 1, Choice::No))
        .await
        .unwrap();
    let mut foreign = chamber.ballot(poll.id, 2, Choice::Yes);
    foreign.council_id += 1;
    not_found(store.cast_ballot(foreign).await);
    let mut malformed = chamber.ballot(poll.id, 2, Choice::Yes);
    malformed.request.candidates = Some(vec![1]);
    assert!(matches!(
        store.cast_ballot(malformed).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.poll(poll.id).await.unwrap().ballots_cast, 2);
    let closed = store
        .close_poll(chamber.admin, poll.id, Some(counting_key()))
        .await
        .unwrap();
    let result = closed.result.expect("result");
    let counts: BTreeMap<String, u64> = result
        .options
        .iter()
        .map(|o| (o.label.clone(), o.count))
        .collect();
    assert_eq!(counts.get("Tán thành"), Some(&1));
    assert_eq!(counts.get("Không tán thành"), Some(&1));
    assert_eq!(result.ballots_cast, 2);
}

pub async fn ballots_arriving_at_once_count_once(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    chamber.sit().await;
    for d in 0..5 {
        chamber.check_in(d).await;
    }
    let poll = chamber.poll(PollKind::Secret).await;
    store
        .open_poll(chamber.admin, poll.id, Some(counting_key()), GO_AHEAD)
        .await
        .unwrap();
    // Every delegate presses twice, all at once.
    let mut handles = Vec::new();
    for round in 0..2 {
        for d in 0..5 {
            let store = store.clone();
            let choice = if d % 2 == 0 { Choice::Yes } else { Choice::No };
            let ballot = chamber.ballot(poll.id, d, choice);
            handles.push(tokio::spawn(async move {
                (round, d, store.cast_ballot(ballot).await)
            }));
        }
    }
    let mut accepted = [0; 5];
    for handle in handles {
        let (_, d, outcome) = handle.await.expect("task");
        match outcome {
            Ok(receipt) => {
                assert!(receipt.secret);
                accepted[d] += 1;
            }
            Err(StoreError::Refused {
                code: "already_voted",
                ..
            }) => {}
            Err(other) => panic!("unexpected refusal {other:?}"),
        }
    }
    assert_eq!(
        accepted, [1; 5],
        "each delegate's ballot counts exactly once"
    );
    let closed = store
        .close_poll(chamber.admin, poll.id, Some(counting_key()))
        .await
        .unwrap();
    let result = closed.result.expect("result");
    assert_eq!(result.ballots_cast, 5);
    let counted: u64 = result.options.iter().map(|o| o.count).sum();
    assert_eq!(counted, 5, "the counters add up to the ballots cast");
}

/// A secret poll opens only with the counting key, is counted at its close
/// from the ciphertexts made on receipt, and proves its count in a record
/// anyone can check; a missing or wrong key refuses and changes nothing.
pub async fn secret_polls_are_counted_from_ciphertexts_only(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let admin = chamber.admin;
    chamber.sit().await;
    for d in 0..5 {
        chamber.check_in(d).await;
    }
    let poll = chamber.poll(PollKind::Secret).await;
    refused(
        store.open_poll(admin, poll.id, None, GO_AHEAD).await,
        "counting_key_unavailable",
    );
    assert_eq!(store.poll(poll.id).await.unwrap().state, PollState::Draft);
    let open = store
        .open_poll(admin, poll.id, Some(counting_key()), GO_AHEAD)
        .await
        .unwrap();
    assert!(open.public_key.is_some(), "a secret poll publishes its key");
    assert_eq!(
        store.pending_counting_keys().await.unwrap(),
        vec![counting_key().id()]
    );
    let choices = [
        Choice::Yes,
        Choice::Yes,
        Choice::No,
        Choice::Abstain,
        Choice::Yes,
    ];
    for (d, choice) in choices.into_iter().enumerate() {
        let receipt = store
            .cast_ballot(chamber.ballot(poll.id, d, choice))
            .await
            .unwrap();
        assert!(receipt.secret);
    }
    // The wrong key file, or none: refused, the poll stays open with its ballots.
    refused(
        store
            .close_poll(admin, poll.id, Some(&CountingKey::generate()))
            .await,
        "counting_key_wrong",
    );
    refused(
        store.close_poll(admin, poll.id, None).await,
        "counting_key_unavailable",
    );
    let still = store.poll(poll.id).await.unwrap();
    assert_eq!((still.state, still.ballots_cast), (PollState::Open, 5));
    not_found(store.verification_record(poll.id).await);

    let closed = store
        .close_poll(admin, poll.id, Some(counting_key()))
        .await
        .unwrap();
    let result = closed.result.expect("result");
    let counts: Vec<u64> = result.options.iter().map(|o| o.count).collect();
    assert_eq!(counts, vec![3, 1, 1], "yes, no, abstain");
    let (record, sha256) = store.verification_record(poll.id).await.unwrap();
    assert_eq!(result.verification_sha256.as_deref(), Some(sha256.as_str()));
    let verified = kyhop_tally::VerificationRecord::from_json(&record)
        .unwrap()
        .verify()
        .expect("the record checks out");
    assert_eq!((verified.ballots, verified.totals), (5, vec![3, 1, 1]));
    assert!(
        store.pending_counting_keys().await.unwrap().is_empty(),
        "the poll key is destroyed once counted"
    );

    // An annulled secret poll's key and ballots go uncounted.
    let again = chamber.poll(PollKind::Secret).await;
    store
        .open_poll(admin, again.id, Some(counting_key()), GO_AHEAD)
        .await
        .unwrap();
    store
        .cast_ballot(chamber.ballot(again.id, 0, Choice::No))
        .await
        .unwrap();
    store
        .annul_poll(admin, again.id, "Sai sót kỹ thuật".into())
        .await
        .unwrap();
    assert!(store.pending_counting_keys().await.unwrap().is_empty());
    not_found(store.verification_record(again.id).await);
}

pub async fn closing_a_session_winds_up_the_floor(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let admin = chamber.admin;
    chamber.sit().await;
    store
        .open_agenda_item(admin, chamber.items[0].id, ItemChange::default())
        .await
        .unwrap();
    let speech = store
        .request_speech(
            admin,
            chamber.items[0].id,
            chamber.delegates[0].id,
            SpeechKind::Debate,
            None,
        )
        .await
        .unwrap();
    store
        .speech_action(admin, speech.id, SpeechAction::Start)
        .await
        .unwrap();
    let poll = chamber.poll(PollKind::Named).await;
    store
        .open_poll(admin, poll.id, Some(counting_key()), GO_AHEAD)
        .await
        .unwrap();
    refused(
        store
            .transition_session(admin, chamber.session.id, SessionState::Closed, GO_AHEAD)
            .await,
        "poll_open",
    );
    store
        .close_poll(admin, poll.id, Some(counting_key()))
        .await
        .unwrap();
    store
        .transition_session(admin, chamber.session.id, SessionState::Closed, GO_AHEAD)
        .await
        .unwrap();
    assert_eq!(
        store.speech(speech.id).await.unwrap().state,
        SpeechState::Done
    );
    assert_eq!(
        store.agenda_item(chamber.items[0].id).await.unwrap().state,
        AgendaState::Done
    );
    assert!(store.running_speeches().await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------
// The event log, the live hub and the snapshot
// ---------------------------------------------------------------------------

pub async fn every_stream_is_a_gapless_chain(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    chamber.sit().await;
    chamber.check_in(0).await;
    let streams = store.streams().await.unwrap();
    for expected in [
        Stream::System.to_string(),
        Stream::Council(chamber.council.id).to_string(),
        Stream::Session(chamber.session.id).to_string(),
    ] {
        assert!(streams.contains(&expected), "{expected} in {streams:?}");
    }
    for stream in &streams {
        let rows = store.event_rows(stream).await.unwrap();
        assert!(!rows.is_empty());
        assert_eq!(
            verify_chain(&rows),
            Ok(rows.len() as u64),
            "the chain of {stream}"
        );
    }
    let session = Stream::Session(chamber.session.id);
    let all = store.events_after(session, 0, 1_000).await.unwrap();
    let seqs: Vec<i64> = all.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=all.len() as i64).collect::<Vec<_>>());
    assert_eq!(all.last().unwrap().kind, "attendance.changed");
    let later = store.events_after(session, 2, 2).await.unwrap();
    assert_eq!(later.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![3, 4]);
    assert!(store
        .events_after(session, all.len() as i64, 10)
        .await
        .unwrap()
        .is_empty());
    let report = crate::audit::verify(store.as_ref()).await.unwrap();
    assert!(report.events() > 0);
}

pub async fn the_live_hub_carries_committed_events(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let mut live = store.hub().subscribe(Stream::Session(chamber.session.id));
    chamber.check_in(0).await;
    let frame = tokio::time::timeout(std::time::Duration::from_secs(5), live.recv())
        .await
        .expect("an event within 5 s")
        .expect("a frame");
    let committed = store
        .events_after(Stream::Session(chamber.session.id), frame.seq - 1, 1)
        .await
        .unwrap();
    assert_eq!(committed.len(), 1, "what the hub sent is in the log");
    assert_eq!(committed[0].kind, "attendance.changed");
    // A refused change rings nothing.
    let refusal = store
        .set_attendance(
            chamber.admin,
            chamber.session.id,
            chamber.delegates[1].id,
            AttendanceChange::CheckOut,
        )
        .await;
    assert!(refusal.is_err());
    assert!(live.try_recv().is_err());
}

pub async fn the_snapshot_matches_its_sequence(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    chamber.sit().await;
    chamber.check_in(0).await;
    chamber.check_in(1).await;
    let poll = chamber.poll(PollKind::Secret).await;
    store
        .open_poll(chamber.admin, poll.id, Some(counting_key()), GO_AHEAD)
        .await
        .unwrap();
    store
        .cast_ballot(chamber.ballot(poll.id, 0, Choice::Yes))
        .await
        .unwrap();
    let voter = chamber.delegates[0].id;
    let snapshot = store
        .snapshot(chamber.session.id, Some(voter))
        .await
        .unwrap();
    let log = store
        .events_after(Stream::Session(chamber.session.id), 0, 10_000)
        .await
        .unwrap();
    assert_eq!(snapshot.seq, log.last().unwrap().seq);
    assert_eq!(snapshot.session.state, SessionState::InProgress);
    assert_eq!(snapshot.agenda.len(), 2);
    assert_eq!(snapshot.quorum.present, 2);
    assert_eq!(snapshot.polls.len(), 1);
    assert_eq!(snapshot.polls[0].ballots_cast, 1);
    assert!(snapshot.polls[0].result.is_none(), "no partial result");
    assert_eq!(snapshot.voted_polls, vec![poll.id]);
    let other = store
        .snapshot(chamber.session.id, Some(chamber.delegates[1].id))
        .await
        .unwrap();
    assert!(other.voted_polls.is_empty());
    not_found(store.snapshot(999_999, None).await);
}

// ---------------------------------------------------------------------------
// Documents, reads, notes, search
// ---------------------------------------------------------------------------

/// A version with these pages; an empty page is a scan, to be read.
fn version(sha: char, pages: &[&str]) -> NewVersion {
    let pages: Vec<PageText> = pages
        .iter()
        .enumerate()
        .map(|(i, text)| PageText {
            page: i as u32 + 1,
            text: (*text).into(),
            scanned: text.is_empty(),
        })
        .collect();
    let scans = pages.iter().filter(|p| p.scanned).count() as u32;
    NewVersion {
        sha256: sha.to_string().repeat(64),
        byte_size: 1_000,
        file_name: "to-trinh.pdf".into(),
        pages,
        recognition: kyhop_domain::recognition_for(scans, None),
    }
}

/// A page as the reader reads it: these lines, 90 % sure.
fn recognised(page: u32, lines: &[&str]) -> PageRecognition {
    PageRecognition::Recognised(kyhop_domain::OcrPage {
        page,
        confidence: 90.0,
        lines: lines
            .iter()
            .enumerate()
            .map(|(i, text)| kyhop_domain::OcrLine {
                text: (*text).into(),
                bbox: [0.1, 0.1 + i as f32 * 0.05, 0.9, 0.14 + i as f32 * 0.05],
                words: vec![[0.1, 0.9]],
            })
            .collect(),
    })
}

/// The `document.recognition` events of the session so far, as (state, done).
async fn recognition_events(chamber: &Chamber) -> Vec<(String, u64)> {
    chamber
        .store
        .events_after(Stream::Session(chamber.session.id), 0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "document.recognition")
        .map(|e| {
            (
                e.payload["state"].as_str().unwrap_or_default().to_owned(),
                e.payload["pages_done"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

pub async fn scanned_pages_are_read_and_searchable(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let session = chamber.session.id;
    let doc = document(&chamber, &["Trang có chữ", "", ""]).await;
    let current = doc.current().unwrap().clone();
    assert_eq!(current.scanned_pages, vec![2, 3]);
    let recognition = current.recognition.expect("a recognition");
    assert_eq!(
        (
            recognition.state,
            recognition.pages_total,
            recognition.pages_done
        ),
        (RecognitionState::Queued, 2, 0)
    );
    assert!(store
        .open_recognitions()
        .await
        .unwrap()
        .contains(&(doc.id, 1)));
    assert_eq!(
        store.pages_to_recognise(doc.id, 1).await.unwrap(),
        vec![2, 3]
    );
    assert!(store
        .search(session, "dong xuan", &[doc.id], 10)
        .await
        .unwrap()
        .is_empty());

    let recognition = store
        .record_recognised_page(
            doc.id,
            1,
            2,
            recognised(2, &["Trường mầm non", "xã Đồng Xuân"]),
        )
        .await
        .unwrap();
    assert_eq!(
        (recognition.state, recognition.pages_done),
        (RecognitionState::Running, 1)
    );
    let pages = store.version_pages(doc.id, 1).await.unwrap();
    assert_eq!(pages[1].text, "Trường mầm non\nxã Đồng Xuân");
    assert!(!pages[1].scanned && pages[2].scanned);
    let hits = store
        .search(session, "dong xuan", &[doc.id], 10)
        .await
        .unwrap();
    assert_eq!(hits.iter().map(|h| h.page).collect::<Vec<_>>(), vec![2]);
    let read = store.ocr_pages(doc.id, 1).await.unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!((read[0].page, read[0].confidence), (2, 90.0));
    assert_eq!(read[0].lines[1].text, "xã Đồng Xuân");
    assert_eq!(read[0].lines[1].bbox, [0.1, 0.15, 0.9, 0.19]);

    let recognition = store
        .record_recognised_page(
            doc.id,
            1,
            3,
            PageRecognition::Failed("ocr_timed_out".into()),
        )
        .await
        .unwrap();
    assert_eq!(
        (
            recognition.pages_done,
            recognition.pages_failed,
            recognition.reason.as_deref()
        ),
        (2, 1, Some("ocr_timed_out"))
    );
    assert!(store
        .pages_to_recognise(doc.id, 1)
        .await
        .unwrap()
        .is_empty());
    // A page told twice (a reader restarted after the commit) counts once.
    let again = store
        .record_recognised_page(doc.id, 1, 3, PageRecognition::Failed("ocr_failed".into()))
        .await
        .unwrap();
    assert_eq!(again, recognition);
    not_found(
        store
            .record_recognised_page(doc.id, 1, 9, PageRecognition::Failed("ocr_failed".into()))
            .await,
    );
    let done = store
        .finish_recognition(doc.id, 1, RecognitionState::Done, None)
        .await
        .unwrap();
    assert_eq!((done.state, done.pages_failed), (RecognitionState::Done, 1));
    assert_eq!(
        store.document(doc.id).await.unwrap().versions[0].scanned_pages,
        vec![3]
    );
    assert!(!store
        .open_recognitions()
        .await
        .unwrap()
        .contains(&(doc.id, 1)));
    refused(
        store
            .record_recognised_page(doc.id, 1, 2, recognised(2, &["Khác"]))
            .await,
        "recognition_closed",
    );
    refused(
        store
            .finish_recognition(doc.id, 1, RecognitionState::Done, None)
            .await,
        "recognition_closed",
    );
    // Each page of two crosses a tenth: two progress events, then the end.
    assert_eq!(
        recognition_events(&chamber).await,
        vec![
            ("running".into(), 1),
            ("running".into(), 2),
            ("done".into(), 2)
        ]
    );

    // The secretariat stops a reading; the reader's next page is refused.
    let other = document(&chamber, &[""]).await;
    let cancelled = store
        .cancel_recognition(chamber.admin, other.id)
        .await
        .unwrap();
    assert_eq!(
        cancelled.versions[0].recognition.as_ref().map(|r| r.state),
        Some(RecognitionState::Cancelled)
    );
    refused(
        store
            .record_recognised_page(other.id, 1, 1, recognised(1, &["Chữ"]))
            .await,
        "recognition_closed",
    );
    refused(
        store.cancel_recognition(chamber.admin, other.id).await,
        "recognition_closed",
    );
    // A new version ends the old one's reading; the new one has none.
    let replaced = document(&chamber, &["", "Trang có chữ"]).await;
    let replaced = store
        .add_version(chamber.admin, replaced.id, version('b', &["Bản đánh máy"]))
        .await
        .unwrap();
    assert_eq!(
        replaced.versions[0].recognition.as_ref().map(|r| r.state),
        Some(RecognitionState::Cancelled)
    );
    assert_eq!(replaced.versions[1].recognition, None);
    // A server that cannot read scans says why; nothing waits for it.
    let mut unreadable = version('c', &[""]);
    unreadable.recognition = kyhop_domain::recognition_for(1, Some("ocr_unavailable"));
    let unreadable = store
        .add_version(chamber.admin, other.id, unreadable)
        .await
        .unwrap();
    let recognition = unreadable.versions[1].recognition.clone().unwrap();
    assert_eq!(
        (recognition.state, recognition.reason.as_deref()),
        (RecognitionState::Unavailable, Some("ocr_unavailable"))
    );
    assert!(!store
        .open_recognitions()
        .await
        .unwrap()
        .contains(&(other.id, 2)));
}

async fn document(chamber: &Chamber, pages: &[&str]) -> kyhop_domain::Document {
    chamber
        .store
        .create_document(
            chamber.admin,
            chamber.session.id,
            serde_json::from_value(json!({
                "title": "Tờ trình dự toán ngân sách năm 2027",
                "kind": "submission",
                "agenda_item_id": chamber.items[1].id,
            }))
            .unwrap(),
            version('a', pages),
        )
        .await
        .expect("document")
}

pub async fn documents_versions_and_reads(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let doc = document(&chamber, &["Trang một", "Trang hai"]).await;
    assert_eq!(doc.versions.len(), 1);
    assert!(doc.published_at.is_none());
    let doc = store
        .add_version(chamber.admin, doc.id, version('b', &["Bản sửa"]))
        .await
        .unwrap();
    assert_eq!(doc.versions.len(), 2);
    assert_eq!(doc.current().map(|v| v.version), Some(2));
    let pages = store.version_pages(doc.id, 1).await.unwrap();
    assert_eq!(
        pages.iter().map(|p| p.text.as_str()).collect::<Vec<_>>(),
        vec!["Trang một", "Trang hai"]
    );
    let published = store
        .publish(chamber.admin, chamber.session.id, &[doc.id])
        .await
        .unwrap();
    assert!(published[0].published_at.is_some());
    assert_eq!(store.documents(chamber.session.id).await.unwrap().len(), 1);

    let account = store
        .issue_pairing_code(
            chamber.admin,
            chamber.delegates[0].id,
            "c".into(),
            at(99_999),
        )
        .await
        .unwrap()
        .account;
    store
        .record_read(doc.id, 2, account.id, Some(chamber.delegates[0].id))
        .await
        .unwrap();
    // A second read of the same version is the same receipt.
    store
        .record_read(doc.id, 2, account.id, Some(chamber.delegates[0].id))
        .await
        .unwrap();
    let receipts = store.read_receipts(doc.id).await.unwrap();
    assert_eq!(receipts.opened.len(), 1);
    assert_eq!(receipts.opened[0].person_id, chamber.delegates[0].id);
    assert_eq!(receipts.not_opened.len(), 4);
    assert_eq!(
        store.session_reads(chamber.session.id).await.unwrap(),
        vec![(doc.id, chamber.delegates[0].id)]
    );
    assert!(store
        .reader_copy(doc.id, 2, account.id)
        .await
        .unwrap()
        .is_none());
    not_found(store.document(999_999).await);
}

pub async fn search_folds_diacritics(store: Arc<dyn Store>) {
    search_follows_the_documents(store.clone(), store).await;
}

/// What any page search over `store` does (the store's own, or an index
/// in front of it): folds case and diacritics, shows only the documents
/// the reader may see, follows new versions, withdrawals and deletions.
pub async fn search_follows_the_documents(store: Arc<dyn Store>, search: Arc<dyn PageSearch>) {
    let chamber = Chamber::new(store.clone()).await;
    let session = chamber.session.id;
    let doc = document(
        &chamber,
        &[
            "Dự toán thu ngân sách nhà nước trên địa bàn năm 2027",
            "Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
        ],
    )
    .await;
    for (query, page) in [
        ("ngân sách", 1),
        ("ngan sach", 1),
        ("NÔNG THÔN mới", 2),
        ("dia ban", 1),
    ] {
        let hits = search.search(session, query, &[doc.id], 10).await.unwrap();
        assert!(
            hits.iter()
                .any(|h| h.document_id == doc.id && h.page == page),
            "{query:?} finds page {page}: {hits:?}"
        );
    }
    let hits = search
        .search(session, "nong thon", &[doc.id], 10)
        .await
        .unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].title, doc.title);
    assert_eq!(hits[0].version, 1);
    assert!(
        hits[0]
            .snippet
            .contains("<mark>nông</mark> <mark>thôn</mark>"),
        "{hits:?}"
    );
    let none = search.search(session, "ngan sach", &[], 10).await.unwrap();
    assert!(
        none.is_empty(),
        "only among the documents the reader may see"
    );
    for nothing in ["thủy điện", "", " ;-) "] {
        let hits = search
            .search(session, nothing, &[doc.id], 10)
            .await
            .unwrap();
        assert!(hits.is_empty(), "{nothing:?}: {hits:?}");
    }
    // A second version replaces the first in search.
    let doc = store
        .add_version(
            chamber.admin,
            doc.id,
            version('b', &["Quyết toán ngân sách thủy điện"]),
        )
        .await
        .unwrap();
    let found = |q: &'static str, among: Vec<i64>| {
        let search = search.clone();
        async move { search.search(session, q, &among, 10).await.unwrap() }
    };
    assert!(found("nong thon", vec![doc.id]).await.is_empty());
    let hits = found("thuy dien", vec![doc.id]).await;
    assert_eq!((hits.len(), hits[0].version), (1, 2), "{hits:?}");
    // Withdrawn: out of search, for everyone.
    store
        .publish(chamber.admin, session, &[doc.id])
        .await
        .unwrap();
    store
        .withdraw_document(chamber.admin, doc.id, "Thay bằng tờ trình khác".into())
        .await
        .unwrap();
    assert!(found("thuy dien", vec![doc.id]).await.is_empty());
    // Deleted: out of search too.
    let draft = document(&chamber, &["Báo cáo thẩm tra thủy điện nhỏ"]).await;
    assert_eq!(found("thuy dien", vec![draft.id]).await.len(), 1);
    store
        .delete_document(chamber.admin, draft.id)
        .await
        .unwrap();
    assert!(found("thuy dien", vec![draft.id]).await.is_empty());
    // A scan becomes searchable as its pages are read.
    let scan = document(&chamber, &["", ""]).await;
    assert!(found("dong xuan", vec![scan.id]).await.is_empty());
    store
        .record_recognised_page(
            scan.id,
            1,
            2,
            recognised(2, &["Trường mầm non xã Đồng Xuân"]),
        )
        .await
        .unwrap();
    let hits = found("dong xuan", vec![scan.id]).await;
    assert_eq!(
        hits.iter().map(|h| h.page).collect::<Vec<_>>(),
        vec![2],
        "{hits:?}"
    );
}

pub async fn notes_are_private(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let doc = document(&chamber, &["Tổng thu ngân sách dự kiến"]).await;
    let owner = store
        .issue_pairing_code(
            chamber.admin,
            chamber.delegates[0].id,
            "a".into(),
            at(99_999),
        )
        .await
        .unwrap()
        .account
        .id;
    let other = store
        .issue_pairing_code(
            chamber.admin,
            chamber.delegates[1].id,
            "b".into(),
            at(99_999),
        )
        .await
        .unwrap()
        .account
        .id;
    let note = store
        .create_note(
            owner,
            doc.id,
            serde_json::from_value(json!({
                "kind": "note",
                "version": 1,
                "page": 1,
                "quote": { "exact": "ngân sách" },
                "body": "Hỏi về nguồn thu",
            }))
            .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(note.body, "Hỏi về nguồn thu");
    assert_eq!(
        store
            .notes(owner, NoteScope::Document(doc.id))
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .notes(owner, NoteScope::Session(chamber.session.id))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(store
        .notes(other, NoteScope::Document(doc.id))
        .await
        .unwrap()
        .is_empty());
    not_found(store.update_note(other, note.id, "x".into()).await);
    not_found(store.delete_note(other, note.id).await);
    let edited = store
        .update_note(owner, note.id, "Hỏi thêm".into())
        .await
        .unwrap();
    assert_eq!(edited.body, "Hỏi thêm");
    store.delete_note(owner, note.id).await.unwrap();
    assert!(store
        .notes(owner, NoteScope::Note(note.id))
        .await
        .unwrap()
        .is_empty());
}

// ---------------------------------------------------------------------------
// Resolutions and minutes
// ---------------------------------------------------------------------------

fn resolution_json(chamber: &Chamber, poll_id: Option<i64>) -> serde_json::Value {
    json!({
        "agenda_item_id": chamber.items[0].id,
        "poll_id": poll_id,
        "subject": "Về dự toán ngân sách năm 2027",
        "legal_bases": ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"],
        "articles": [{ "heading": "Điều 1.", "paragraphs": ["Thông qua dự toán."] }],
        "recipients": ["- Như Điều 3;"],
        "authority": "TM. HỘI ĐỒNG NHÂN DÂN",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn An",
    })
}

/// Closes a named poll on the first item in which `yes` delegates vote yes.
async fn adopted(chamber: &Chamber, yes: usize) -> kyhop_domain::Poll {
    let store = &chamber.store;
    let poll = chamber.poll(PollKind::Named).await;
    store
        .open_poll(chamber.admin, poll.id, Some(counting_key()), GO_AHEAD)
        .await
        .unwrap();
    for d in 0..yes {
        store
            .cast_ballot(chamber.ballot(poll.id, d, Choice::Yes))
            .await
            .unwrap();
    }
    store
        .close_poll(chamber.admin, poll.id, Some(counting_key()))
        .await
        .unwrap()
}

pub async fn resolution_numbers_are_never_reused(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let admin = chamber.admin;
    chamber.sit().await;
    for d in 0..5 {
        chamber.check_in(d).await;
    }
    let new = |poll: Option<i64>| serde_json::from_value(resolution_json(&chamber, poll)).unwrap();
    let patch = |poll: Option<i64>| {
        let mut body = resolution_json(&chamber, poll);
        body.as_object_mut().map(|o| o.remove("agenda_item_id"));
        serde_json::from_value(body).unwrap()
    };
    let first = store
        .create_resolution(admin, chamber.session.id, new(None))
        .await
        .unwrap();
    refused(
        store.take_resolution_number(admin, first.id, 2026).await,
        "poll_missing",
    );
    let failed = adopted(&chamber, 3).await;
    assert_eq!(failed.result.as_ref().and_then(|r| r.passed), Some(false));
    store
        .update_resolution(admin, first.id, patch(Some(failed.id)))
        .await
        .unwrap();
    refused(
        store.take_resolution_number(admin, first.id, 2026).await,
        "poll_not_passed",
    );
    let passed = adopted(&chamber, 5).await;
    assert_eq!(passed.result.as_ref().and_then(|r| r.passed), Some(true));
    store
        .update_resolution(admin, first.id, patch(Some(passed.id)))
        .await
        .unwrap();

    let number = store
        .take_resolution_number(admin, first.id, 2026)
        .await
        .unwrap();
    assert_eq!((number.year, number.seq), (2026, 1));
    // While it is being issued, it neither changes nor takes a second number.
    refused(
        store.take_resolution_number(admin, first.id, 2026).await,
        "issue_in_progress",
    );
    refused(
        store
            .update_resolution(admin, first.id, patch(Some(passed.id)))
            .await,
        "issue_in_progress",
    );
    let issued = store
        .complete_issue(admin, first.id, &number, day(2026, 12, 20), &"c".repeat(64))
        .await
        .unwrap();
    assert_eq!(issued.number.as_ref(), Some(&number));
    assert_eq!(issued.issued_on, Some(day(2026, 12, 20)));
    invalid_state(
        store
            .update_resolution(admin, first.id, patch(Some(passed.id)))
            .await,
    );
    refused(
        store.take_resolution_number(admin, first.id, 2026).await,
        "already_issued",
    );

    // A number given up is void and stays used; an interrupted issue too.
    let second = store
        .create_resolution(admin, chamber.session.id, new(Some(passed.id)))
        .await
        .unwrap();
    let two = store
        .take_resolution_number(admin, second.id, 2026)
        .await
        .unwrap();
    assert_eq!(two.seq, 2);
    store
        .void_resolution_number(admin, second.id, &two, "lỗi ký số")
        .await
        .unwrap();
    let three = store
        .take_resolution_number(admin, second.id, 2026)
        .await
        .unwrap();
    assert_eq!(three.seq, 3, "a void number is never handed out again");
    assert_eq!(store.void_interrupted_issues().await.unwrap(), 1);
    let four = store
        .take_resolution_number(admin, second.id, 2026)
        .await
        .unwrap();
    assert_eq!(four.seq, 4);
    // Numbers restart each year.
    let next_year = store
        .create_resolution(admin, chamber.session.id, new(Some(passed.id)))
        .await
        .unwrap();
    let one = store
        .take_resolution_number(admin, next_year.id, 2027)
        .await
        .unwrap();
    assert_eq!((one.year, one.seq), (2027, 1));
    assert_eq!(
        store.resolutions(chamber.session.id).await.unwrap().len(),
        3
    );
}

pub async fn minutes_narratives(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let item = chamber.items[0].id;
    store
        .set_minutes_narrative(chamber.admin, item, "Đại biểu thảo luận sôi nổi.".into())
        .await
        .unwrap();
    store
        .set_minutes_narrative(chamber.admin, item, "Đại biểu thảo luận.".into())
        .await
        .unwrap();
    let narratives = store.minutes_narratives(chamber.session.id).await.unwrap();
    assert_eq!(narratives.len(), 1);
    assert_eq!(
        narratives.get(&item).map(String::as_str),
        Some("Đại biểu thảo luận.")
    );
    not_found(
        store
            .set_minutes_narrative(chamber.admin, 999_999, "x".into())
            .await,
    );
}

pub async fn edits_and_deletions_of_the_set_up(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let admin = chamber.admin;
    let term = store
        .update_term(
            admin,
            chamber.term.id,
            Box::new(|t: &Term| {
                let mut t = t.clone();
                t.end_year = 2027;
                Ok(t)
            }),
        )
        .await
        .unwrap();
    assert_eq!(store.term(chamber.term.id).await.unwrap(), term);
    assert_eq!(term.end_year, 2027);
    // A council nothing refers to goes, with its empty term.
    let spare = store
        .create_council(
            admin,
            "Hội đồng nhân dân phường Mới".into(),
            CouncilSettings::defaults("Mới".into(), 5),
        )
        .await
        .unwrap();
    let spare_term = store
        .create_term(
            admin,
            spare.id,
            NewTerm {
                name: "Nhiệm kỳ 2026–2031".into(),
                start_year: 2026,
                end_year: 2031,
            },
        )
        .await
        .unwrap();
    store.delete_term(admin, spare_term.id).await.unwrap();
    not_found(store.term(spare_term.id).await);
    store.delete_council(admin, spare.id).await.unwrap();
    not_found(store.council(spare.id).await);

    // A draft session is edited and deleted; a convened one keeps its agenda
    // editable until it sits.
    let draft = store
        .create_session(
            admin,
            chamber.council.id,
            NewSession {
                term_id: chamber.term.id,
                number: 13,
                kind: SessionKind::Thematic,
                title: "Kỳ họp chuyên đề".into(),
                place: "Hội trường".into(),
                planned_start: day(2027, 1, 10),
                planned_end: day(2027, 1, 10),
            },
        )
        .await
        .unwrap();
    let renamed = store
        .update_session(
            admin,
            draft.id,
            Box::new(|s: &Session| {
                let mut s = s.clone();
                s.title = "Kỳ họp chuyên đề về đất đai".into();
                Ok(s)
            }),
        )
        .await
        .unwrap();
    assert_eq!(store.session(draft.id).await.unwrap(), renamed);
    assert_eq!(store.sessions(chamber.council.id).await.unwrap().len(), 2);
    store.delete_session(admin, draft.id).await.unwrap();
    not_found(store.session(draft.id).await);

    let sitting = store
        .create_sitting(
            admin,
            chamber.session.id,
            serde_json::from_value(json!({ "title": "Phiên sáng", "starts_at": at(0) })).unwrap(),
        )
        .await
        .unwrap();
    let moved = store
        .update_sitting(
            admin,
            sitting.id,
            Box::new(|s: &kyhop_domain::Sitting| {
                let mut s = s.clone();
                s.title = "Phiên chiều".into();
                Ok(s)
            }),
        )
        .await
        .unwrap();
    assert_eq!(store.sitting(sitting.id).await.unwrap(), moved);
    store.delete_sitting(admin, sitting.id).await.unwrap();
    not_found(store.sitting(sitting.id).await);

    let (first, second) = (chamber.items[0].id, chamber.items[1].id);
    let agenda = store
        .reorder_agenda(
            admin,
            chamber.session.id,
            Reorder {
                parent_id: None,
                order: vec![second, first],
            },
        )
        .await
        .unwrap();
    let positions: Vec<(i64, u32)> = agenda.iter().map(|i| (i.id, i.position)).collect();
    assert_eq!(positions, vec![(second, 1), (first, 2)]);
    store.delete_agenda_item(admin, first).await.unwrap();
    not_found(store.agenda_item(first).await);
    assert_eq!(store.agenda(chamber.session.id).await.unwrap().len(), 1);
}

pub async fn people_import_whole_or_not_at_all(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let (admin, council) = (chamber.admin, chamber.council.id);
    let existing = store
        .create_roster_entry(admin, Roster::DelegateGroups, council, "Tổ 1".into())
        .await
        .unwrap();
    // The same name but for case and spacing is the same group.
    assert!(matches!(
        store
            .create_roster_entry(admin, Roster::DelegateGroups, council, "tổ  1".into())
            .await,
        Err(StoreError::Duplicate(_))
    ));
    let import = |rows: serde_json::Value| -> kyhop_domain::PeopleImport {
        serde_json::from_value::<kyhop_domain::PeopleImport>(json!({ "people": rows }))
            .unwrap()
            .validated()
            .unwrap()
    };
    let outcome = store
        .import_people(
            admin,
            council,
            import(json!([
                { "kind": "delegate", "full_name": "Lò Văn Sáu", "delegate_group": "tổ 1",
                  "committees": ["Ban Pháp chế"] },
                { "kind": "official", "full_name": "Hà Thị Bảy", "position_title": "Phó Chủ tịch UBND" },
            ])),
        )
        .await
        .unwrap();
    assert_eq!(outcome.people.len(), 2);
    assert!(
        outcome.groups_created.is_empty(),
        "\"tổ 1\" is the council's Tổ 1"
    );
    assert_eq!(outcome.people[0].delegate_group_id, Some(existing.id));
    assert_eq!(outcome.committees_created.len(), 1);
    assert_eq!(
        outcome.people[0].committee_ids,
        vec![outcome.committees_created[0].id]
    );
    // Five delegates and Lò Văn Sáu are six of nine seats: four more are
    // too many, and nothing of that import stays — not the new group.
    let people_before = store.people(council, None).await.unwrap().len();
    let rows: Vec<_> = (0..4)
        .map(|n| {
            json!({ "kind": "delegate", "full_name": format!("Đại biểu thêm {n}"),
                         "delegate_group": "Tổ mới" })
        })
        .collect();
    refused(
        store
            .import_people(admin, council, import(json!(rows)))
            .await,
        "more_delegates_than_seats",
    );
    assert_eq!(
        store.people(council, None).await.unwrap().len(),
        people_before
    );
    assert_eq!(
        store
            .roster(Roster::DelegateGroups, council)
            .await
            .unwrap()
            .len(),
        1
    );
    // Nor can the seats drop below the delegates listed.
    let six = store
        .update_council(
            admin,
            council,
            Box::new(|c: &Council| {
                let mut c = c.clone();
                c.settings.total_seats = 5;
                Ok(c)
            }),
        )
        .await;
    refused(six, "more_delegates_than_seats");
}

pub async fn reader_copies_are_kept_once(store: Arc<dyn Store>) {
    let chamber = Chamber::new(store.clone()).await;
    let doc = document(&chamber, &["Tài liệu mật"]).await;
    let reader = store
        .issue_pairing_code(
            chamber.admin,
            chamber.delegates[0].id,
            "r".into(),
            at(99_999),
        )
        .await
        .unwrap()
        .account
        .id;
    let copy = kyhop_domain::ReaderCopy {
        document_id: doc.id,
        version: 1,
        account_id: reader,
        sha256: "d".repeat(64),
        byte_size: 2_000,
        issued_at: at(10),
    };
    let kept = store.keep_reader_copy(copy.clone()).await.unwrap();
    assert_eq!(kept, copy);
    // A second copy for the same reader and version keeps the first.
    let again = store
        .keep_reader_copy(kyhop_domain::ReaderCopy {
            sha256: "e".repeat(64),
            ..copy.clone()
        })
        .await
        .unwrap();
    assert_eq!(again, copy);
    assert_eq!(
        store.reader_copy(doc.id, 1, reader).await.unwrap(),
        Some(copy)
    );
    assert_eq!(
        store.reader_copy(doc.id, 1, chamber.admin).await.unwrap(),
        None
    );
}

pub async fn signature_images_per_council_and_signer(store: Arc<dyn Store>) {
    use kyhop_domain::SignatureImageKind::{Seal, Signature};
    let chamber = Chamber::new(store.clone()).await;
    let (admin, council) = (chamber.admin, chamber.council.id);
    let image = |kind, person_id, sha: char| crate::NewSignatureImage {
        kind,
        person_id,
        sha256: sha.to_string().repeat(64),
        width: 600,
        height: 600,
    };
    let seal = store
        .set_signature_image(admin, council, image(Seal, None, 'a'))
        .await
        .unwrap();
    assert_eq!((seal.kind, seal.person_id, seal.width), (Seal, None, 600));
    // A new seal replaces the old; each signer has their own signature.
    store
        .set_signature_image(admin, council, image(Seal, None, 'b'))
        .await
        .unwrap();
    let chair = chamber.delegates[0].id;
    store
        .set_signature_image(admin, council, image(Signature, Some(chair), 'c'))
        .await
        .unwrap();
    store
        .set_signature_image(
            admin,
            council,
            image(Signature, Some(chamber.delegates[1].id), 'd'),
        )
        .await
        .unwrap();
    let kept = store.signature_images(council).await.unwrap();
    let shas: Vec<(SignatureImageKind, Option<i64>, char)> = kept
        .iter()
        .map(|i| (i.kind, i.person_id, i.sha256.chars().next().unwrap()))
        .collect();
    assert_eq!(
        shas,
        vec![
            (Seal, None, 'b'),
            (Signature, Some(chair), 'c'),
            (Signature, Some(chamber.delegates[1].id), 'd')
        ]
    );
    // A seal is the council's, a signature a person's of this council.
    for wrong in [image(Signature, None, 'e'), image(Seal, Some(chair), 'e')] {
        let refused = store.set_signature_image(admin, council, wrong).await;
        assert!(
            matches!(refused, Err(StoreError::InvalidReference { .. })),
            "{refused:?}"
        );
    }
    let other = store
        .create_council(
            admin,
            "Hội đồng nhân dân xã Khác".into(),
            CouncilSettings::defaults("Khác".into(), SEATS),
        )
        .await
        .unwrap();
    let stranger = store
        .create_person(admin, other.id, person(PersonKind::Delegate, "Người Ngoài"))
        .await
        .unwrap();
    let refused = store
        .set_signature_image(admin, council, image(Signature, Some(stranger.id), 'e'))
        .await;
    assert!(
        matches!(refused, Err(StoreError::InvalidReference { .. })),
        "{refused:?}"
    );
    assert!(store.signature_images(other.id).await.unwrap().is_empty());
    store
        .remove_signature_image(admin, council, Seal, None)
        .await
        .unwrap();
    not_found(
        store
            .remove_signature_image(admin, council, Seal, None)
            .await,
    );
    assert_eq!(store.signature_images(council).await.unwrap().len(), 2);
    let events: Vec<String> = store
        .events_after(Stream::Council(council), 0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .filter(|k| k.starts_with("council.signature_image"))
        .collect();
    assert_eq!(
        events,
        vec![
            "council.signature_image_set",
            "council.signature_image_set",
            "council.signature_image_set",
            "council.signature_image_set",
            "council.signature_image_removed"
        ]
    );
}
