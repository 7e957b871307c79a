//! Issuing through the library on a real SQLite file: when signing fails
//! after the number was taken, the resolution stays a draft, nothing is
//! kept, and the number is void — the next issue gets the next number; a
//! number left taken by a crash blocks a second issue until start-up voids
//! it; a time-stamping authority that is down or lies refuses the issue
//! before any number is taken.

use std::net::SocketAddr;
use std::time::Duration;

use chrono::Datelike;
use chrono::Utc;
use der::asn1::OctetString;
use der::Decode;
use kyhop_docs::blobs::BlobStore;
use kyhop_docs::sign::demo_tsa::granted;
use kyhop_docs::sign::{verify_pdf, DemoTsa, PadesLevel, TimeStamper};
use kyhop_domain::{
    AttendanceChange, AttendanceMode, Ballot, BallotRequest, Choice, GoAhead, ItemChange, NewPoll,
    NewResolution, PersonKind, PollKind, ResolutionContent, SessionState,
};
use kyhop_server::services::issuing::{issue, IssueError, IssueSigning, SignatureImages};
use kyhop_server::services::pki_http::http_time_stamper;
use kyhop_server::startup::{default_db_url, open_store};
use kyhop_store::{Store, StoreError};
use x509_tsp::{MessageImprint, TimeStampReq};

/// The demo council with a passed poll and a draft resolution on it, ready
/// for the chair to issue.
struct Ready {
    chair: i64,
    secretary: i64,
    poll: i64,
    draft: kyhop_domain::Resolution,
    keys_dir: std::path::PathBuf,
}

async fn draft_ready_to_issue(store: &dyn Store, dir: &std::path::Path) -> Ready {
    let reader = std::path::Path::new(env!("CARGO_BIN_EXE_kyhop"));
    let info = kyhop::commands::demo::prepare(store, dir, Duration::from_secs(60), reader)
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
    Ready {
        chair,
        secretary,
        poll: poll.id,
        draft,
        keys_dir: info.keys_dir,
    }
}

/// A data directory of its own, its database, the demo council's draft
/// ready to issue and the blob store.
struct Setup {
    dir: tempfile::TempDir,
    database: kyhop_store_sql::Database,
    blobs: BlobStore,
}

impl Setup {
    async fn new() -> (Setup, Ready) {
        let dir = tempfile::tempdir().unwrap();
        let database = open_store(&default_db_url(dir.path()), dir.path())
            .await
            .unwrap();
        let ready = draft_ready_to_issue(database.as_ref(), dir.path()).await;
        let blobs = BlobStore::open(dir.path().join("blobs")).await.unwrap();
        let setup = Setup {
            dir,
            database,
            blobs,
        };
        (setup, ready)
    }

