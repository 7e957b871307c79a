//! The permission matrix: every role × every mutating route, allowed and
//! denied, against a real server. The expected table is written out here by
//! hand, independently of the server's own policy constants.

use crate::common;
use crate::images;

use common::{Api, Fixture, Server};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy)]
enum Route {
    CreateCouncil,
    UpdateCouncil,
    DeleteCouncil,
    CreateTerm,
    UpdateTerm,
    DeleteTerm,
    CreateAccount,
    UpdateAccount,
    DeleteAccount,
    EndSignIns,
    ImportPeople,
    CreateGroup,
    RenameGroup,
    DeleteGroup,
    CreateCommittee,
    RenameCommittee,
    DeleteCommittee,
    CreatePerson,
    UpdatePerson,
    DeletePerson,
    IssuePairingCode,
    CreateSession,
    UpdateSession,
    DeleteSession,
    ConveneSession,
    StartSession,
    CloseSession,
    CreateSitting,
    UpdateSitting,
    DeleteSitting,
    CreateAgendaItem,
    UpdateAgendaItem,
    DeleteAgendaItem,
    MarkAbsent,
    OpenItem,
    CloseItem,
    ReorderAgenda,
    AddUrgentItem,
    StartSpeech,
    PauseSpeech,
    EndSpeech,
    SetSpeechLimit,
    ReorderSpeakers,
    CreatePoll,
    OpenPoll,
    ClosePoll,
    AnnulPoll,
    ShowPollNames,
    BeginSitting,
    PublishDocument,
    UpdateDocument,
    WithdrawDocument,
    DeleteDocument,
    CreateResolution,
    UpdateResolution,
    IssueResolution,
    WriteMinutes,
    PutSeal,
    DeleteSeal,
    PutSignature,
    DeleteSignature,
    CancelRecognition,
}

use Route::*;

const ADMIN: &[&str] = &["admin"];
const SETUP: &[&str] = &["admin", "secretary"];
const CHAIR: &[&str] = &["chair"];
const IMAGES: &[&str] = &["admin", "secretary", "chair"];

/// Who may call each route. Every other role must get 403.
const MATRIX: &[(Route, &[&str])] = &[
    (CreateCouncil, ADMIN),
    (UpdateCouncil, ADMIN),
    (DeleteCouncil, ADMIN),
    (CreateTerm, ADMIN),
    (UpdateTerm, ADMIN),
    (DeleteTerm, ADMIN),
    (CreateAccount, ADMIN),
    (UpdateAccount, ADMIN),
    (DeleteAccount, ADMIN),
    (EndSignIns, ADMIN),
    (ImportPeople, SETUP),
    (CreateGroup, SETUP),
    (RenameGroup, SETUP),
    (DeleteGroup, SETUP),
    (CreateCommittee, SETUP),
    (RenameCommittee, SETUP),
    (DeleteCommittee, SETUP),
    (CreatePerson, SETUP),
    (UpdatePerson, SETUP),
    (DeletePerson, SETUP),
    (IssuePairingCode, SETUP),
    (CreateSession, SETUP),
    (UpdateSession, SETUP),
    (DeleteSession, SETUP),
    (ConveneSession, SETUP),
    (StartSession, CHAIR),
    (CloseSession, CHAIR),
    (CreateSitting, SETUP),
    (UpdateSitting, SETUP),
    (DeleteSitting, SETUP),
    (CreateAgendaItem, SETUP),
    (UpdateAgendaItem, SETUP),
    (DeleteAgendaItem, SETUP),
    (MarkAbsent, SETUP),
    (OpenItem, CHAIR),
    (CloseItem, CHAIR),
    (ReorderAgenda, CHAIR),
    (AddUrgentItem, CHAIR),
    (StartSpeech, CHAIR),
    (PauseSpeech, CHAIR),
    (EndSpeech, CHAIR),
    (SetSpeechLimit, CHAIR),
    (ReorderSpeakers, CHAIR),
    (CreatePoll, CHAIR),
    (OpenPoll, CHAIR),
    (ClosePoll, CHAIR),
    (AnnulPoll, CHAIR),
    (ShowPollNames, CHAIR),
    (BeginSitting, CHAIR),
    (PublishDocument, SETUP),
    (UpdateDocument, SETUP),
    (WithdrawDocument, SETUP),
    (DeleteDocument, SETUP),
    (CreateResolution, SETUP),
    (UpdateResolution, SETUP),
    (IssueResolution, &["admin", "chair"]),
    (WriteMinutes, SETUP),
    (PutSeal, IMAGES),
    (DeleteSeal, IMAGES),
    (PutSignature, IMAGES),
    (DeleteSignature, IMAGES),
    (CancelRecognition, SETUP),
];

