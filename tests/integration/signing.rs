//! Double signing (chair + seal) validated by our verifier, pyHanko,
//! poppler's pdfsig and qpdf; tamper detection; refusal cases.

#![allow(clippy::cloned_ref_to_slice_refs)]

use crate::sign_support;
use sign_support as common;

use chrono::Utc;
use common::*;
use kyhop_docs::sign::*;

const CHAIR_RECT: [f32; 4] = [300.0, 100.0, 540.0, 196.0];

struct Signed {
    pki: DemoPki,
    unsigned: Vec<u8>,
    once: Vec<u8>,
    twice: Vec<u8>,
}

fn sign_twice(unsigned: Vec<u8>) -> Signed {
    let now = Utc::now();
    let pki = demo_pki(now).unwrap();
    let (w, h) = (CHAIR_RECT[2] - CHAIR_RECT[0], CHAIR_RECT[3] - CHAIR_RECT[1]);
    let chair_app = Appearance::centered(asset("signature.png"), w, h).unwrap();
    let img = chair_app.images[0].rect;
    let req1 = SignRequest {
        field_name: "ChuTich".into(),
        page: 1,
        rect: CHAIR_RECT,
        appearance: Some(chair_app),
        signer_name: "Nguyễn Văn An (DEMO)".into(),
        reason: Some("Ký biên bản kỳ họp".into()),
        location: Some("Hải Phòng".into()),
        signing_time: now,
    };
    let once = sign_pdf(&unsigned, &pki.chair_signer(), &req1).unwrap();
    assert!(
        once.starts_with(&unsigned),
        "first signature must be an incremental update"
    );

    // The seal covers the left third of the signature image.
    let img_on_page = [
        CHAIR_RECT[0] + img[0],
        CHAIR_RECT[1] + img[1],
        CHAIR_RECT[0] + img[2],
        CHAIR_RECT[1] + img[3],
    ];
    let seal_rect = seal_rect_over_signature(img_on_page, 100.0);
    let req2 = SignRequest {
        field_name: "DauHoiDong".into(),
        page: 1,
        rect: seal_rect,
        appearance: Some(Appearance::centered(asset("seal.png"), 100.0, 100.0).unwrap()),
        signer_name: "Hội đồng nhân dân thành phố Hải Phòng (DEMO)".into(),
        reason: Some("Đóng dấu".into()),
        location: None,
        signing_time: now,
    };
    let twice = sign_pdf(&once, &pki.seal_signer(), &req2).unwrap();
    assert!(
        twice.starts_with(&once),
        "second signature must be an incremental update"
    );
    Signed {
        pki,
        unsigned,
        once,
        twice,
    }
}

