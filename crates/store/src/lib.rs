//! Storage behind one trait, so that the HTTP layer does not know which
//! database it talks to (SQLite, the embedded default, or PostgreSQL for
//! several instances); both backends pass the same conformance tests.
//!
//! Every method that changes state commits its rows and its event(s) in one
//! transaction and rings the live hub after the commit.
#![forbid(unsafe_code)]

pub mod audit;
pub mod ballot_box;
#[cfg(feature = "testing")]
pub mod conformance;
pub mod duty;
mod error;
pub mod live;
pub mod secret_count;
pub mod token_cache;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::duty::{Duty, DutyLease};
use crate::live::Hub;
use kyhop_domain::events::{Event, EventRow, Stream};
use kyhop_domain::{
    Account, AgendaItem, Attendance, AttendanceChange, Ballot, BallotReceipt, Committee, Council,
    CouncilSettings, DelegateGroup, GoAhead, ItemChange, NewAgendaItem, NewPerson, NewPoll,
    NewSession, NewSitting, NewTerm, Person, PersonKind, Poll, Quorum, Reorder, Role, Session,
    SessionState, SignInAlarm, Sitting, Speech, SpeechAction, SpeechKind, Term,
};

pub use error::{PairingError, StoreError};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A change to a stored record, applied inside the writing transaction to the
/// record as it is then, so that checks and write cannot be interleaved.
pub type Edit<T> = Box<dyn FnOnce(&T) -> Result<T> + Send>;

/// The two rosters that are only a list of names in a council.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Roster {
    DelegateGroups,
    Committees,
}

impl Roster {
    /// Singular name, used in events and errors.
    pub fn noun(self) -> &'static str {
        match self {
            Roster::DelegateGroups => "delegate_group",
            Roster::Committees => "committee",
        }
    }
}

/// What an import added.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ImportOutcome {
    pub people: Vec<Person>,
    pub groups_created: Vec<DelegateGroup>,
    pub committees_created: Vec<Committee>,
}

/// A member of a roster; converts into [`DelegateGroup`] or [`Committee`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub id: i64,
    pub council_id: i64,
    pub name: String,
}

impl From<RosterEntry> for DelegateGroup {
    fn from(e: RosterEntry) -> Self {
        DelegateGroup {
            id: e.id,
            council_id: e.council_id,
            name: e.name,
        }
    }
}

impl From<RosterEntry> for Committee {
    fn from(e: RosterEntry) -> Self {
        Committee {
            id: e.id,
            council_id: e.council_id,
            name: e.name,
        }
    }
}

/// What the store keeps of a new account: the password arrives hashed.
#[derive(Debug, Clone)]
pub struct AccountRecord {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub council_id: Option<i64>,
    pub person_id: Option<i64>,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
}

/// A change to an account.
#[derive(Debug, Clone, Default)]
pub struct AccountChange {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub username: Option<String>,
    /// The person the account is for (`Some(None)`: nobody), checked with
    /// [`kyhop_domain::check_account_person`] against the role it will have.
    pub person_id: Option<Option<i64>>,
    /// Disabling ends every sign-in of the account.
    pub disabled: Option<bool>,
    /// A new password hash, and whether the user must change it at next sign-in.
    pub password: Option<(String, bool)>,
}

/// What a bearer token stands for.
#[derive(Debug, Clone)]
pub enum TokenLookup {
    Valid(Account),
    Expired,
    Unknown,
}

/// A new bearer token to store.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub hash: String,
    pub expires_at: DateTime<Utc>,
}

/// A session's whole current state and the last event it reflects.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionSnapshot {
    /// Sequence number of the last event of the session's stream reflected
    /// here; subscribe with `Last-Event-ID` = this to continue from it.
    pub seq: i64,
    pub council: Council,
    pub session: Session,
    pub sittings: Vec<Sitting>,
    pub agenda: Vec<AgendaItem>,
    /// The agenda item under way, if any.
    #[schema(required = true)]
    pub current_item_id: Option<i64>,
    pub attendance: Vec<Attendance>,
    pub quorum: Quorum,
    /// The sitting attendance is kept for ([`kyhop_domain::current_sitting`]).
    #[schema(required = true)]
    pub current_sitting_id: Option<i64>,
    /// When delegates may begin checking in; `None` once the session sits
    /// ([`kyhop_domain::check_in_opens_at`]).
    #[schema(required = true)]
    pub check_in_opens_at: Option<DateTime<Utc>>,
    /// Every request to speak of the session, by agenda item and queue position.
    pub speeches: Vec<Speech>,
    /// Every poll of the session; results only on closed polls.
    pub polls: Vec<Poll>,
    /// The polls of this session in which the signed-in delegate has cast a
    /// ballot, so that a reloaded page shows the receipt instead of the
    /// ballot again. Only the fact of having voted (as `poll_voters` keeps
    /// it), never a choice, also for named polls. Empty for accounts that
    /// are not a delegate's.
    pub voted_polls: Vec<i64>,
    /// The server's clock when the snapshot was taken, for elapsed and
    /// remaining times.
    pub server_time: DateTime<Utc>,
}

