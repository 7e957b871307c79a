//! The council's data model: plain types shared by the store, the HTTP API and
//! the command line. Nothing here talks to a database or the network.
#![forbid(unsafe_code)]

mod account;
mod anchor;
mod ballot_layout;
mod council;
mod document;
pub mod events;
mod filing;
mod floor;
mod note;
mod page_text;
mod pairing;
mod people;
mod poll;
mod recognition;
mod refusal;
mod resolution;
mod rules;
pub mod search;
mod session;
mod signature_image;
mod sittings;
pub mod text;
pub mod vi;

pub use account::{check_account_person, check_password, Account, AccountPatch, NewAccount, Role};
pub use anchor::{ChainAnchor, ANCHOR_TAG};
pub use ballot_layout::{ChoiceGroup, SealedBallot, RATINGS};
pub use council::{
    BelowQuorum, Council, CouncilPatch, CouncilSettings, NewCouncil, NewTerm, Term, TermPatch,
};
pub use document::{
    paragraph_diff, AudienceEntry, AudienceKind, Confidentiality, DiffChunk, DiffOp, Document,
    DocumentKind, DocumentVersion, NewDocument, PacketEntry, Publication, ReadReceipts, Reader,
    ReaderCopy, ReceiptLine, SearchHit, UnreadDocument, UnreadLine, Withdrawal,
};
pub use filing::{propose, Proposal, UploadDescription, MAX_NUMBER};
pub use floor::{
    check_speaker_order, check_speech_request, queue_position, Attendance, AttendanceChange,
    AttendanceMode, AttendanceStatus, FloorState, GoAhead, ItemChange, NewSpeech, Quorum, Reorder,
    Speech, SpeechAction, SpeechKind, SpeechLimit, SpeechOnLeaving, SpeechState, SpeechStep,
};
pub use note::{anchor, to_markdown, NewNote, Note, NoteKind, NotePatch, TextQuote};
pub use page_text::PageText;
pub use pairing::{card_needs_chair, check_pairable, SignInAlarm};
pub use people::{
    check_seats, Committee, DelegateGroup, ImportPerson, NamePatch, NewNamed, NewPerson,
    PeopleImport, Person, PersonKind, PersonPatch, MAX_IMPORT,
};
pub use poll::{
    threshold, votes_needed, Annulment, Ballot, BallotContent, BallotReceipt, BallotRequest,
    CandidateOutcome, Choice, Count, Counter, NamedChoice, NamesOnScreen, NewPoll, OfficialRating,
    OptionCount, OptionKind, Poll, PollKind, PollOption, PollResult, PollState, Rating, Tally,
    Threshold, VoterPresence,
};
pub use recognition::{
    announce_progress, needs_recognition, recognition_for, OcrLine, OcrPage, Recognition,
    RecognitionState,
};
pub use refusal::{same_members, Refusal};
pub use resolution::{
    check_signer, date_line, issue_refusal, refuse_while_issuing, Article, NewResolution,
    Resolution, ResolutionContent, ResolutionNumber, ResolutionPatch, ResolutionState,
};
pub use rules::{Fraction, MajorityBase, MajorityRule};
pub use session::{
    check_agenda_order, labelled_agenda, urgent_item_position, AgendaItem, AgendaItemPatch,
    AgendaState, NewAgendaItem, NewSession, NewSitting, Session, SessionKind, SessionPatch,
    SessionState, Sitting, SittingPatch,
};
pub use signature_image::{
    check_signature_image, ImageFacts, ImageRefusal, SignatureImage, SignatureImageKind,
    MOST_PIXELS,
};
pub use sittings::{
    check_in_lead, check_in_opens_at, current_sitting, require_check_in_open,
    require_sitting_beginnable, roll_source, FloorActivity, RollSource,
};

/// Declares a string-valued enum that round-trips through serde, SQL text
/// columns and the OpenAPI document with one spelling, kept in one place.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:tt),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(crate::UnknownVariant {
                        kind: stringify!($name),
                        value: other.to_owned(),
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

/// A stored text value that names no variant: the database was edited by hand
/// or written by a newer version.
#[derive(Debug, thiserror::Error)]
#[error("unknown {kind} value {value:?}")]
pub struct UnknownVariant {
    pub kind: &'static str,
    pub value: String,
}
