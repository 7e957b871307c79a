//! `kyhop demo --export DIR`: holds the demo session from start to end in
//! a scratch database, without serving, and writes what a secretariat
//! hands out afterwards: the issued resolutions as signed PDFs, the minutes
//! as PDF and DOCX, the ballot-count report of the secret poll, and the
//! demo trust roots (signing and time-stamping, in root.pem). The
//! resolutions are at PAdES B-LT: time-stamped by the demo CA's authority and
//! carrying its OCSP answers, both served on loopback.
//!
//! Everything goes through the same store, issuing and minutes code as the
//! server; the sitting is scripted, so speeches last as long as the script
//! takes (a few milliseconds).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use serde::Deserialize;

use kyhop_docs::blobs::BlobStore;
use kyhop_docs::minutes::{count_report_pdf, minutes_docx, minutes_pdf};
use kyhop_domain::SpeechAction;
use kyhop_domain::{
    AttendanceChange, AttendanceMode, BallotRequest, Choice, GoAhead, ItemChange, NewPoll,
    NewResolution, PersonKind, PollKind, ResolutionContent, SessionState, SpeechKind,
};
use kyhop_domain::{Ballot, Poll};
use kyhop_server::services::issuing::{issue, vietnam_today, IssueSigning, SignatureImages};
use kyhop_server::services::minutes::draft;
use kyhop_server::startup::{default_db_url, open_store};
use kyhop_store::secret_count::CountingKey;
use kyhop_store::Store;

const RESOLUTIONS: &str = include_str!("../../assets/demo/resolutions.json");

/// A resolution of the demo: the item it is adopted on, its poll and how
/// the chamber votes.
#[derive(Deserialize)]
struct DemoResolution {
    agenda_item: String,
    poll_title: String,
    votes: Votes,
    content: ResolutionContent,
}

#[derive(Deserialize, Clone, Copy)]
struct Votes {
    yes: usize,
    no: usize,
    abstain: usize,
}

/// The secret poll of the demo (a ballot-count report comes from it).
const SECRET_POLL_ITEM: &str = "Tờ trình về kế hoạch đầu tư công năm 2027";
const SECRET_POLL_TITLE: &str = "Bỏ phiếu kín thông qua kế hoạch đầu tư công năm 2027";
const SECRET_VOTES: Votes = Votes {
    yes: 39,
    no: 5,
    abstain: 3,
};
/// Delegates attending online, and those absent with their reasons; the
/// rest sit in the chamber.
const ONLINE: usize = 2;
const ABSENT_REASONS: [&str; 3] = [
    "Đi công tác nước ngoài",
    "Ốm, có đơn xin vắng mặt",
    "Việc gia đình, đã báo cáo Thường trực",
];

/// Runs the demo session and writes its papers into `out`; returns the
/// files written.
pub async fn export(out: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let scratch = tempfile::tempdir().context("creating a scratch directory")?;
    let store = open_store(&default_db_url(scratch.path()), scratch.path()).await?;
    let result = run(store.as_ref(), scratch.path(), out).await;
    store.close().await;
    result
}