/// One sitting's roll call, with its session.
#[derive(Debug, Clone)]
pub struct SittingRoll {
    pub session: Session,
    pub sitting: Sitting,
    pub records: Vec<Attendance>,
}

/// The alarms of a running speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeechAlarm {
    /// One minute left.
    Warning,
    /// Time is up.
    TimeUp,
}

impl SpeechAlarm {
    /// Seconds before the limit at which the alarm rings.
    pub fn seconds_before_limit(self) -> u32 {
        match self {
            SpeechAlarm::Warning => 60,
            SpeechAlarm::TimeUp => 0,
        }
    }

    /// Whether the alarm has rung for `speech` (a warning counts as rung
    /// where the whole limit is under a minute: it would ring at once).
    fn rung(self, speech: &Speech) -> bool {
        match self {
            SpeechAlarm::Warning => {
                speech.warned || speech.limit_seconds <= self.seconds_before_limit()
            }
            SpeechAlarm::TimeUp => speech.timed_out,
        }
    }

    /// The alarms still to ring for `speech`, each with when it is due;
    /// none unless it is running.
    pub fn pending(speech: &Speech) -> Vec<(SpeechAlarm, DateTime<Utc>)> {
        [SpeechAlarm::Warning, SpeechAlarm::TimeUp]
            .into_iter()
            .filter(|alarm| !alarm.rung(speech))
            .filter_map(|alarm| Some((alarm, speech.deadline(alarm.seconds_before_limit())?)))
            .collect()
    }
}

/// Everything a server needs from storage. Split by concern so that each
/// backend implements it one module at a time.
#[async_trait]
pub trait Store:
    AccountStore
    + CouncilStore
    + PeopleStore
    + SessionStore
    + FloorStore
    + PollStore
    + DocumentStore
    + PageSearch
    + ResolutionStore
    + EventStore
{
    /// The live hub this store rings after each commit.
    fn hub(&self) -> &Hub;

    /// Waits until this instance holds `duty` for the whole database (at
    /// once where it is the only instance there can be).
    async fn take_duty(&self, duty: Duty) -> Result<DutyLease>;

    /// Each event stream's last `seq`, by stream name.
    async fn stream_heads(&self) -> Result<Vec<(String, i64)>>;

    /// The database's size, in bytes.
    async fn database_bytes(&self) -> Result<u64>;

    /// The schema migration the database is at, and the last one this
    /// build knows (more: another instance of a later release migrated it).
    async fn schema(&self) -> Result<Schema>;

    /// Calls `observer` with the number of ballots in each batch the
    /// ballot box commits.
    fn observe_ballot_batches(&self, observer: ballot_box::BatchObserver);
}

/// Where the database's schema stands against this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schema {
    pub applied: i64,
    pub known: i64,
}

/// Bring every store trait into scope at once.
pub mod prelude {
    pub use super::{
        AccountStore, CouncilStore, DocumentStore, EventStore, FloorStore, PageSearch, PeopleStore,
        PollStore, ResolutionStore, SessionStore, Store,
    };
}

/// A pairing card as issued: the account it signs in to, and whether it
/// waits for the chair before it works.
#[derive(Debug, Clone)]
pub struct IssuedCard {
    pub account: Account,
    pub awaits_chair: bool,
    /// When it was issued: what the chair's confirmation names.
    pub issued_at: DateTime<Utc>,
    /// Whether the person is signed in somewhere now (before this card).
    pub signed_in: bool,
}

