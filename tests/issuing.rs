//! Issuing through the library on a real SQLite file: when signing fails
//! after the number was taken, the resolution stays a draft, nothing is
//! kept, and the number is void — the next issue gets the next number; a
//! number left taken by a crash blocks a second issue until start-up voids it.

use std::time::Duration;

use chrono::Datelike;
use chrono::Utc;
use kyhop_docs::blobs::BlobStore;
use kyhop_domain::{
    AttendanceChange, AttendanceMode, Ballot, BallotRequest, Choice, GoAhead, ItemChange, NewPoll,
    NewResolution, PersonKind, PollKind, ResolutionContent, SessionState,
};
use kyhop_server::services::issuing::{issue, IssueError, SignatureImages};
use kyhop_server::startup::{default_db_url, open_store};
use kyhop_store::{Store, StoreError};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_taken_by_a_failed_issue_is_never_reused() {
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&default_db_url(dir.path()), dir.path())
        .await
        .unwrap();
    let store: &dyn Store = store.as_ref();
    let reader = std::path::Path::new(env!("CARGO_BIN_EXE_kyhop"));
    let info = kyhop::commands::demo::prepare(store, dir.path(), Duration::from_secs(60), reader)
        .await
        .unwrap();
    let account = |name: &'static str| async move {
        store.account_by_username(name).await.unwrap().unwrap().0.id
    };
    let (chair, secretary) = (account("chutoa").await, account("thuky").await);
    store
        .transition_session(
            chair,
            info.session_id,
            SessionState::InProgress,
            GoAhead {
                below_quorum_confirmed: true,
            },
        )
        .await
        .unwrap();
    let delegates = store
        .people(info.council_id, Some(PersonKind::Delegate))
        .await
        .unwrap();
    // 40 of 50 present: above the quorum of 34.
    for d in &delegates[..40] {
        let check_in = AttendanceChange::CheckIn {
            mode: AttendanceMode::Chamber,
        };
        store
            .set_attendance(secretary, info.session_id, d.id, check_in)
            .await
            .unwrap();
    }
    let item = store.agenda(info.session_id).await.unwrap()[1].id;
    store
        .open_agenda_item(chair, item, ItemChange::default())
        .await
        .unwrap();
    let poll = store
        .create_poll(
            chair,
            item,
            NewPoll {
                alternatives: Vec::new(),
                kind: PollKind::Named,
                title: "Biểu quyết thông qua Nghị quyết".into(),
                rule: None,
                candidates: vec![],
                max_choices: None,
                officials: vec![],
                revote_of: None,
            },
            None,
        )
        .await
        .unwrap();
    // A named poll: no counting key.
    store
        .open_poll(chair, poll.id, None, GoAhead::default())
        .await
        .unwrap();
    for d in &delegates[..30] {
        let ballot = Ballot {
            poll_id: poll.id,
            person_id: d.id,
            council_id: info.council_id,
            request: BallotRequest {
                option: None,
                choice: Some(Choice::Yes),
                ratings: None,
                candidates: None,
            },
            sealed: None,
        };
        store.cast_ballot(ballot).await.unwrap();
    }
    store.close_poll(chair, poll.id, None).await.unwrap();
    let content: ResolutionContent = serde_json::from_value(serde_json::json!({
        "subject": "Về dự toán ngân sách năm 2027",
        "legal_bases": ["Căn cứ Luật Ngân sách nhà nước"],
        "articles": [{ "heading": "Dự toán", "paragraphs": ["Phê chuẩn dự toán."] }],
        "recipients": ["Lưu: VT"],
        "authority": "TM. Hội đồng nhân dân",
        "signer_title": "Chủ tịch",
        "signer_name": "Mai Thu Yến"
    }))
    .unwrap();
    let draft = store
        .create_resolution(
            secretary,
            info.session_id,
            NewResolution {
                agenda_item_id: item,
                poll_id: Some(poll.id),
                content,
            },
        )
        .await
        .unwrap();
    let blobs = BlobStore::open(dir.path().join("blobs")).await.unwrap();
    let blob_count = || std::fs::read_dir(dir.path().join("blobs")).unwrap().count();
    let blobs_before = blob_count();
    let keys = || kyhop_server::demo_keys::issue_keys(&info.keys_dir).unwrap();
    // The chair issues the draft with the demo keys and these images.
    let issue_with =
        |images: SignatureImages| issue(store, &blobs, chair, draft.id, keys(), images, Utc::now());

    // The keys open, the number is taken, then the signature image is bad.
    let broken = SignatureImages {
        signature_png: b"not a PNG image".to_vec(),
        ..SignatureImages::demo()
    };
    let failed = issue_with(broken).await;
    match failed {
        Err(IssueError::Sign(e)) => assert_eq!(e.code(), "invalid_image"),
        other => panic!("expected a signing failure, got {other:?}"),
    }
    let after = store.resolution(draft.id).await.unwrap();
    assert_eq!((after.number, after.pdf_sha256), (None, None));
    assert_eq!(blob_count(), blobs_before, "nothing kept");

    // A crash between taking a number and finishing: the next issue is
    // refused until the server's start-up voids the interrupted number.
    let year = kyhop_server::services::issuing::vietnam_today().year();
    store
        .take_resolution_number(chair, draft.id, year)
        .await
        .unwrap();
    let refused = issue_with(SignatureImages::demo()).await;
    match refused {
        Err(IssueError::Store(StoreError::Refused { code, .. })) => {
            assert_eq!(code, "issue_in_progress")
        }
        other => panic!("expected issue_in_progress, got {other:?}"),
    }
    // While a number is taken the draft cannot change under the signature.
    let edit = kyhop_domain::ResolutionPatch {
        poll_id: Some(poll.id),
        content: draft.content.clone(),
    };
    match store.update_resolution(secretary, draft.id, edit).await {
        Err(StoreError::Refused { code, .. }) => assert_eq!(code, "issue_in_progress"),
        other => panic!("expected issue_in_progress, got {other:?}"),
    }
    assert_eq!(store.void_interrupted_issues().await.unwrap(), 1);
    assert_eq!(store.void_interrupted_issues().await.unwrap(), 0);

    let issued = issue_with(SignatureImages::demo()).await.unwrap();
    assert_eq!(
        issued.number.unwrap().text,
        "03/NQ-HĐND",
        "01 (failed issue) and 02 (interrupted issue) stay used"
    );
}