fn id(v: &Value) -> i64 {
    v["id"].as_i64().expect("id")
}

/// Makes a fresh session of the fixture's council in the given state.
async fn session_in_state(fx: &Fixture, n: usize, state: &str) -> i64 {
    let s = id(&fx
        .admin
        .create(
            &format!("/api/councils/{}/sessions", fx.council),
            json!({ "term_id": fx.term, "number": 100 + n, "kind": "thematic", "title": format!("Kỳ họp {n}"),
                    "place": "Hội trường", "planned_start": "2027-01-05", "planned_end": "2027-01-05" }),
        )
        .await);
    if matches!(state, "convened" | "in_progress") {
        fx.admin
            .create(&format!("/api/sessions/{s}/convene"), json!({}))
            .await;
    }
    if state == "in_progress" {
        fx.chair
            .create(
                &format!("/api/sessions/{s}/start"),
                json!({ "below_quorum_confirmed": true }),
            )
            .await;
    }
    s
}

/// A fresh session that is sitting, with two agenda items: (session, items).
async fn sitting_session(fx: &Fixture, n: usize) -> (i64, [i64; 2]) {
    let s = session_in_state(fx, n, "draft").await;
    let mut items = [0; 2];
    for (i, slot) in items.iter_mut().enumerate() {
        *slot = id(&fx
            .admin
            .create(
                &format!("/api/sessions/{s}/agenda"),
                json!({ "title": format!("Mục {i}") }),
            )
            .await);
    }
    fx.admin
        .create(&format!("/api/sessions/{s}/convene"), json!({}))
        .await;
    fx.chair
        .create(
            &format!("/api/sessions/{s}/start"),
            json!({ "below_quorum_confirmed": true }),
        )
        .await;
    (s, items)
}

/// A queued speech of the fixture's delegate on the current item of a
/// sitting session; started if `running`.
async fn speech(fx: &Fixture, n: usize, running: bool) -> i64 {
    let (_, [item, _]) = sitting_session(fx, n).await;
    fx.chair
        .create(&format!("/api/agenda-items/{item}/open"), json!({}))
        .await;
    let sp = id(&fx
        .delegate
        .create(
            &format!("/api/agenda-items/{item}/speakers"),
            json!({ "kind": "debate" }),
        )
        .await);
    if running {
        fx.chair
            .create(&format!("/api/speeches/{sp}/start"), json!({}))
            .await;
    }
    sp
}

/// A poll in a sitting session, in the given state.
async fn poll(fx: &Fixture, n: usize, state: &str) -> i64 {
    let (_, [item, _]) = sitting_session(fx, n).await;
    let p = id(&fx
        .chair
        .create(
            &format!("/api/agenda-items/{item}/polls"),
            json!({ "kind": "named", "title": "Biểu quyết" }),
        )
        .await);
    if state != "draft" {
        fx.chair
            .create(
                &format!("/api/polls/{p}/open"),
                json!({ "below_quorum_confirmed": true }),
            )
            .await;
    }
    if state == "closed" {
        fx.chair
            .create(&format!("/api/polls/{p}/close"), json!({}))
            .await;
    }
    p
}

fn resolution_content() -> Value {
    json!({
        "subject": "Về dự toán ngân sách năm 2027",
        "legal_bases": ["Căn cứ Luật Ngân sách nhà nước"],
        "articles": [{ "heading": "Dự toán", "paragraphs": ["Phê chuẩn dự toán."] }],
        "recipients": ["Lưu: VT"],
        "authority": "TM. Hội đồng nhân dân",
        "signer_title": "Chủ tịch",
        "signer_name": "Nguyễn Văn An"
    })
}