/// A card that waits for the chair's confirmation.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PendingCard {
    pub person_id: i64,
    pub full_name: String,
    pub issued_at: DateTime<Utc>,
    /// The account that printed it (secretary or admin).
    #[schema(required = true)]
    pub issued_by: Option<i64>,
    #[schema(required = true)]
    pub issued_by_name: Option<String>,
    pub expires_at: DateTime<Utc>,
}

#[async_trait]
pub trait AccountStore: Send + Sync + 'static {
    async fn account_count(&self) -> Result<i64>;
    async fn create_account(&self, actor: Option<i64>, new: AccountRecord) -> Result<Account>;
    async fn account(&self, id: i64) -> Result<Account>;
    async fn accounts(&self, council_id: Option<i64>) -> Result<Vec<Account>>;
    async fn update_account(&self, actor: i64, id: i64, change: AccountChange) -> Result<Account>;
    async fn delete_account(&self, actor: i64, id: i64) -> Result<()>;
    /// Ends every sign-in of an account (its tokens): how many there were.
    async fn end_sign_ins(&self, actor: i64, id: i64) -> Result<u64>;
    /// The account and its password hash, for a password sign-in.
    async fn account_by_username(
        &self,
        username: &str,
    ) -> Result<Option<(Account, Option<String>)>>;
    async fn create_token(&self, account_id: i64, token: NewToken) -> Result<()>;
    async fn token_account(&self, token_hash: &str, now: DateTime<Utc>) -> Result<TokenLookup>;
    async fn delete_token(&self, token_hash: &str) -> Result<()>;
    /// Sets a new password chosen by the user; other sign-ins of the account
    /// end, the one whose token hash is `keep_token_hash` stays.
    async fn change_password(
        &self,
        account_id: i64,
        hash: String,
        keep_token_hash: &str,
    ) -> Result<()>;
    /// Issues a pairing code for a person, creating their account if needed
    /// ([`kyhop_domain::check_pairable`]: never for an account with a
    /// password) and revoking their older cards. While a session of the
    /// council is convened or sitting the card awaits the chair
    /// ([`kyhop_domain::card_needs_chair`]); otherwise every sign-in of the
    /// person ends now.
    async fn issue_pairing_code(
        &self,
        actor: i64,
        person_id: i64,
        code_hash: String,
        expires_at: DateTime<Utc>,
    ) -> Result<IssuedCard>;
    /// The chair confirms the card of `person_id` issued at `issued_at`
    /// (the one on their screen; `card_replaced` if a newer one exists): it
    /// starts to work, and every sign-in of the person ends. A card used
    /// while a session is convened or sitting needs this, whenever it was
    /// printed.
    async fn confirm_pairing_code(
        &self,
        actor: i64,
        person_id: i64,
        issued_at: DateTime<Utc>,
    ) -> Result<Account>;
    /// Cards of the council that await the chair: printed during a session,
    /// or printed before and not yet used while one is convened or sitting.
    async fn pending_pairing_codes(&self, council_id: i64) -> Result<Vec<PendingCard>>;
    /// Uses a pairing code once and stores the token it buys.
    async fn redeem_pairing_code(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
        token: NewToken,
    ) -> Result<Account>;
    /// Whether a card with this hash was ever issued: a read that a flood
    /// of guesses makes without taking the writer from the ballots.
    async fn pairing_code_known(&self, code_hash: &str) -> Result<bool>;
    /// Tells every council's secretariat (each council's stream) and the
    /// administrators (the system stream) that sign-ins were throttled.
    async fn record_sign_in_alarm(&self, alarm: &SignInAlarm) -> Result<()>;
}

#[async_trait]
pub trait CouncilStore: Send + Sync + 'static {
    async fn create_council(
        &self,
        actor: i64,
        name: String,
        settings: CouncilSettings,
    ) -> Result<Council>;
    async fn councils(&self) -> Result<Vec<Council>>;
    async fn council(&self, id: i64) -> Result<Council>;
    async fn update_council(&self, actor: i64, id: i64, edit: Edit<Council>) -> Result<Council>;
    async fn delete_council(&self, actor: i64, id: i64) -> Result<()>;
    async fn create_term(&self, actor: i64, council_id: i64, new: NewTerm) -> Result<Term>;
    async fn terms(&self, council_id: i64) -> Result<Vec<Term>>;
    async fn term(&self, id: i64) -> Result<Term>;
    async fn update_term(&self, actor: i64, id: i64, edit: Edit<Term>) -> Result<Term>;
    async fn delete_term(&self, actor: i64, id: i64) -> Result<()>;
    /// Sets the council's seal or a signer's signature image (replacing
    /// the one before); the PNG is in the blob store and was checked.
    async fn set_signature_image(
        &self,
        actor: i64,
        council_id: i64,
        image: NewSignatureImage,
    ) -> Result<kyhop_domain::SignatureImage>;
    /// The council's images: its seal and its signers' signatures.
    async fn signature_images(&self, council_id: i64) -> Result<Vec<kyhop_domain::SignatureImage>>;
    /// Removes one (resolutions then show the shipped sample image).
    async fn remove_signature_image(
        &self,
        actor: i64,
        council_id: i64,
        kind: kyhop_domain::SignatureImageKind,
        person_id: Option<i64>,
    ) -> Result<()>;
}