    /// The chair issues the draft with the demo keys and images, through
    /// these CA services.
    async fn issue(
        &self,
        ready: &Ready,
        timestamper: Option<TimeStamper>,
        revocation: Option<std::sync::Arc<dyn kyhop_docs::sign::RevocationTransport>>,
        trust: Vec<kyhop_docs::sign::Certificate>,
    ) -> Result<kyhop_domain::Resolution, IssueError> {
        let signing = IssueSigning {
            keys: kyhop_server::demo_keys::issue_keys(&ready.keys_dir).unwrap(),
            images: SignatureImages::demo(),
            timestamper,
            revocation,
            trust,
        };
        let store: &dyn Store = self.database.as_ref();
        issue(
            store,
            &self.blobs,
            ready.chair,
            ready.draft.id,
            signing,
            Utc::now(),
        )
        .await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_number_taken_by_a_failed_issue_is_never_reused() {
    let (setup, ready) = Setup::new().await;
    let Ready {
        chair,
        secretary,
        poll,
        draft,
        keys_dir,
    } = ready;
    let (store, blobs): (&dyn Store, _) = (setup.database.as_ref(), &setup.blobs);
    let blob_count = || {
        std::fs::read_dir(setup.dir.path().join("blobs"))
            .unwrap()
            .count()
    };
    let blobs_before = blob_count();
    let keys = || kyhop_server::demo_keys::issue_keys(&keys_dir).unwrap();
    // The chair issues the draft with the demo keys and these images.
    let issue_with = |images: SignatureImages| {
        let signing = IssueSigning {
            keys: keys(),
            images,
            timestamper: None,
            revocation: None,
            trust: Vec::new(),
        };
        issue(store, blobs, chair, draft.id, signing, Utc::now())
    };

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
        poll_id: Some(poll),
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

/// How the authority on loopback answers.
#[derive(Clone, Copy)]
enum Answer {
    Honest,
    /// A token for another document than the one asked about.
    OtherData,
}

/// A time-stamping authority on a loopback port, as `kyhop demo` serves one
/// but able to lie: the address of its endpoint.
async fn authority(tsa: DemoTsa, answer: Answer) -> String {
    use axum::body::Bytes;
    let app = axum::Router::new().route(
        "/tsa",
        axum::routing::post(move |request: Bytes| {
            let tsa = tsa.clone();
            async move {
                let now = Utc::now();
                match answer {
                    Answer::Honest => tsa.respond(&request, now).unwrap(),
                    Answer::OtherData => {
                        let req = TimeStampReq::from_der(&request).unwrap();
                        let other = MessageImprint {
                            hash_algorithm: req.message_imprint.hash_algorithm.clone(),
                            hashed_message: OctetString::new(vec![0x17; 32]).unwrap(),
                        };
                        granted(tsa.token(&other, req.nonce, now).unwrap()).unwrap()
                    }
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/tsa", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

/// A loopback port nothing listens on.
fn closed_port() -> SocketAddr {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_authority_that_is_down_or_lies_refuses_the_issue_before_a_number_is_taken() {
    let (setup, ready) = Setup::new().await;
    let (store, blobs): (&dyn Store, _) = (setup.database.as_ref(), &setup.blobs);
    let tsa = DemoTsa::generate(Utc::now()).unwrap();
    let stranger = DemoTsa::generate(Utc::now()).unwrap();
    let issue_with =
        |timestamper: TimeStamper| setup.issue(&ready, Some(timestamper), None, Vec::new());
    let trusting =
        |url: &str, root: &DemoTsa| http_time_stamper(url, vec![root.root().clone()]).unwrap();

    let down = format!("http://{}/tsa", closed_port());
    let honest = authority(tsa.clone(), Answer::Honest).await;
    let lying = authority(tsa.clone(), Answer::OtherData).await;
    for (case, timestamper, code) in [
        ("down", trusting(&down, &tsa), "tsa_unreachable"),
        (
            "another document's token",
            trusting(&lying, &tsa),
            "timestamp_mismatch",
        ),
        (
            "an authority not trusted",
            trusting(&honest, &stranger),
            "timestamp_untrusted",
        ),
    ] {
        match issue_with(timestamper).await {
            Err(IssueError::Sign(e)) => assert_eq!(e.code(), code, "{case}: {e}"),
            other => panic!("{case}: expected {code}, got {other:?}"),
        }
        let after = store.resolution(ready.draft.id).await.unwrap();
        assert_eq!((after.number, after.pdf_sha256), (None, None), "{case}");
    }

    // The control: the same authority, trusted and honest, is accepted, and
    // the refusals above took no number — this is the council's first.
    let issued = issue_with(trusting(&honest, &tsa)).await.unwrap();
    assert_eq!(issued.number.unwrap().text, "01/NQ-HĐND");
    let pdf = std::fs::read(blobs.path_of(&issued.pdf_sha256.unwrap())).unwrap();
    let reports = verify_pdf(&pdf, &[tsa.root().clone()]).unwrap();
    assert_eq!(reports.len(), 2);
    for report in &reports {
        assert_eq!(report.level, PadesLevel::BT, "{report:?}");
        assert!(report.timestamp_trusted, "{report:?}");
    }
}

/// The demo CA's OCSP responder of `keys_dir` on the loopback port its
/// certificates name, answering as `responder` does.
async fn serve_responder(
    responder: kyhop_docs::sign::DemoOcsp,
    port: u16,
) -> tokio::task::JoinHandle<()> {
    use axum::body::Bytes;
    let app = axum::Router::new().route(
        "/ocsp",
        axum::routing::post(move |request: Bytes| {
            let responder = responder.clone();
            async move { responder.respond(&request, Utc::now()).unwrap() }
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_key_or_a_silent_responder_refuses_the_issue_before_a_number_is_taken() {
    let (setup, ready) = Setup::new().await;
    let (store, blobs): (&dyn Store, _) = (setup.database.as_ref(), &setup.blobs);
    let tsa = kyhop_server::demo_authorities::authority(&ready.keys_dir).unwrap();
    let honest_tsa = authority(tsa.clone(), Answer::Honest).await;
    let (responder, port) = kyhop_server::demo_keys::ocsp_responder(&ready.keys_dir).unwrap();
    let revocation: std::sync::Arc<dyn kyhop_docs::sign::RevocationTransport> =
        std::sync::Arc::new(kyhop_server::services::pki_http::PkiHttp::new().unwrap());
    let demo_root = tsa.root().clone();
    let stamper = http_time_stamper(&honest_tsa, vec![tsa.root().clone()]).unwrap();
    let issue_trusting = |trust: Vec<kyhop_docs::sign::Certificate>| {
        setup.issue(
            &ready,
            Some(stamper.clone()),
            Some(revocation.clone()),
            trust,
        )
    };
    let issue_now = || issue_trusting(vec![demo_root.clone()]);
    let not_numbered = || async {
        let after = store.resolution(ready.draft.id).await.unwrap();
        assert_eq!((after.number, after.pdf_sha256), (None, None));
    };

    // Keys whose certificates do not chain to the roots this server trusts:
    // their CA is not asked anything (nothing listens there yet, and the
    // refusal is not that nothing answered).
    let stranger = kyhop_docs::sign::demo_pki(Utc::now()).unwrap().root.cert;
    match issue_trusting(vec![stranger]).await {
        Err(IssueError::Sign(e)) => assert_eq!(e.code(), "signer_untrusted", "{e}"),
        other => panic!("expected signer_untrusted, got {other:?}"),
    }
    not_numbered().await;

    // Nothing answers where the certificates say.
    match issue_now().await {
        Err(IssueError::Sign(e)) => assert_eq!(e.code(), "revocation_unavailable", "{e}"),
        other => panic!("expected revocation_unavailable, got {other:?}"),
    }
    not_numbered().await;

    // The chair's certificate revoked an hour ago.
    let chair_cert = kyhop_server::demo_keys::issue_keys(&ready.keys_dir)
        .unwrap()
        .chair
        .open(Utc::now())
        .unwrap()
        .certificate()
        .clone();
    let mut revoking = responder.clone();
    revoking.revoke(&chair_cert, Utc::now() - chrono::Duration::hours(1));
    let serving = serve_responder(revoking, port).await;
    match issue_now().await {
        Err(IssueError::Sign(e)) => assert_eq!(e.code(), "certificate_revoked", "{e}"),
        other => panic!("expected certificate_revoked, got {other:?}"),
    }
    not_numbered().await;
    serving.abort();
    let _ = serving.await;

    // The control: the honest responder; the council's first number, at B-LTA.
    let _serving = serve_responder(responder, port).await;
    let issued = issue_now().await.unwrap();
    assert_eq!(issued.number.unwrap().text, "01/NQ-HĐND");
    let pdf = std::fs::read(blobs.path_of(&issued.pdf_sha256.unwrap())).unwrap();
    let root = kyhop_server::demo_keys::root_pem(&ready.keys_dir).unwrap();
    let roots = kyhop_docs::sign::keys::certificates_from_pem(&root).unwrap();
    let reports = verify_pdf(&pdf, &roots).unwrap();
    assert_eq!(
        reports.len(),
        2,
        "the document time-stamp is not a signature"
    );
    for report in &reports {
        assert_eq!(report.level, PadesLevel::BLta, "{report:?}");
        assert!(report.intact && report.trusted, "{report:?}");
    }
    // Only validation data and a document time-stamp follow the seal.
    assert!(!reports[1].modified_after, "{reports:?}");
    assert!(kyhop_docs::sign::document_valid(&reports, true));
}