fn resolution_body(item: i64, poll: Option<i64>) -> Value {
    let mut body = resolution_content();
    body["agenda_item_id"] = json!(item);
    body["poll_id"] = json!(poll);
    body
}

/// A draft resolution; `adopted`: its poll (one vote counted against the
/// ballots cast) has passed, so it may be issued.
async fn resolution(fx: &Fixture, n: usize, adopted: bool) -> i64 {
    let (s, [item, _]) = sitting_session(fx, n).await;
    let mut poll = None;
    if adopted {
        let delegate = fx.delegates[1];
        fx.delegate
            .create(
                &format!("/api/sessions/{s}/attendance/{delegate}"),
                json!({ "action": "check_in", "mode": "chamber" }),
            )
            .await;
        let p = id(&fx
            .chair
            .create(
                &format!("/api/agenda-items/{item}/polls"),
                json!({ "kind": "named", "title": "Biểu quyết",
                        "rule": { "base": "ballots_cast", "fraction": { "numerator": 1, "denominator": 2 }, "strict": true } }),
            )
            .await);
        fx.chair
            .create(
                &format!("/api/polls/{p}/open"),
                json!({ "below_quorum_confirmed": true }),
            )
            .await;
        fx.delegate
            .create(
                &format!("/api/polls/{p}/ballot"),
                json!({ "choice": "yes" }),
            )
            .await;
        let closed = fx
            .chair
            .create(&format!("/api/polls/{p}/close"), json!({}))
            .await;
        assert_eq!(closed["result"]["passed"], true, "{closed}");
        poll = Some(p);
    }
    id(&fx
        .admin
        .create(
            &format!("/api/sessions/{s}/resolutions"),
            resolution_body(item, poll),
        )
        .await)
}