/// A checked seal or signature image, kept in the blob store.
#[derive(Debug, Clone)]
pub struct NewSignatureImage {
    pub kind: kyhop_domain::SignatureImageKind,
    /// The signer, for a signature.
    pub person_id: Option<i64>,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
}

#[async_trait]
pub trait PeopleStore: Send + Sync + 'static {
    async fn create_roster_entry(
        &self,
        actor: i64,
        roster: Roster,
        council_id: i64,
        name: String,
    ) -> Result<RosterEntry>;
    async fn roster(&self, roster: Roster, council_id: i64) -> Result<Vec<RosterEntry>>;
    async fn roster_entry(&self, roster: Roster, id: i64) -> Result<RosterEntry>;
    async fn rename_roster_entry(
        &self,
        actor: i64,
        roster: Roster,
        id: i64,
        name: String,
    ) -> Result<RosterEntry>;
    async fn delete_roster_entry(&self, actor: i64, roster: Roster, id: i64) -> Result<()>;
    async fn create_person(&self, actor: i64, council_id: i64, new: NewPerson) -> Result<Person>;
    /// Adds a list of people in one transaction — the groups and committees
    /// they name made where the council has none of that name — or nothing.
    async fn import_people(
        &self,
        actor: i64,
        council_id: i64,
        import: kyhop_domain::PeopleImport,
    ) -> Result<ImportOutcome>;
    async fn people(&self, council_id: i64, kind: Option<PersonKind>) -> Result<Vec<Person>>;
    async fn person(&self, id: i64) -> Result<Person>;
    async fn update_person(&self, actor: i64, id: i64, edit: Edit<Person>) -> Result<Person>;
    async fn delete_person(&self, actor: i64, id: i64) -> Result<()>;
}

#[async_trait]
pub trait SessionStore: Send + Sync + 'static {
    async fn create_session(&self, actor: i64, council_id: i64, new: NewSession)
        -> Result<Session>;
    async fn sessions(&self, council_id: i64) -> Result<Vec<Session>>;
    async fn session(&self, id: i64) -> Result<Session>;
    async fn update_session(&self, actor: i64, id: i64, edit: Edit<Session>) -> Result<Session>;
    async fn delete_session(&self, actor: i64, id: i64) -> Result<()>;
    /// Moves a session to `to`, which must be the next state after its current one.
    /// Starting it (`InProgress`) is subject to the council's quorum rule
    /// ([`kyhop_domain::Quorum::admits`]).
    async fn transition_session(
        &self,
        actor: i64,
        id: i64,
        to: SessionState,
        go_ahead: GoAhead,
    ) -> Result<Session>;
    async fn create_sitting(&self, actor: i64, session_id: i64, new: NewSitting)
        -> Result<Sitting>;
    async fn sittings(&self, session_id: i64) -> Result<Vec<Sitting>>;
    async fn sitting(&self, id: i64) -> Result<Sitting>;
    async fn update_sitting(&self, actor: i64, id: i64, edit: Edit<Sitting>) -> Result<Sitting>;
    async fn delete_sitting(&self, actor: i64, id: i64) -> Result<()>;
    async fn create_agenda_item(
        &self,
        actor: i64,
        session_id: i64,
        new: NewAgendaItem,
    ) -> Result<AgendaItem>;
    async fn agenda(&self, session_id: i64) -> Result<Vec<AgendaItem>>;
    async fn agenda_item(&self, id: i64) -> Result<AgendaItem>;
    async fn update_agenda_item(
        &self,
        actor: i64,
        id: i64,
        edit: Edit<AgendaItem>,
    ) -> Result<AgendaItem>;
    async fn delete_agenda_item(&self, actor: i64, id: i64) -> Result<()>;
    /// The session's whole state and the stream position it reflects, read
    /// in one transaction; `voter` (the caller's person) fills `voted_polls`.
    async fn snapshot(&self, session_id: i64, voter: Option<i64>) -> Result<SessionSnapshot>;
}

