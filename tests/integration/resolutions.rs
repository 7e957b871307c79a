//! Resolutions end to end against a real server: drafted by the secretary,
//! adopted by a poll, issued by the chair (numbered, rendered, signed twice
//! with PKCS#12 keys sent to the API), checked by pyHanko, pdfsig, qpdf,
//! pdftotext and `kyhop verify`; every refusal leaves no number taken; the
//! minutes and the ballot-count report come out as PDF and DOCX.

use crate::common;
use crate::sign_support;

use std::path::Path;

use base64::Engine as _;
use chrono::Utc;
use common::{choices, new_poll, run_poll, Api, Chamber, Server};
use kyhop_docs::sign::{demo_pki, export_p12, DemoPki};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sign_support::{
    check_external_valid, collapse, flip_byte, kyhop_verify, need, out_dir, pdfsig, pdftotext,
    pyhanko_validate, run,
};

const PASSWORD: &str = "mật khẩu chữ ký số";

fn content(subject: &str, normative: bool) -> Value {
    json!({
        "subject": subject,
        "normative": normative,
        "legal_bases": [
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
            "Xét Tờ trình số 215/TTr-UBND của Ủy ban nhân dân thành phố; Báo cáo thẩm tra của Ban Kinh tế - Ngân sách"
        ],
        "articles": [
            { "heading": "Dự toán thu ngân sách năm 2027",
              "paragraphs": ["Tổng thu ngân sách nhà nước trên địa bàn là 98.500 tỷ đồng, trong đó thu nội địa 60.200 tỷ đồng; thu từ hoạt động xuất khẩu, nhập khẩu 38.300 tỷ đồng."] },
            { "heading": "Tổ chức thực hiện",
              "paragraphs": ["Giao Ủy ban nhân dân thành phố tổ chức thực hiện Nghị quyết.",
                             "Thường trực Hội đồng nhân dân, các Ban và đại biểu Hội đồng nhân dân thành phố giám sát việc thực hiện Nghị quyết."] }
        ],
        "recipients": ["Ủy ban Thường vụ Quốc hội", "Chính phủ", "Lưu: VT"],
        "authority": "TM. Hội đồng nhân dân",
        "signer_title": "Chủ tịch",
        // The holder of the demo chair's certificate (`demo_pki`).
        "signer_name": "Nguyễn Văn An"
    })
}

fn p12_spec(p12: &[u8], password: &str) -> Value {
    json!({ "pkcs12": {
        "file_base64": base64::engine::general_purpose::STANDARD.encode(p12),
        "password": password,
    }})
}

struct Keys {
    chair: Value,
    seal: Value,
}

fn keys(pki: &DemoPki) -> Keys {
    Keys {
        chair: p12_spec(&pki.chair_p12(PASSWORD).unwrap(), PASSWORD),
        seal: p12_spec(&pki.seal_p12(PASSWORD).unwrap(), PASSWORD),
    }
}

async fn issue(api: &Api, id: i64, chair: &Value, seal: &Value) -> (StatusCode, Value) {
    api.post(
        &format!("/api/resolutions/{id}/issue"),
        json!({ "chair": chair, "seal": seal }),
    )
    .await
}

async fn expect_refused(
    api: &Api,
    id: i64,
    chair: &Value,
    seal: &Value,
    status: StatusCode,
    code: &str,
) {
    let (s, body) = issue(api, id, chair, seal).await;
    assert_eq!((s, body["code"].as_str()), (status, Some(code)), "{body}");
}

async fn bytes(api: &Api, path: &str) -> Vec<u8> {
    let response = api.request(Method::GET, path).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.bytes().await.unwrap().to_vec()
}