/// Creates what the call needs (as admin) and returns the call itself.
/// `own_council` asks for a target in the fixture's council where the route
/// would otherwise make a new council (which other roles could not even see).
async fn prepare_for(
    route: Route,
    fx: &Fixture,
    n: usize,
    own_council: bool,
) -> (Method, String, Value) {
    let c = fx.council;
    let a = &fx.admin;
    match route {
        CreateCouncil => (
            Method::POST,
            "/api/councils".into(),
            json!({ "name": format!("HĐND xã số {n}"), "place_name": "Xã", "total_seats": 25 }),
        ),
        UpdateCouncil => (
            Method::PATCH,
            format!("/api/councils/{c}"),
            json!({ "lead_time_days": 5 + n % 3 }),
        ),
        DeleteCouncil if own_council => (Method::DELETE, format!("/api/councils/{c}"), Value::Null),
        DeleteCouncil => {
            let id = common::make_council(a, &format!("HĐND xóa {n}"), 10).await;
            (Method::DELETE, format!("/api/councils/{id}"), Value::Null)
        }
        CreateTerm => (
            Method::POST,
            format!("/api/councils/{c}/terms"),
            json!({ "name": format!("Nhiệm kỳ {n}"), "start_year": 2031, "end_year": 2036 }),
        ),
        UpdateTerm => (
            Method::PATCH,
            format!("/api/terms/{}", fx.term),
            json!({ "end_year": 2031 }),
        ),
        DeleteTerm => {
            let t = a
                .create(
                    &format!("/api/councils/{c}/terms"),
                    json!({ "name": format!("Xóa {n}"), "start_year": 2040, "end_year": 2045 }),
                )
                .await;
            (
                Method::DELETE,
                format!("/api/terms/{}", id(&t)),
                Value::Null,
            )
        }
        CreateAccount => (
            Method::POST,
            "/api/accounts".into(),
            json!({ "username": format!("user{n}"), "display_name": "Người dùng", "role": "guest", "council_id": c }),
        ),
        EndSignIns => {
            let acc = a
                .create(
                    "/api/accounts",
                    json!({ "username": format!("signout{n}"), "display_name": "Đăng xuất", "role": "guest", "council_id": c }),
                )
                .await;
            (
                Method::POST,
                format!("/api/accounts/{}/sign-out", id(&acc)),
                json!({}),
            )
        }
        ImportPeople => (
            Method::POST,
            format!("/api/councils/{c}/people/import"),
            json!({ "people": [{ "kind": "guest", "full_name": format!("Khách nhập {n}") }] }),
        ),
        UpdateAccount | DeleteAccount => {
            let acc = a
                .create(
                    "/api/accounts",
                    json!({ "username": format!("target{n}"), "display_name": "Đích", "role": "guest", "council_id": c }),
                )
                .await;
            if matches!(route, UpdateAccount) {
                (
                    Method::PATCH,
                    format!("/api/accounts/{}", id(&acc)),
                    json!({ "display_name": "Đổi tên" }),
                )
            } else {
                (
                    Method::DELETE,
                    format!("/api/accounts/{}", id(&acc)),
                    Value::Null,
                )
            }
        }
        CreateGroup => (
            Method::POST,
            format!("/api/councils/{c}/delegate-groups"),
            json!({ "name": format!("Tổ {n}") }),
        ),
        CreateCommittee => (
            Method::POST,
            format!("/api/councils/{c}/committees"),
            json!({ "name": format!("Ban {n}") }),
        ),
        RenameGroup | DeleteGroup | RenameCommittee | DeleteCommittee => {
            let kind = if matches!(route, RenameGroup | DeleteGroup) {
                "delegate-groups"
            } else {
                "committees"
            };
            let e = a
                .create(
                    &format!("/api/councils/{c}/{kind}"),
                    json!({ "name": format!("Mục tiêu {n}") }),
                )
                .await;
            if matches!(route, RenameGroup | RenameCommittee) {
                (
                    Method::PATCH,
                    format!("/api/{kind}/{}", id(&e)),
                    json!({ "name": format!("Đổi {n}") }),
                )
            } else {
                (
                    Method::DELETE,
                    format!("/api/{kind}/{}", id(&e)),
                    Value::Null,
                )
            }
        }
        CreatePerson => (
            Method::POST,
            format!("/api/councils/{c}/people"),
            json!({ "kind": "guest", "full_name": format!("Khách {n}") }),
        ),
        UpdatePerson | DeletePerson | IssuePairingCode => {
            let p = a
                .create(
                    &format!("/api/councils/{c}/people"),
                    json!({ "kind": "delegate", "full_name": format!("Đại biểu {n}") }),
                )
                .await;
            match route {
                UpdatePerson => (
                    Method::PATCH,
                    format!("/api/people/{}", id(&p)),
                    json!({ "position_title": "Ủy viên" }),
                ),
                DeletePerson => (
                    Method::DELETE,
                    format!("/api/people/{}", id(&p)),
                    Value::Null,
                ),
                _ => (
                    Method::POST,
                    format!("/api/people/{}/pairing-code", id(&p)),
                    json!({}),
                ),
            }
        }
        CreateSession => (
            Method::POST,
            format!("/api/councils/{c}/sessions"),
            json!({ "term_id": fx.term, "number": 500 + n, "kind": "urgent", "title": "Kỳ họp đột xuất",
                    "place": "Hội trường", "planned_start": "2027-02-01", "planned_end": "2027-02-01" }),
        ),
        UpdateSession => {
            let s = session_in_state(fx, n, "draft").await;
            (
                Method::PATCH,
                format!("/api/sessions/{s}"),
                json!({ "place": "Phòng họp số 2" }),
            )
        }
        DeleteSession => {
            let s = session_in_state(fx, n, "draft").await;
            (Method::DELETE, format!("/api/sessions/{s}"), Value::Null)
        }
        ConveneSession => {
            let s = session_in_state(fx, n, "draft").await;
            (
                Method::POST,
                format!("/api/sessions/{s}/convene"),
                json!({}),
            )
        }
        StartSession => {
            let s = session_in_state(fx, n, "convened").await;
            (
                Method::POST,
                format!("/api/sessions/{s}/start"),
                json!({ "below_quorum_confirmed": true }),
            )
        }
        CloseSession => {
            let s = session_in_state(fx, n, "in_progress").await;
            (Method::POST, format!("/api/sessions/{s}/close"), json!({}))
        }
        CreateSitting => (
            Method::POST,
            format!("/api/sessions/{}/sittings", fx.session),
            json!({ "title": format!("Phiên {n}"), "starts_at": "2026-12-08T01:00:00Z" }),
        ),
        UpdateSitting | DeleteSitting => {
            let st = a
                .create(
                    &format!("/api/sessions/{}/sittings", fx.session),
                    json!({ "title": format!("Phiên mục tiêu {n}"), "starts_at": "2026-12-09T01:00:00Z" }),
                )
                .await;
            if matches!(route, UpdateSitting) {
                (
                    Method::PATCH,
                    format!("/api/sittings/{}", id(&st)),
                    json!({ "starts_at": "2026-12-09T02:00:00Z" }),
                )
            } else {
                (
                    Method::DELETE,
                    format!("/api/sittings/{}", id(&st)),
                    Value::Null,
                )
            }
        }
        CreateAgendaItem => (
            Method::POST,
            format!("/api/sessions/{}/agenda", fx.session),
            json!({ "title": format!("Nội dung {n}"), "planned_minutes": 10 }),
        ),
        UpdateAgendaItem | DeleteAgendaItem => {
            let item = a
                .create(
                    &format!("/api/sessions/{}/agenda", fx.session),
                    json!({ "title": format!("Mục tiêu {n}") }),
                )
                .await;
            if matches!(route, UpdateAgendaItem) {
                (
                    Method::PATCH,
                    format!("/api/agenda-items/{}", id(&item)),
                    json!({ "planned_minutes": 30 }),
                )
            } else {
                (
                    Method::DELETE,
                    format!("/api/agenda-items/{}", id(&item)),
                    Value::Null,
                )
            }
        }
        MarkAbsent => {
            let (s, _) = sitting_session(fx, n).await;
            let path = format!("/api/sessions/{s}/attendance/{}", fx.delegates[3]);
            (
                Method::POST,
                path,
                json!({ "action": "mark_absent", "reason": "Ốm" }),
            )
        }
        OpenItem | CloseItem => {
            let (_, [item, _]) = sitting_session(fx, n).await;
            if matches!(route, CloseItem) {
                fx.chair
                    .create(&format!("/api/agenda-items/{item}/open"), json!({}))
                    .await;
                (
                    Method::POST,
                    format!("/api/agenda-items/{item}/close"),
                    json!({}),
                )
            } else {
                (
                    Method::POST,
                    format!("/api/agenda-items/{item}/open"),
                    json!({}),
                )
            }
        }
        ReorderAgenda => {
            let (s, [a, b]) = sitting_session(fx, n).await;
            (
                Method::POST,
                format!("/api/sessions/{s}/agenda/reorder"),
                json!({ "order": [b, a] }),
            )
        }
        AddUrgentItem => {
            let (s, _) = sitting_session(fx, n).await;
            (
                Method::POST,
                format!("/api/sessions/{s}/agenda/urgent"),
                json!({ "title": "Khẩn" }),
            )
        }
        StartSpeech => (
            Method::POST,
            format!("/api/speeches/{}/start", speech(fx, n, false).await),
            json!({}),
        ),
        PauseSpeech => (
            Method::POST,
            format!("/api/speeches/{}/pause", speech(fx, n, true).await),
            json!({}),
        ),
        EndSpeech => (
            Method::POST,
            format!("/api/speeches/{}/end", speech(fx, n, true).await),
            json!({}),
        ),
        SetSpeechLimit => (
            Method::PATCH,
            format!("/api/speeches/{}", speech(fx, n, false).await),
            json!({ "limit_seconds": 120 }),
        ),
        ReorderSpeakers => {
            let (_, [item, _]) = sitting_session(fx, n).await;
            let sp = id(&fx
                .delegate
                .create(
                    &format!("/api/agenda-items/{item}/speakers"),
                    json!({ "kind": "debate" }),
                )
                .await);
            (
                Method::POST,
                format!("/api/agenda-items/{item}/speakers/reorder"),
                json!({ "order": [sp] }),
            )
        }
        CreatePoll => {
            let (_, [item, _]) = sitting_session(fx, n).await;
            (
                Method::POST,
                format!("/api/agenda-items/{item}/polls"),
                json!({ "kind": "secret", "title": "Kín" }),
            )
        }
        OpenPoll => (
            Method::POST,
            format!("/api/polls/{}/open", poll(fx, n, "draft").await),
            json!({ "below_quorum_confirmed": true }),
        ),
        ClosePoll => (
            Method::POST,
            format!("/api/polls/{}/close", poll(fx, n, "open").await),
            json!({}),
        ),
        AnnulPoll => (
            Method::POST,
            format!("/api/polls/{}/annul", poll(fx, n, "open").await),
            json!({ "reason": "Sự cố" }),
        ),
        ShowPollNames => (
            Method::POST,
            format!("/api/polls/{}/names-on-screen", poll(fx, n, "closed").await),
            json!({ "show": true }),
        ),
        BeginSitting => {
            let s = session_in_state(fx, n, "convened").await;
            let mut sittings = Vec::new();
            for (title, at) in [
                ("Phiên sáng", "2027-01-05T01:00:00Z"),
                ("Phiên chiều", "2027-01-05T06:30:00Z"),
            ] {
                sittings.push(id(&a
                    .create(
                        &format!("/api/sessions/{s}/sittings"),
                        json!({ "title": title, "starts_at": at }),
                    )
                    .await));
            }
            fx.chair
                .create(
                    &format!("/api/sessions/{s}/start"),
                    json!({ "below_quorum_confirmed": true }),
                )
                .await;
            (
                Method::POST,
                format!("/api/sittings/{}/begin", sittings[1]),
                Value::Null,
            )
        }
        CreateResolution => {
            let (s, [item, _]) = sitting_session(fx, n).await;
            (
                Method::POST,
                format!("/api/sessions/{s}/resolutions"),
                resolution_body(item, None),
            )
        }
        UpdateResolution => (
            Method::PUT,
            format!("/api/resolutions/{}", resolution(fx, n, false).await),
            resolution_content(),
        ),
        IssueResolution => {
            let pki = kyhop_docs::sign::demo_pki(chrono::Utc::now()).unwrap();
            let key = |p12: Vec<u8>| {
                use base64::Engine as _;
                json!({ "pkcs12": {
                    "file_base64": base64::engine::general_purpose::STANDARD.encode(p12),
                    "password": "pw",
                }})
            };
            (
                Method::POST,
                format!("/api/resolutions/{}/issue", resolution(fx, n, true).await),
                json!({ "chair": key(pki.chair_p12("pw").unwrap()), "seal": key(pki.seal_p12("pw").unwrap()) }),
            )
        }
        WriteMinutes => {
            let (_, [item, _]) = sitting_session(fx, n).await;
            (
                Method::PUT,
                format!("/api/agenda-items/{item}/minutes"),
                json!({ "text": "Kỳ họp thảo luận." }),
            )
        }
        PublishDocument => {
            let doc = document(fx, n).await;
            let path = format!("/api/sessions/{}/documents/publish", fx.session);
            (Method::POST, path, json!({ "document_ids": [doc] }))
        }
        UpdateDocument => (
            Method::PUT,
            format!("/api/documents/{}", document(fx, n).await),
            json!({ "title": format!("Tài liệu {n} (sửa)"), "kind": "report" }),
        ),
        WithdrawDocument => {
            let doc = document(fx, n).await;
            fx.admin
                .create(
                    &format!("/api/sessions/{}/documents/publish", fx.session),
                    json!({ "document_ids": [doc] }),
                )
                .await;
            (
                Method::POST,
                format!("/api/documents/{doc}/withdraw"),
                json!({ "reason": "Thay bằng bản sửa đổi" }),
            )
        }
        DeleteDocument => (
            Method::DELETE,
            format!("/api/documents/{}", document(fx, n).await),
            Value::Null,
        ),
        PutSeal => (
            Method::PUT,
            format!("/api/councils/{c}/signature-images/seal"),
            json!({ PNG_BODY: "seal" }),
        ),
        PutSignature => (
            Method::PUT,
            format!(
                "/api/councils/{c}/people/{}/signature-image",
                fx.delegates[0]
            ),
            json!({ PNG_BODY: "signature" }),
        ),
        DeleteSeal | DeleteSignature => {
            let (path, body) = match route {
                DeleteSeal => (format!("/api/councils/{c}/signature-images/seal"), "seal"),
                _ => (
                    format!(
                        "/api/councils/{c}/people/{}/signature-image",
                        fx.delegates[0]
                    ),
                    "signature",
                ),
            };
            let (status, kept) = call(a, &Method::PUT, &path, &json!({ PNG_BODY: body })).await;
            assert_eq!(status, StatusCode::OK, "{kept}");
            (Method::DELETE, path, Value::Null)
        }
        CancelRecognition => {
            let doc = upload(fx, n, "scanned-ghostscript.pdf").await;
            (
                Method::POST,
                format!("/api/documents/{doc}/recognition/cancel"),
                json!({}),
            )
        }
    }
}