#[async_trait]
pub trait FloorStore: Send + Sync + 'static {
    /// Checks a delegate in or out, or marks them absent.
    async fn set_attendance(
        &self,
        actor: i64,
        session_id: i64,
        person_id: i64,
        change: AttendanceChange,
    ) -> Result<Attendance>;
    async fn attendance(&self, session_id: i64) -> Result<(Vec<Attendance>, Quorum)>;
    /// Begins the next sitting of a sitting session
    /// ([`kyhop_domain::require_sitting_beginnable`]): the roll so far is
    /// kept as the current sitting's and a fresh roll starts.
    async fn begin_sitting(&self, actor: i64, id: i64) -> Result<(Sitting, Quorum)>;
    /// A sitting's roll, live or kept; `sitting_not_begun` for one with none.
    async fn sitting_roll(&self, id: i64) -> Result<SittingRoll>;
    /// Makes an item the current one, closing the item that was current;
    /// a speech under way there ends or pauses as `change` says
    /// ([`ItemChange::speech_action`]).
    async fn open_agenda_item(&self, actor: i64, id: i64, change: ItemChange)
        -> Result<AgendaItem>;
    /// Closes the current item, as [`FloorStore::open_agenda_item`] closes it.
    async fn close_agenda_item(
        &self,
        actor: i64,
        id: i64,
        change: ItemChange,
    ) -> Result<AgendaItem>;
    /// Reorders one level of the agenda; only pending items may move.
    async fn reorder_agenda(
        &self,
        actor: i64,
        session_id: i64,
        order: Reorder,
    ) -> Result<Vec<AgendaItem>>;
    /// Adds an urgent item after the current one while the session runs.
    async fn add_urgent_item(
        &self,
        actor: i64,
        session_id: i64,
        new: NewAgendaItem,
    ) -> Result<AgendaItem>;
    async fn request_speech(
        &self,
        actor: i64,
        agenda_item_id: i64,
        person_id: i64,
        kind: SpeechKind,
        addressed_to: Option<i64>,
    ) -> Result<Speech>;
    async fn speeches(&self, agenda_item_id: i64) -> Result<Vec<Speech>>;
    async fn speech(&self, id: i64) -> Result<Speech>;
    async fn speech_action(&self, actor: i64, id: i64, action: SpeechAction) -> Result<Speech>;
    /// Reorders the queue (queued speeches only) of an agenda item.
    async fn reorder_speakers(
        &self,
        actor: i64,
        agenda_item_id: i64,
        order: Vec<i64>,
    ) -> Result<Vec<Speech>>;
    /// Rings an alarm of a speech if it is still running the same stretch
    /// (`running_since`) and has not rung yet. Returns the speech if it rang.
    async fn ring_speech_alarm(
        &self,
        id: i64,
        alarm: SpeechAlarm,
        running_since: DateTime<Utc>,
    ) -> Result<Option<Speech>>;
    /// Every speech being given right now, in every session.
    async fn running_speeches(&self) -> Result<Vec<Speech>>;
}