async fn run(store: &dyn Store, scratch: &Path, out: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let resolutions: Vec<DemoResolution> =
        serde_json::from_str(RESOLUTIONS).context("reading the demo resolutions")?;
    let exe = std::env::current_exe().context("finding this program to read PDFs with")?;
    let info =
        crate::commands::demo::prepare(store, scratch, Duration::from_secs(3600), &exe).await?;
    let keys_dir = scratch.join(kyhop_server::demo_keys::KEYS_DIR);
    // The demo's time-stamping authority on loopback, as `kyhop demo` serves it.
    let timestamper = kyhop_server::demo_authorities::serve(&keys_dir).await?;
    let trust = kyhop_docs::sign::keys::certificates_from_pem(&kyhop_server::demo_keys::root_pem(
        &keys_dir,
    )?)?;
    let revocation: std::sync::Arc<dyn kyhop_docs::sign::RevocationTransport> =
        std::sync::Arc::new(kyhop_server::services::pki_http::PkiHttp::new()?);
    let blobs = BlobStore::open(scratch.join("blobs")).await?;
    let account = |name: &'static str| async move {
        let found = store.account_by_username(name).await?;
        found
            .map(|(a, _)| a.id)
            .with_context(|| format!("demo account {name}"))
    };
    let chair = account("chutoa").await?;
    let secretary = account("thuky").await?;
    let session_id = info.session_id;

    let delegates = store
        .people(info.council_id, Some(PersonKind::Delegate))
        .await?;
    let absent_from = delegates.len().saturating_sub(ABSENT_REASONS.len());
    for (i, person) in delegates.iter().enumerate() {
        let change = if i >= absent_from {
            AttendanceChange::MarkAbsent {
                reason: ABSENT_REASONS[i - absent_from].into(),
            }
        } else if i >= absent_from - ONLINE {
            AttendanceChange::CheckIn {
                mode: AttendanceMode::Online,
            }
        } else {
            AttendanceChange::CheckIn {
                mode: AttendanceMode::Chamber,
            }
        };
        store
            .set_attendance(secretary, session_id, person.id, change)
            .await?;
    }
    // Opened once the chamber has checked in (the quorum is reached).
    store
        .transition_session(
            chair,
            session_id,
            SessionState::InProgress,
            GoAhead::default(),
        )
        .await?;
    let present: Vec<i64> = delegates[..absent_from].iter().map(|p| p.id).collect();

    let mut secret_poll = None;
    let agenda = store.agenda(session_id).await?;
    for item in &agenda {
        store
            .open_agenda_item(chair, item.id, ItemChange::default())
            .await?;
        if let Some(r) = resolutions.iter().find(|r| r.agenda_item == item.title) {
            for speaker in &present[3..5] {
                let speech = store
                    .request_speech(secretary, item.id, *speaker, SpeechKind::Debate, None)
                    .await?;
                store
                    .speech_action(chair, speech.id, SpeechAction::Start)
                    .await?;
                store
                    .speech_action(chair, speech.id, SpeechAction::End)
                    .await?;
            }
            let poll = hold_poll(
                store,
                chair,
                info.council_id,
                item.id,
                PollKind::Named,
                &r.poll_title,
                r.votes,
                &present,
            )
            .await?;
            let draft = store
                .create_resolution(
                    secretary,
                    session_id,
                    NewResolution {
                        agenda_item_id: item.id,
                        poll_id: Some(poll.id),
                        content: r.content.clone(),
                    },
                )
                .await?;
            issue(
                store,
                &blobs,
                chair,
                draft.id,
                IssueSigning {
                    keys: kyhop_server::demo_keys::issue_keys(&keys_dir)?,
                    images: SignatureImages::demo(),
                    timestamper: Some(timestamper.clone()),
                    revocation: Some(revocation.clone()),
                    trust: trust.clone(),
                },
                chrono::Utc::now(),
            )
            .await?;
            store
                .set_minutes_narrative(
                    secretary,
                    item.id,
                    format!(
                        "Kỳ họp thảo luận, biểu quyết và thông qua Nghị quyết {}.",
                        r.content.subject.to_lowercase()
                    ),
                )
                .await?;
        }
        if item.title == SECRET_POLL_ITEM {
            secret_poll = Some(
                hold_poll(
                    store,
                    chair,
                    info.council_id,
                    item.id,
                    PollKind::Secret,
                    SECRET_POLL_TITLE,
                    SECRET_VOTES,
                    &present,
                )
                .await?,
            );
        }
        store
            .close_agenda_item(chair, item.id, ItemChange::default())
            .await?;
    }
    store
        .transition_session(chair, session_id, SessionState::Closed, GoAhead::default())
        .await?;

    let mut written = Vec::new();
    let mut write = |name: String, bytes: &[u8]| -> anyhow::Result<()> {
        let path = out.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
        Ok(())
    };
    for resolution in store.resolutions(session_id).await? {
        let (Some(number), Some(sha)) = (&resolution.number, &resolution.pdf_sha256) else {
            continue;
        };
        write(number.file_name(), &std::fs::read(blobs.path_of(sha))?)?;
    }
    let minutes = draft(store, session_id).await?;
    let today = vietnam_today();
    write("bien-ban-ky-hop.pdf".into(), &minutes_pdf(&minutes, today))?;
    write(
        "bien-ban-ky-hop.docx".into(),
        &minutes_docx(&minutes, today)?,
    )?;
    let poll = secret_poll.context("the demo agenda has no item for the secret poll")?;
    let result = poll
        .result
        .as_ref()
        .context("the secret poll has a result")?;
    write(
        "bien-ban-kiem-phieu.pdf".into(),
        &count_report_pdf(
            &minutes.council_name,
            &minutes.place_name,
            &poll,
            result,
            today,
            &minutes.chain_anchors,
        ),
    )?;
    write(
        "root.pem".into(),
        &kyhop_server::demo_keys::root_pem(&keys_dir)?,
    )?;
    Ok(written)
}

/// Creates, opens, votes and closes a poll; returns it closed, with its result.
#[allow(clippy::too_many_arguments)]
async fn hold_poll(
    store: &dyn Store,
    chair: i64,
    council_id: i64,
    agenda_item_id: i64,
    kind: PollKind,
    title: &str,
    votes: Votes,
    present: &[i64],
) -> anyhow::Result<Poll> {
    // The scratch store's counting key lives only as long as this run.
    let counting = CountingKey::generate();
    let poll = store
        .create_poll(
            chair,
            agenda_item_id,
            NewPoll {
                alternatives: Vec::new(),
                kind,
                title: title.into(),
                rule: None,
                candidates: vec![],
                max_choices: None,
                officials: vec![],
                revote_of: None,
            },
            Some(&counting),
        )
        .await?;
    store
        .open_poll(chair, poll.id, Some(&counting), GoAhead::default())
        .await?;
    let choices = std::iter::repeat_n(Choice::Yes, votes.yes)
        .chain(std::iter::repeat_n(Choice::No, votes.no))
        .chain(std::iter::repeat_n(Choice::Abstain, votes.abstain));
    for (person_id, choice) in present.iter().zip(choices) {
        store
            .cast_ballot(Ballot {
                poll_id: poll.id,
                person_id: *person_id,
                council_id,
                request: BallotRequest {
                    option: None,
                    choice: Some(choice),
                    ratings: None,
                    candidates: None,
                },
                sealed: None,
            })
            .await?;
    }
    Ok(store.close_poll(chair, poll.id, Some(&counting)).await?)
}