/// A JSON body `{PNG_BODY: "seal" | "signature"}` stands for that PNG,
/// sent as it is (`image/png`).
const PNG_BODY: &str = "$png";

/// A fresh unpublished document of the fixture's session: its id.
async fn document(fx: &Fixture, n: usize) -> i64 {
    upload(fx, n, "bao-cao-ghostscript.pdf").await
}

/// The fixture `file` uploaded as a fresh document: its id. A scan's
/// recognition is still open while `tesseract` hangs (the matrix's server).
async fn upload(fx: &Fixture, n: usize, file: &str) -> i64 {
    let pdf = std::fs::read(common::fixture(file)).unwrap();
    let form = reqwest::multipart::Form::new()
        .text(
            "document",
            json!({ "title": format!("Tài liệu {n}"), "kind": "report" }).to_string(),
        )
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf).file_name("b.pdf"),
        );
    let resp = fx
        .admin
        .request(
            Method::POST,
            &format!("/api/sessions/{}/documents", fx.session),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let doc: Value = resp.json().await.unwrap();
    id(&doc)
}

async fn prepare(route: Route, fx: &Fixture, n: usize) -> (Method, String, Value) {
    prepare_for(route, fx, n, false).await
}

async fn call(api: &Api, method: &Method, path: &str, body: &Value) -> (StatusCode, Value) {
    if let Some(kind) = body.get(PNG_BODY).and_then(Value::as_str) {
        let png = match kind {
            "seal" => images::seal([210, 20, 30], 600),
            _ => images::signature([20, 60, 200], 800),
        };
        let response = api
            .request(method.clone(), path)
            .header("content-type", "image/png")
            .body(png)
            .send()
            .await
            .unwrap();
        let status = response.status();
        return (status, response.json().await.unwrap_or(Value::Null));
    }
    let body = if body.is_null() {
        None
    } else {
        Some(body.clone())
    };
    api.send(method.clone(), path, body).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_on_every_mutating_route() {
    // Scans wait for a reader that never answers: their recognition stays
    // open for the roles that may cancel it.
    let tools = tempfile::tempdir().unwrap();
    let tesseract = common::hanging_tesseract(tools.path(), "120");
    let server = Server::start_with(&["--tesseract", &tesseract]).await;
    let fx = Fixture::new(&server).await;
    let mut n = 0;
    let mut failures = Vec::new();
    for &(route, allowed) in MATRIX {
        for (role, api) in fx.roles() {
            n += 1;
            let expect_ok = allowed.contains(&role);
            let (method, path, body) = prepare_for(route, &fx, n, !expect_ok).await;
            let (status, reply) = call(api, &method, &path, &body).await;
            let right = if expect_ok {
                status.is_success()
            } else {
                status == StatusCode::FORBIDDEN && reply["code"] == "forbidden"
            };
            if !right {
                failures.push(format!(
                    "{route:?} as {role}: expected {}, got {status} {reply}",
                    if expect_ok { "2xx" } else { "403" }
                ));
            }
        }
        // Without a token: 401, always.
        n += 1;
        let (method, path, body) = prepare(route, &fx, n).await;
        let (status, reply) = call(&server.api(), &method, &path, &body).await;
        if status != StatusCode::UNAUTHORIZED || reply["code"] != "unauthenticated" {
            failures.push(format!("{route:?} without a token: got {status} {reply}"));
        }
    }
    assert!(
        failures.is_empty(),
        "permission matrix violations:\n{}",
        failures.join("\n")
    );
}

/// A secretary of another council sees nothing of this one: 404, as if the
/// records did not exist, for every route that names one of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_councils_records_do_not_exist() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    let mut failures = Vec::new();
    for (i, &(route, _)) in MATRIX.iter().enumerate() {
        if matches!(
            route,
            CreateCouncil | CreateAccount | UpdateAccount | DeleteAccount | EndSignIns
        ) {
            continue; // not council-scoped routes
        }
        let (method, path, body) = prepare(route, &fx, 1000 + i).await;
        let (status, reply) = call(&fx.foreign_secretary, &method, &path, &body).await;
        if status != StatusCode::NOT_FOUND || reply["code"] != "not_found" {
            failures.push(format!("{route:?} ({method} {path}): got {status} {reply}"));
        }
    }
    for path in [
        format!("/api/councils/{}", fx.council),
        format!("/api/councils/{}/people", fx.council),
        format!("/api/people/{}", fx.delegates[0]),
        format!("/api/sessions/{}", fx.session),
        format!("/api/sessions/{}/snapshot", fx.session),
        format!("/api/sessions/{}/agenda", fx.session),
        format!("/api/terms/{}", fx.term),
    ] {
        let (status, _) = fx.foreign_secretary.get(&path).await;
        if status != StatusCode::NOT_FOUND {
            failures.push(format!("GET {path}: got {status}"));
        }
    }
    // The foreign council sees only itself.
    let (_, councils) = fx.foreign_secretary.get("/api/councils").await;
    let ids: Vec<i64> = councils.as_array().unwrap().iter().map(id).collect();
    assert_eq!(ids, vec![fx.other_council]);
    assert!(
        failures.is_empty(),
        "foreign access violations:\n{}",
        failures.join("\n")
    );
}