#[async_trait]
pub trait PollStore: Send + Sync + 'static {
    /// Prepares a draft poll; a secret poll gets its key pair at once, the
    /// private half sealed under `counting` (see [`secret_count::new_key`]),
    /// and its ballots start being encrypted ahead.
    async fn create_poll(
        &self,
        actor: i64,
        agenda_item_id: i64,
        new: NewPoll,
        counting: Option<&secret_count::CountingKey>,
    ) -> Result<Poll>;
    async fn poll(&self, id: i64) -> Result<Poll>;
    async fn polls(&self, session_id: i64) -> Result<Vec<Poll>>;
    /// Opens a draft poll, subject to the council's quorum rule
    /// ([`kyhop_domain::Quorum::admits`]); a secret poll's key must be one
    /// `counting` opens (see [`secret_count::key_at_open`]).
    async fn open_poll(
        &self,
        actor: i64,
        id: i64,
        counting: Option<&secret_count::CountingKey>,
        go_ahead: GoAhead,
    ) -> Result<Poll>;
    /// Closes the poll and counts it. A secret poll is counted from its
    /// ciphertexts with the key `counting` opens; the private key is then
    /// destroyed and the ciphertexts kept only in the verification record.
    async fn close_poll(
        &self,
        actor: i64,
        id: i64,
        counting: Option<&secret_count::CountingKey>,
    ) -> Result<Poll>;
    /// Shows or hides a closed named poll's names on the chamber screen
    /// (event `poll.names_shown`).
    async fn show_poll_names(&self, actor: i64, id: i64, show: bool) -> Result<Poll>;
    /// Annuls the poll; a secret poll's key and ballots are destroyed uncounted.
    async fn annul_poll(&self, actor: i64, id: i64, reason: String) -> Result<Poll>;
    /// Checks and records one ballot; returns only once it is committed.
    /// A secret ballot is stored as the ciphertexts made on receipt beside
    /// "the delegate has voted", in one transaction, and nothing else.
    async fn cast_ballot(&self, ballot: Ballot) -> Result<BallotReceipt>;
    /// A closed secret poll's verification record (JSON) and its SHA-256.
    async fn verification_record(&self, poll_id: i64) -> Result<(Vec<u8>, String)>;
    /// The counting key ids of secret polls whose key is still sealed
    /// (open polls): the key file must not change while there are any.
    async fn pending_counting_keys(&self) -> Result<Vec<String>>;
}