async fn post_pdf(api: &Api, pdf: Vec<u8>) -> (StatusCode, Value) {
    let response = api
        .request(Method::POST, "/api/verify")
        .header("content-type", "application/pdf")
        .body(pdf)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// Each paragraph of the resolution comes back out of pdftotext, exactly
/// (in NFC), in order.
fn assert_text_exact(pdf: &Path, content: &Value, number: &str) {
    use unicode_normalization::UnicodeNormalization;
    let text = pdftotext(pdf);
    assert_eq!(
        text.nfc().collect::<String>(),
        text,
        "pdftotext gives NFC text"
    );
    let flat = collapse(&text);
    let mut expected = vec![format!("Số: {number}"), "NGHỊ QUYẾT".to_string()];
    expected.push(content["subject"].as_str().unwrap().to_string());
    for base in content["legal_bases"].as_array().unwrap() {
        expected.push(base.as_str().unwrap().to_string());
    }
    expected.push("QUYẾT NGHỊ:".into());
    for (i, article) in content["articles"].as_array().unwrap().iter().enumerate() {
        expected.push(format!(
            "Điều {}. {}",
            i + 1,
            article["heading"].as_str().unwrap()
        ));
        for p in article["paragraphs"].as_array().unwrap() {
            expected.push(p.as_str().unwrap().to_string());
        }
    }
    expected.push("Nguyễn Văn An".into());
    let mut from = 0;
    for line in expected {
        let line = collapse(&line);
        let at = flat[from..]
            .find(&line)
            .unwrap_or_else(|| panic!("{line:?} missing or out of order in:\n{text}"));
        from += at + line.len();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn issued_resolutions_are_numbered_signed_and_verifiable() {
    let dir = out_dir("resolutions-api");
    let pki = demo_pki(Utc::now()).unwrap();
    let root_pem = dir.join("root.pem");
    std::fs::write(&root_pem, pki.root_pem()).unwrap();
    let server = Server::start_with(&["--trust", root_pem.to_str().unwrap()]).await;
    let c = Chamber::new(&server, 9).await;
    c.check_in(0..7).await;
    let s = c.session;
    let item = c.start_at_item(1).await;

    // 5 of 9 seats pass (more than half); 4 do not.
    let passed = new_poll(
        &c,
        item,
        json!({ "kind": "named", "title": "Biểu quyết thông qua Nghị quyết" }),
    )
    .await;
    assert_eq!(
        run_poll(&c, passed, &choices(5, 1, 1)).await["passed"],
        true
    );
    let failed = new_poll(
        &c,
        item,
        json!({ "kind": "named", "title": "Biểu quyết lần hai" }),
    )
    .await;
    assert_eq!(
        run_poll(&c, failed, &choices(4, 3, 0)).await["passed"],
        false
    );
    let secret = new_poll(
        &c,
        item,
        json!({ "kind": "secret", "title": "Bỏ phiếu kín" }),
    )
    .await;
    run_poll(&c, secret, &choices(6, 1, 0)).await;

    let draft = |poll: Option<i64>, subject: &str, normative: bool| {
        let mut body = content(subject, normative);
        body["agenda_item_id"] = json!(item);
        body["poll_id"] = json!(poll);
        body
    };
    let resolutions = format!("/api/sessions/{s}/resolutions");
    let adopted_content = content("Về dự toán ngân sách địa phương năm 2027", false);
    let adopted = c
        .secretary
        .create(
            &resolutions,
            draft(
                Some(passed),
                "Về dự toán ngân sách địa phương năm 2027",
                false,
            ),
        )
        .await;
    let adopted = adopted["id"].as_i64().unwrap();
    let rejected = c
        .secretary
        .create(
            &resolutions,
            draft(Some(failed), "Về một đề xuất không được thông qua", false),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let unvoted = c
        .secretary
        .create(
            &resolutions,
            draft(None, "Về một dự thảo chưa biểu quyết", true),
        )
        .await["id"]
        .as_i64()
        .unwrap();

    // Every refusal, and not one of them takes a number.
    let good = keys(&pki);
    expect_refused(
        &c.chair,
        rejected,
        &good.chair,
        &good.seal,
        StatusCode::CONFLICT,
        "poll_not_passed",
    )
    .await;
    expect_refused(
        &c.chair,
        unvoted,
        &good.chair,
        &good.seal,
        StatusCode::CONFLICT,
        "poll_missing",
    )
    .await;
    // Another person's key: the resolution would print Nguyễn Văn An's
    // name over Trần Thị Bình's signature.
    let someone_else = kyhop_docs::sign::demo_pki_for(
        Utc::now(),
        "Trần Thị Bình",
        "Hội đồng nhân dân thành phố Hải Phòng",
    )
    .unwrap();
    expect_refused(
        &c.chair,
        adopted,
        &keys(&someone_else).chair,
        &good.seal,
        StatusCode::CONFLICT,
        "signer_not_certificate_holder",
    )
    .await;
    let wrong = p12_spec(&pki.chair_p12(PASSWORD).unwrap(), "sai mật khẩu");
    expect_refused(
        &c.chair,
        adopted,
        &wrong,
        &good.seal,
        StatusCode::UNPROCESSABLE_ENTITY,
        "wrong_password",
    )
    .await;
    let expired = keys(&demo_pki(Utc::now() - chrono::Duration::days(6 * 365)).unwrap());
    expect_refused(
        &c.chair,
        adopted,
        &expired.chair,
        &good.seal,
        StatusCode::UNPROCESSABLE_ENTITY,
        "certificate_expired",
    )
    .await;
    let not_yet = keys(&demo_pki(Utc::now() + chrono::Duration::days(30)).unwrap());
    expect_refused(
        &c.chair,
        adopted,
        &good.chair,
        &not_yet.seal,
        StatusCode::UNPROCESSABLE_ENTITY,
        "certificate_not_yet_valid",
    )
    .await;
    let mismatched = export_p12(
        &pki.chair.key_pkcs8_der(),
        &pki.seal.cert,
        std::slice::from_ref(&pki.root.cert),
        PASSWORD,
    )
    .unwrap();
    expect_refused(
        &c.chair,
        adopted,
        &p12_spec(&mismatched, PASSWORD),
        &good.seal,
        StatusCode::UNPROCESSABLE_ENTITY,
        "key_certificate_mismatch",
    )
    .await;
    expect_refused(
        &c.chair,
        adopted,
        &p12_spec(b"not a p12 file", PASSWORD),
        &good.seal,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_pkcs12",
    )
    .await;
    let token = json!({ "pkcs11": { "token": "hdnd", "key": "chair", "pin": "1234" } });
    expect_refused(
        &c.chair,
        adopted,
        &token,
        &good.seal,
        StatusCode::UNPROCESSABLE_ENTITY,
        "pkcs11_unavailable",
    )
    .await;
    expect_refused(
        &c.chair,
        adopted,
        &json!("demo"),
        &good.seal,
        StatusCode::UNPROCESSABLE_ENTITY,
        "demo_keys_unavailable",
    )
    .await;
    expect_refused(
        &c.chair,
        adopted,
        &good.chair,
        &good.chair,
        StatusCode::CONFLICT,
        "same_key_for_chair_and_seal",
    )
    .await;
    expect_refused(
        &c.secretary,
        adopted,
        &good.chair,
        &good.seal,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let (_, still_draft) = c.chair.get(&format!("/api/resolutions/{adopted}")).await;
    assert_eq!(
        (still_draft["state"].as_str(), &still_draft["number"]),
        (Some("draft"), &Value::Null)
    );

    // Issued: the first number of the year, whatever was refused before.
    let (status, issued) = issue(&c.chair, adopted, &good.chair, &good.seal).await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    assert_eq!(issued["state"], "issued");
    assert_eq!(issued["number"]["text"], "01/NQ-HĐND");
    expect_refused(
        &c.chair,
        adopted,
        &good.chair,
        &good.seal,
        StatusCode::CONFLICT,
        "already_issued",
    )
    .await;

    // The chair and the admin press "issue" on the same draft at once: one
    // issue, and no number lost to the other (the next one gets 03).
    let twin = |subject: &str| draft(Some(passed), subject, false);
    let second = c
        .secretary
        .create(&resolutions, twin("Về nghị quyết thứ hai"))
        .await["id"]
        .as_i64()
        .unwrap();
    let third = c
        .secretary
        .create(&resolutions, twin("Về nghị quyết thứ ba"))
        .await["id"]
        .as_i64()
        .unwrap();
    let (a, b) = tokio::join!(
        issue(&c.chair, second, &good.chair, &good.seal),
        issue(&c.admin, second, &good.chair, &good.seal)
    );
    let mut outcomes = [a, b];
    outcomes.sort_by_key(|(s, _)| *s);
    assert_eq!(outcomes[0].0, StatusCode::OK, "{:?}", outcomes);
    assert_eq!(outcomes[0].1["number"]["text"], "02/NQ-HĐND");
    assert_eq!(outcomes[1].0, StatusCode::CONFLICT, "{:?}", outcomes);
    let code = outcomes[1].1["code"].as_str().unwrap();
    assert!(
        matches!(code, "issue_in_progress" | "already_issued"),
        "{code}"
    );
    let (status, issued) = issue(&c.chair, third, &good.chair, &good.seal).await;
    assert_eq!(
        (status, issued["number"]["text"].as_str()),
        (StatusCode::OK, Some("03/NQ-HĐND"))
    );
    let (status, _) = c
        .secretary
        .send(
            Method::PUT,
            &format!("/api/resolutions/{adopted}"),
            Some(content("Sửa sau khi ban hành", false)),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an issued resolution never changes"
    );

    // The signed PDF, as every delegate downloads it.
    let pdf = bytes(
        &c.delegates[3].1,
        &format!("/api/resolutions/{adopted}/pdf"),
    )
    .await;
    check_external_valid(&dir, "issued.pdf", &pdf, &root_pem, 2);
    let path = dir.join("issued.pdf");
    assert_text_exact(&path, &adopted_content, "01/NQ-HĐND");
    let r = kyhop_verify(&path, Some(&root_pem));
    assert!(
        r.ok && r.text.ends_with("VALID\n") && !r.text.contains("NOT VALID"),
        "{}",
        r.text
    );
    assert_eq!(
        r.text.matches("intact:            yes").count(),
        2,
        "{}",
        r.text
    );
    let stranger_root = dir.join("stranger-root.pem");
    std::fs::write(&stranger_root, demo_pki(Utc::now()).unwrap().root_pem()).unwrap();
    let r = kyhop_verify(&path, Some(&stranger_root));
    assert!(
        !r.ok && r.text.contains("chain trusted:     NO"),
        "{}",
        r.text
    );
    let pdftoppm = need("pdftoppm");
    assert!(
        run(
            &pdftoppm,
            &[
                "-r",
                "80",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                path.to_str().unwrap(),
                dir.join("page").to_str().unwrap()
            ]
        )
        .ok
    );

    // One byte flipped inside the signed ranges: everyone says so.
    let tampered = flip_byte(&pdf, pdf.len() / 3);
    let bad = dir.join("tampered.pdf");
    std::fs::write(&bad, &tampered).unwrap();
    let r = pdfsig(&bad);
    assert!(!r.text.contains("Signature is Valid."), "{}", r.text);
    assert_eq!(r.text.matches("Digest Mismatch.").count(), 2, "{}", r.text);
    assert!(!pyhanko_validate(&bad, &root_pem).ok);
    let r = kyhop_verify(&bad, Some(&root_pem));
    assert!(!r.ok && r.text.contains("NOT VALID"), "{}", r.text);

    // The API's verifier, for any signed PDF.
    let (status, report) = post_pdf(&c.secretary, pdf.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["signatures"][0]["trusted"], true);
    assert_eq!(report["signatures"][1]["covers_whole_document"], true);
    let (_, report) = post_pdf(&c.secretary, tampered).await;
    assert_eq!(report["valid"], false);
    assert_eq!(report["signatures"][0]["intact"], false);
    let other_root = demo_pki(Utc::now()).unwrap();
    let stranger = kyhop_server::services::issuing::sign_resolution(
        &pdf_before_signatures(&pdf),
        &kyhop_docs::pdf::compose::Placement {
            page: 1,
            rect: [300.0, 100.0, 450.0, 180.0],
        },
        &kyhop_server::services::issuing::ResolutionSigners {
            chair: &other_root.chair_signer(),
            seal: &other_root.seal_signer(),
            timestamper: None,
        },
        &kyhop_server::services::issuing::SignatureImages::demo(),
        "Người lạ",
        Utc::now(),
    )
    .unwrap();
    let (_, report) = post_pdf(&c.secretary, stranger).await;
    assert_eq!(
        (
            report["valid"].as_bool(),
            report["signatures"][0]["intact"].as_bool(),
            report["signatures"][0]["trusted"].as_bool()
        ),
        (Some(false), Some(true), Some(false)),
        "{report}"
    );
    let (status, report) = post_pdf(&c.secretary, b"%PDF-1.7 garbage".to_vec()).await;
    assert_eq!(
        (status, report["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("damaged_pdf"))
    );

    // Minutes: the narrative, the draft, PDF and DOCX; the count report.
    let (status, _) = c
        .secretary
        .send(
            Method::PUT,
            &format!("/api/agenda-items/{item}/minutes"),
            Some(json!({ "text": "Kỳ họp thảo luận sôi nổi về dự toán." })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = c
        .chair
        .send(
            Method::PUT,
            &format!("/api/agenda-items/{item}/minutes"),
            Some(json!({ "text": "Chủ tọa không viết biên bản." })),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, minutes) = c.secretary.get(&format!("/api/sessions/{s}/minutes")).await;
    let minutes_item = minutes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["agenda_item_id"] == item)
        .unwrap();
    assert_eq!(
        minutes_item["narrative"],
        "Kỳ họp thảo luận sôi nổi về dự toán."
    );
    assert_eq!(minutes_item["polls"].as_array().unwrap().len(), 3);
    assert_eq!(minutes_item["resolutions"][0][0], "01/NQ-HĐND");
    assert_eq!(minutes["attendance"].as_array().unwrap().len(), 9);
    let (status, _) = c.delegates[3]
        .1
        .get(&format!("/api/sessions/{s}/minutes"))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "minutes are the staff's");

    let minutes_pdf = bytes(&c.secretary, &format!("/api/sessions/{s}/minutes.pdf")).await;
    std::fs::write(dir.join("minutes.pdf"), &minutes_pdf).unwrap();
    let text = collapse(&pdftotext(&dir.join("minutes.pdf")));
    assert!(
        text.contains("Kỳ họp thảo luận sôi nổi về dự toán."),
        "{text}"
    );
    assert!(text.contains("01/NQ-HĐND"), "{text}");
    // The time the chair actually opened the session, not the plan.
    assert!(
        text.contains("Kỳ họp được tổ chức tại Hội trường, khai mạc lúc"),
        "{text}"
    );
    // A named poll's choices, who chose what, always in the minutes.
    assert!(
        text.contains("- Không tán thành (1): Đại biểu số 06"),
        "{text}"
    );
    assert!(
        text.contains("- Không biểu quyết (1): Đại biểu số 07"),
        "{text}"
    );
    assert!(text.contains("- Tán thành (5): Đại biểu số 0"), "{text}");
    let docx = bytes(&c.secretary, &format!("/api/sessions/{s}/minutes.docx")).await;
    let docx_text = sign_support::docx_to_text(&dir, "minutes.docx", &docx);
    assert_attendance_lines(&docx_text, &minutes);

    let report = bytes(&c.chair, &format!("/api/polls/{secret}/count-report.pdf")).await;
    std::fs::write(dir.join("count.pdf"), &report).unwrap();
    let text = collapse(&pdftotext(&dir.join("count.pdf")));
    assert!(
        text.contains("Tổng số đại biểu Hội đồng nhân dân: 9."),
        "{text}"
    );
    assert!(text.contains("Số đại biểu có mặt: 7."), "{text}");
    let (status, body) = c
        .chair
        .get(&format!("/api/polls/{passed}/count-report.pdf"))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::CONFLICT, Some("invalid_state"))
    );
}

/// Every delegate's attendance line ("Đại biểu số 03: có mặt tại hội
/// trường") is in the text.
fn assert_attendance_lines(text: &str, minutes: &Value) {
    let minutes: kyhop_docs::minutes::Minutes = serde_json::from_value(minutes.clone()).unwrap();
    let text = collapse(text);
    for line in &minutes.attendance {
        let sentence = kyhop_docs::minutes::attendance_sentence(line);
        assert!(
            text.contains(&sentence),
            "{sentence:?} missing from:\n{text}"
        );
    }
}

/// The bytes of the first revision: the PDF as it was before any signature.
fn pdf_before_signatures(signed: &[u8]) -> Vec<u8> {
    let first_eof = signed.windows(5).position(|w| w == b"%%EOF").unwrap() + 5;
    signed[..first_eof].to_vec()
}