/// Every role of the council can read the session; the display and guests
/// cannot read the council's own event stream.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_by_role() {
    let server = Server::start().await;
    let fx = Fixture::new(&server).await;
    for (role, api) in fx.roles() {
        let (s, snap) = api
            .get(&format!("/api/sessions/{}/snapshot", fx.session))
            .await;
        assert_eq!(s, StatusCode::OK, "{role} reads the snapshot");
        assert_eq!(snap["session"]["id"], fx.session);
        let resp = api
            .request(Method::GET, &format!("/api/councils/{}/events", fx.council))
            .send()
            .await
            .unwrap();
        let staff = matches!(role, "admin" | "secretary" | "chair");
        assert_eq!(
            resp.status().is_success(),
            staff,
            "{role} on the council event stream: {}",
            resp.status()
        );
        let (s, _) = api.get("/api/accounts").await;
        assert_eq!(s.is_success(), role == "admin", "{role} lists accounts");
        let (s, _) = api
            .get(&format!("/api/sessions/{}/minutes", fx.session))
            .await;
        assert_eq!(s.is_success(), staff, "{role} reads the minutes draft");
        let (s, _) = api
            .get(&format!("/api/sessions/{}/unread", fx.session))
            .await;
        assert_eq!(s.is_success(), staff, "{role} sees who has not read what");
        let (s, packet) = api
            .get(&format!("/api/sessions/{}/packet", fx.session))
            .await;
        assert_eq!(s, StatusCode::OK, "{role} syncs the packet: {packet}");
    }
}