/// A note as stored: where it was made, not yet placed in the current version.
#[derive(Debug, Clone)]
pub struct StoredNote {
    pub id: i64,
    pub document_id: i64,
    pub kind: kyhop_domain::NoteKind,
    pub version: u32,
    pub page: u32,
    pub quote: kyhop_domain::TextQuote,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which notes to list.
#[derive(Debug, Clone, Copy)]
pub enum NoteScope {
    Document(i64),
    Session(i64),
    /// One note by id.
    Note(i64),
}

/// A new file of a document, already in the blob store and read.
#[derive(Debug, Clone)]
pub struct NewVersion {
    pub sha256: String,
    pub byte_size: u64,
    pub file_name: String,
    pub pages: Vec<kyhop_domain::PageText>,
    /// The recognition of its scanned pages ([`kyhop_domain::recognition_for`]).
    pub recognition: Option<kyhop_domain::Recognition>,
}

/// What became of one page given to the reader.
#[derive(Debug, Clone)]
pub enum PageRecognition {
    /// Read: its lines become the page's text (searchable, for notes).
    Recognised(kyhop_domain::OcrPage),
    /// Given up on, with a stable code (`ocr_timed_out`, `ocr_failed`): the
    /// page stays "scanned".
    Failed(String),
}

#[async_trait]
pub trait DocumentStore: Send + Sync + 'static {
    /// Creates a document with its first version and indexes its pages.
    async fn create_document(
        &self,
        actor: i64,
        session_id: i64,
        new: kyhop_domain::NewDocument,
        version: NewVersion,
    ) -> Result<kyhop_domain::Document>;
    async fn document(&self, id: i64) -> Result<kyhop_domain::Document>;
    async fn documents(&self, session_id: i64) -> Result<Vec<kyhop_domain::Document>>;
    /// Adds a new version; the old ones stay, search follows the new one.
    async fn add_version(
        &self,
        actor: i64,
        document_id: i64,
        version: NewVersion,
    ) -> Result<kyhop_domain::Document>;
    /// The page texts of one version.
    async fn version_pages(
        &self,
        document_id: i64,
        version: u32,
    ) -> Result<Vec<kyhop_domain::PageText>>;
    /// Versions whose recognition is queued or running, oldest first: what the
    /// reader takes up again after a restart.
    async fn open_recognitions(&self) -> Result<Vec<(i64, u32)>>;
    /// The scanned pages of a version not yet given to the reader.
    async fn pages_to_recognise(&self, document_id: i64, version: u32) -> Result<Vec<u32>>;
    /// Records what became of one page, whole (the page, its search entry
    /// when the version is current, the progress); a progress event on
    /// the session's stream each tenth of the way. Refused
    /// (`recognition_closed`) once the recognition was cancelled or has ended.
    async fn record_recognised_page(
        &self,
        document_id: i64,
        version: u32,
        page: u32,
        outcome: PageRecognition,
    ) -> Result<kyhop_domain::Recognition>;
    /// Ends an open recognition: done, or unavailable with the reason.
    async fn finish_recognition(
        &self,
        document_id: i64,
        version: u32,
        state: kyhop_domain::RecognitionState,
        reason: Option<String>,
    ) -> Result<kyhop_domain::Recognition>;
    /// The secretariat stops the recognition of a document's current version
    /// (`recognition_closed` when none is open).
    async fn cancel_recognition(
        &self,
        actor: i64,
        document_id: i64,
    ) -> Result<kyhop_domain::Document>;
    /// The pages of a version that the reader read.
    async fn ocr_pages(&self, document_id: i64, version: u32)
        -> Result<Vec<kyhop_domain::OcrPage>>;
    /// Replaces a document's description (not once it is withdrawn).
    async fn update_document(
        &self,
        actor: i64,
        id: i64,
        new: kyhop_domain::NewDocument,
    ) -> Result<kyhop_domain::Document>;
    /// Withdraws a published document with a reason: it stays listed,
    /// marked, its notes kept; search no longer finds it.
    async fn withdraw_document(
        &self,
        actor: i64,
        id: i64,
        reason: String,
    ) -> Result<kyhop_domain::Document>;
    /// Deletes a document that was never published.
    async fn delete_document(&self, actor: i64, id: i64) -> Result<()>;
    /// Publishes documents of a session (those already published keep their date).
    async fn publish(
        &self,
        actor: i64,
        session_id: i64,
        ids: &[i64],
    ) -> Result<Vec<kyhop_domain::Document>>;
    /// Records that an account opened or downloaded a document.
    async fn record_read(
        &self,
        document_id: i64,
        version: u32,
        account_id: i64,
        person_id: Option<i64>,
    ) -> Result<()>;
    /// The copy made for a reader of a confidential document, if any yet.
    async fn reader_copy(
        &self,
        document_id: i64,
        version: u32,
        account_id: i64,
    ) -> Result<Option<kyhop_domain::ReaderCopy>>;
    /// Keeps a reader's copy; when one was kept meanwhile (two first
    /// downloads at once), that one stays and is returned.
    async fn keep_reader_copy(
        &self,
        copy: kyhop_domain::ReaderCopy,
    ) -> Result<kyhop_domain::ReaderCopy>;
    /// Every (document, person) pair of the session where the person has
    /// opened the document.
    async fn session_reads(&self, session_id: i64) -> Result<Vec<(i64, i64)>>;
    /// Which delegates of the council have opened a document and which not.
    async fn read_receipts(&self, document_id: i64) -> Result<kyhop_domain::ReadReceipts>;
    /// Stores a private note of `account` (its author).
    async fn create_note(
        &self,
        account: i64,
        document_id: i64,
        note: kyhop_domain::NewNote,
    ) -> Result<StoredNote>;
    /// The notes of `account` on a document, or on every document of a
    /// session; nobody else's.
    async fn notes(&self, account: i64, scope: NoteScope) -> Result<Vec<StoredNote>>;
    /// Changes the text of the author's own note; someone else's is not found.
    async fn update_note(&self, account: i64, id: i64, body: String) -> Result<StoredNote>;
    async fn delete_note(&self, account: i64, id: i64) -> Result<()>;
}

/// Full-text search over the pages of a session's documents. Every store
/// answers it from its own tables; the server may put a search index in
/// front (crate `kyhop-search`), fed from the store's event log.
#[async_trait]
pub trait PageSearch: Send + Sync + 'static {
    /// Pages of the session's current document versions among the
    /// documents `among` (those the reader may see) on which every word of
    /// `query` appears, case- and diacritic-insensitively, best first.
    async fn search(
        &self,
        session_id: i64,
        query: &str,
        among: &[i64],
        limit: u32,
    ) -> Result<Vec<kyhop_domain::SearchHit>>;
}