#[test]
fn chair_then_seal_both_valid() {
    let s = sign_twice(make_test_pdf());
    let dir = out_dir("double");
    std::fs::write(dir.join("unsigned.pdf"), &s.unsigned).unwrap();
    std::fs::write(dir.join("root.pem"), s.pki.root_pem()).unwrap();

    let roots = [s.pki.root.cert.clone()];
    let reps = verify_pdf(&s.twice, &roots).unwrap();
    println!("{reps:#?}");
    assert_eq!(reps.len(), 2);
    let (a, b) = (&reps[0], &reps[1]);
    assert_eq!(a.field_name, "ChuTich");
    assert_eq!(b.field_name, "DauHoiDong");
    assert!(
        a.signer_subject.contains("Nguyễn Văn An (DEMO)"),
        "{}",
        a.signer_subject
    );
    assert!(b
        .signer_subject
        .contains("Hội đồng nhân dân thành phố Hải Phòng (DEMO)"));
    for r in &reps {
        assert!(r.intact && r.trusted, "{r:#?}");
        assert!(r.signing_time.is_some());
    }
    assert!(a.modified_after && !a.covers_whole_document);
    assert!(b.covers_whole_document && !b.modified_after);

    // Unknown root: intact but not trusted.
    let other = demo_pki(Utc::now()).unwrap();
    for r in verify_pdf(&s.twice, &[other.root.cert.clone()]).unwrap() {
        assert!(r.intact && !r.trusted);
    }

    let root_pem = dir.join("root.pem");
    check_external_valid(&dir, "signed-once.pdf", &s.once, &root_pem, 1);
    check_external_valid(&dir, "signed-twice.pdf", &s.twice, &root_pem, 2);
    {
        let r = pyhanko_validate(&dir.join("signed-twice.pdf"), &root_pem);
        // Both signatures valid, and the first one's later change is a
        // permitted form-filling/signing update.
        assert!(
            !r.text.to_lowercase().contains("illegitimate"),
            "{}",
            r.text
        );
        assert!(!r.text.contains("INVALID"), "{}", r.text);
    }
    if let Some(t) = tool("pdftoppm") {
        let run = run(
            &t,
            &[
                "-r",
                "60",
                "-f",
                "1",
                "-l",
                "1",
                "-png",
                dir.join("signed-twice.pdf").to_str().unwrap(),
                dir.join("page").to_str().unwrap(),
            ],
        );
        assert!(run.ok, "{}", run.text);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("needle")
}

#[test]
fn flipped_byte_is_detected() {
    let s = sign_twice(make_test_pdf());
    let dir = out_dir("tamper");
    let root_pem = dir.join("root.pem");
    std::fs::write(&root_pem, s.pki.root_pem()).unwrap();
    let mut bad = s.twice.clone();
    let at = find(&bad, b"Line 3") + 5; // inside both signatures' first range
    bad[at] = b'8';
    let reps = verify_pdf(&bad, &[s.pki.root.cert.clone()]).unwrap();
    assert_eq!(reps.len(), 2);
    for r in &reps {
        assert!(!r.intact, "{r:#?}");
    }
    let path = dir.join("tampered.pdf");
    std::fs::write(&path, &bad).unwrap();
    {
        let r = pdfsig(&path);
        println!("{}", r.text);
        assert!(!r.text.contains("Signature is Valid."), "{}", r.text);
        assert_eq!(r.text.matches("Digest Mismatch.").count(), 2, "{}", r.text);
    }
    {
        let r = pyhanko_validate(&path, &root_pem);
        println!("{}", r.text);
        assert!(!r.ok, "pyHanko accepted a tampered file:\n{}", r.text);
    }
}

/// A signature without appearance in a small rectangle of page 1.
fn plain_request(field: &str) -> SignRequest {
    SignRequest {
        field_name: field.into(),
        page: 1,
        rect: [10.0, 10.0, 110.0, 60.0],
        appearance: None,
        signer_name: "x".into(),
        reason: None,
        location: None,
        signing_time: Utc::now(),
    }
}

#[test]
fn damaged_input_is_refused() {
    let pki = demo_pki(Utc::now()).unwrap();
    let req = plain_request("X");
    for junk in [
        b"not a pdf at all".to_vec(),
        b"%PDF-1.7\n1 0 obj <<>> endobj\n".to_vec(),
        Vec::new(),
    ] {
        let e = sign_pdf(&junk, &pki.chair_signer(), &req).unwrap_err();
        assert_eq!(e.code(), "damaged_pdf", "{e}");
        assert_eq!(verify_pdf(&junk, &[]).unwrap_err().code(), "damaged_pdf");
    }
    let pdf = make_test_pdf();
    let truncated = &pdf[..pdf.len() / 2];
    assert_eq!(
        sign_pdf(truncated, &pki.chair_signer(), &req)
            .unwrap_err()
            .code(),
        "damaged_pdf"
    );
    // Page out of range, bad field names.
    let e = sign_pdf(
        &pdf,
        &pki.chair_signer(),
        &SignRequest {
            page: 2,
            ..req.clone()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_page");
    let e = sign_pdf(
        &pdf,
        &pki.chair_signer(),
        &SignRequest {
            field_name: "a.b".into(),
            ..req.clone()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_request");
    // Same field name twice.
    let once = sign_pdf(&pdf, &pki.chair_signer(), &req).unwrap();
    assert_eq!(
        sign_pdf(&once, &pki.chair_signer(), &req)
            .unwrap_err()
            .code(),
        "field_exists"
    );
    // Invisible signature is fine.
    let r = verify_pdf(&once, &[pki.root.cert.clone()]).unwrap();
    assert!(r[0].intact && r[0].trusted && r[0].covers_whole_document);
}

#[test]
fn modified_after_signature_is_refused() {
    let pki = demo_pki(Utc::now()).unwrap();
    let req = plain_request("A");
    let once = sign_pdf(&make_test_pdf(), &pki.chair_signer(), &req).unwrap();
    // Trailing whitespace is tolerated.
    let mut ws = once.clone();
    ws.extend_from_slice(b"\r\n  \n");
    let req_b = SignRequest {
        field_name: "B".into(),
        ..req.clone()
    };
    let twice = sign_pdf(&ws, &pki.seal_signer(), &req_b).unwrap();
    let reps = verify_pdf(&twice, &[pki.root.cert.clone()]).unwrap();
    assert!(reps.iter().all(|r| r.intact && r.trusted));

    let modified = append_update(&once);
    assert!(lopdf::Document::load_mem(&modified).is_ok());
    let e = sign_pdf(&modified, &pki.seal_signer(), &req_b).unwrap_err();
    assert_eq!(e.code(), "modified_after_signature");
    let r = verify_pdf(&modified, &[pki.root.cert.clone()]).unwrap();
    assert!(r[0].intact && r[0].modified_after && !r[0].covers_whole_document);
}

#[test]
fn xref_stream_input() {
    let qpdf = need("qpdf");
    let dir = out_dir("xrefstream");
    std::fs::write(dir.join("plain.pdf"), make_test_pdf()).unwrap();
    let r = run(
        &qpdf,
        &[
            "--object-streams=generate",
            dir.join("plain.pdf").to_str().unwrap(),
            dir.join("objstm.pdf").to_str().unwrap(),
        ],
    );
    assert!(r.ok, "{}", r.text);
    let input = std::fs::read(dir.join("objstm.pdf")).unwrap();
    assert!(input.windows(5).any(|w| w == b"/XRef"));
    let s = sign_twice(input);
    let reps = verify_pdf(&s.twice, &[s.pki.root.cert.clone()]).unwrap();
    assert!(reps.iter().all(|r| r.intact && r.trusted), "{reps:#?}");
    let root_pem = dir.join("root.pem");
    std::fs::write(&root_pem, s.pki.root_pem()).unwrap();
    check_external_valid(&dir, "signed-twice.pdf", &s.twice, &root_pem, 2);
}

/// A PDF first signed by pyHanko (its own incremental-update writer), then
/// by us: both signatures must stay valid.
#[test]
fn countersign_a_pyhanko_signed_pdf() {
    let py = need("pyhanko");
    let dir = out_dir("pyhanko-first");
    let now = Utc::now();
    let pki = demo_pki(now).unwrap();
    std::fs::write(dir.join("unsigned.pdf"), make_test_pdf()).unwrap();
    std::fs::write(dir.join("root.pem"), pki.root_pem()).unwrap();
    std::fs::write(dir.join("chair.key"), pki.chair.key_pkcs8_pem()).unwrap();
    std::fs::write(dir.join("chair.pem"), pki.chair.cert_pem()).unwrap();
    let d = |n: &str| dir.join(n).to_str().unwrap().to_string();
    // pyHanko adds a visible PAdES signature with the chair's key.
    let pyhanko_signs = |field: &str, input: &str, output: &str| {
        run(
            &py,
            &[
                "sign",
                "addsig",
                "--use-pades",
                "--field",
                field,
                "pemder",
                "--key",
                &d("chair.key"),
                "--cert",
                &d("chair.pem"),
                "--chain",
                &d("root.pem"),
                "--no-pass",
                &d(input),
                &d(output),
            ],
        )
    };
    let r = pyhanko_signs(
        "1/300,100,540,196/PyHanko",
        "unsigned.pdf",
        "by-pyhanko.pdf",
    );
    assert!(r.ok, "{}", r.text);
    let first = std::fs::read(dir.join("by-pyhanko.pdf")).unwrap();
    let req = SignRequest {
        field_name: "DauHoiDong".into(),
        page: 1,
        rect: [260.0, 98.0, 360.0, 198.0],
        appearance: Some(Appearance::centered(asset("seal.png"), 100.0, 100.0).unwrap()),
        signer_name: "Seal".into(),
        reason: None,
        location: None,
        signing_time: now,
    };
    let both = sign_pdf(&first, &pki.seal_signer(), &req).unwrap();
    assert!(both.starts_with(&first));
    let reps = verify_pdf(&both, &[pki.root.cert.clone()]).unwrap();
    assert_eq!(reps.len(), 2);
    assert!(reps.iter().all(|r| r.intact && r.trusted), "{reps:#?}");
    check_external_valid(&dir, "both.pdf", &both, &dir.join("root.pem"), 2);

    // And pyHanko can add a third signature on top of ours.
    let r = pyhanko_signs("1/60,100,200,160/PyHanko2", "both.pdf", "three.pdf");
    assert!(r.ok, "{}", r.text);
    let three = std::fs::read(dir.join("three.pdf")).unwrap();
    let reps = verify_pdf(&three, &[pki.root.cert.clone()]).unwrap();
    assert_eq!(reps.len(), 3);
    assert!(reps.iter().all(|r| r.intact && r.trusted), "{reps:#?}");
    check_external_valid(&dir, "three-check.pdf", &three, &dir.join("root.pem"), 3);
}

/// `kyhop sign --p12`: signs with the password from a file; refuses a wrong
/// password, a damaged PDF and a PDF changed after its last signature,
/// writing nothing each time.
#[test]
fn cli_signs_with_a_p12_file_and_refuses_bad_input() {
    let dir = out_dir("cli-p12");
    let pki = demo_pki(Utc::now()).unwrap();
    let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
    std::fs::write(dir.join("root.pem"), pki.root_pem()).unwrap();
    std::fs::write(
        dir.join("chair.p12"),
        pki.chair_p12("đúng mật khẩu").unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("password.txt"), "đúng mật khẩu\n").unwrap();
    let unsigned = make_test_pdf();
    std::fs::write(dir.join("unsigned.pdf"), &unsigned).unwrap();
    std::fs::write(dir.join("damaged.pdf"), &unsigned[..unsigned.len() / 2]).unwrap();
    let sign = |input: &str, output: &str, secret: Option<&str>| {
        let mut args = vec!["--in".to_string(), p(input), "--out".into(), p(output)];
        args.extend(["--p12".into(), p("chair.p12")]);
        if secret.is_none() {
            args.extend(["--secret-file".into(), p("password.txt")]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        kyhop_sign(&args, secret)
    };

    let r = sign("unsigned.pdf", "wrong.pdf", Some("sai mật khẩu"));
    assert!(!r.ok && r.text.contains("wrong password"), "{}", r.text);
    let r = sign("damaged.pdf", "damaged-signed.pdf", None);
    assert!(!r.ok && r.text.contains("damaged"), "{}", r.text);

    let r = sign("unsigned.pdf", "signed.pdf", None);
    assert!(r.ok, "{}", r.text);
    // A second signature on top gets the next free field name.
    let r = sign("signed.pdf", "signed-twice.pdf", None);
    assert!(r.ok, "{}", r.text);
    let twice = std::fs::read(dir.join("signed-twice.pdf")).unwrap();
    let fields: Vec<String> = verify_pdf(&twice, &[])
        .unwrap()
        .into_iter()
        .map(|r| r.field_name)
        .collect();
    assert_eq!(fields, ["ChuKy1", "ChuKy2"]);
    let signed = std::fs::read(dir.join("signed.pdf")).unwrap();
    check_external_valid(&dir, "signed.pdf", &signed, &dir.join("root.pem"), 1);
    assert!(kyhop_verify(&dir.join("signed.pdf"), Some(&dir.join("root.pem"))).ok);

    std::fs::write(dir.join("modified.pdf"), append_update(&signed)).unwrap();
    let r = sign("modified.pdf", "modified-signed.pdf", None);
    assert!(
        !r.ok && r.text.contains("modified after its last signature"),
        "{}",
        r.text
    );
    let r = kyhop_verify(&dir.join("modified.pdf"), Some(&dir.join("root.pem")));
    assert!(!r.ok && r.text.contains("NOT VALID"), "{}", r.text);
    for never in ["wrong.pdf", "damaged-signed.pdf", "modified-signed.pdf"] {
        assert!(!dir.join(never).exists(), "{never} was written");
    }
}