#[async_trait]
pub trait ResolutionStore: Send + Sync + 'static {
    /// A draft on an agenda item of the session, optionally linked to the
    /// poll (of the same item) that adopts it.
    async fn create_resolution(
        &self,
        actor: i64,
        session_id: i64,
        new: kyhop_domain::NewResolution,
    ) -> Result<kyhop_domain::Resolution>;
    /// With the adopting poll's result, when it has closed.
    async fn resolution(&self, id: i64) -> Result<kyhop_domain::Resolution>;
    async fn resolutions(&self, session_id: i64) -> Result<Vec<kyhop_domain::Resolution>>;
    /// Changes a draft; an issued resolution never changes.
    async fn update_resolution(
        &self,
        actor: i64,
        id: i64,
        patch: kyhop_domain::ResolutionPatch,
    ) -> Result<kyhop_domain::Resolution>;
    /// Takes the council's next number of `year` for the resolution and
    /// commits it, so that it is never handed out again, whatever happens next.
    async fn take_resolution_number(
        &self,
        actor: i64,
        id: i64,
        year: i32,
    ) -> Result<kyhop_domain::ResolutionNumber>;
    /// Records the signed PDF: the resolution is issued under its number.
    async fn complete_issue(
        &self,
        actor: i64,
        id: i64,
        number: &kyhop_domain::ResolutionNumber,
        issued_on: chrono::NaiveDate,
        pdf_sha256: &str,
    ) -> Result<kyhop_domain::Resolution>;
    /// The secretary's narrative of each agenda item in the minutes.
    async fn minutes_narratives(
        &self,
        session_id: i64,
    ) -> Result<std::collections::HashMap<i64, String>>;
    async fn set_minutes_narrative(
        &self,
        actor: i64,
        agenda_item_id: i64,
        text: String,
    ) -> Result<()>;
    /// At start-up: numbers taken by issues that a crash interrupted are
    /// void (they stay used); returns how many.
    async fn void_interrupted_issues(&self) -> Result<usize>;
    /// Marks a taken number void after issuing failed; it stays used.
    async fn void_resolution_number(
        &self,
        actor: i64,
        id: i64,
        number: &kyhop_domain::ResolutionNumber,
        reason: &str,
    ) -> Result<()>;
}

#[async_trait]
pub trait EventStore: Send + Sync + 'static {
    /// Events of a stream with `seq > after`, oldest first, at most `limit`.
    async fn events_after(&self, stream: Stream, after: i64, limit: u32) -> Result<Vec<Event>>;
    /// The last `seq` of a stream (0 when it has none).
    async fn stream_head(&self, stream: Stream) -> Result<i64>;
    /// Every stream that has events.
    async fn streams(&self) -> Result<Vec<String>>;
    /// The stored rows of one stream, in order, for the audit.
    async fn event_rows(&self, stream: &str) -> Result<Vec<EventRow>>;
}

#[cfg(test)]
mod speech_alarm_tests {
    use super::*;
    use chrono::TimeZone;
    use kyhop_domain::{SpeechKind, SpeechState};

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + seconds, 0).unwrap()
    }

    fn running(limit_seconds: u32, used_ms: u64) -> Speech {
        Speech {
            id: 7,
            session_id: 1,
            agenda_item_id: 2,
            person_id: 3,
            kind: SpeechKind::Debate,
            addressed_to: None,
            state: SpeechState::Speaking,
            position: 1,
            limit_seconds,
            used_ms,
            running_since: Some(at(0)),
            warned: false,
            timed_out: false,
            requested_at: at(0),
            ended_at: None,
            speaker_name: "Nguyễn Văn A".into(),
        }
    }

    #[test]
    fn a_running_speech_warns_a_minute_before_its_limit_then_times_out() {
        let speech = running(300, 30_000);
        assert_eq!(
            SpeechAlarm::pending(&speech),
            vec![
                (SpeechAlarm::Warning, at(210)),
                (SpeechAlarm::TimeUp, at(270))
            ]
        );
    }

    #[test]
    fn rung_alarms_and_stopped_speeches_are_not_pending() {
        let mut speech = running(300, 0);
        speech.warned = true;
        assert_eq!(
            SpeechAlarm::pending(&speech),
            vec![(SpeechAlarm::TimeUp, at(300))]
        );
        speech.timed_out = true;
        assert!(SpeechAlarm::pending(&speech).is_empty());
        let mut paused = running(300, 0);
        paused.running_since = None;
        assert!(SpeechAlarm::pending(&paused).is_empty());
    }

    #[test]
    fn a_limit_of_a_minute_or_less_gives_no_warning() {
        assert_eq!(
            SpeechAlarm::pending(&running(60, 0)),
            vec![(SpeechAlarm::TimeUp, at(60))]
        );
        assert_eq!(SpeechAlarm::pending(&running(61, 0)).len(), 2);
    }
}
