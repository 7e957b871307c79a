//! PAdES B-T: a signature time-stamped by an RFC 3161 authority. The honest
//! authority's token is accepted by our verifier and by pyHanko, and keeps
//! the signature trusted after the signer's certificate expired; an
//! authority that lies (another nonce, another hash, an unknown root) or
//! fails is refused with a stable code before anything is signed.

use crate::sign_support;
use sign_support as common;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use common::*;
use der::asn1::{Int, OctetString};
use der::Decode;
use kyhop_docs::sign::demo_tsa::granted;
use kyhop_docs::sign::*;
use x509_tsp::{MessageImprint, TimeStampReq};

/// How the authority behaves.
#[derive(Clone, Copy)]
enum Authority {
    Honest,
    WrongNonce,
    OtherData,
    Refuses,
    Garbage,
    Down,
}

struct InProcess {
    tsa: DemoTsa,
    behaviour: Authority,
}

impl TsaTransport for InProcess {
    fn exchange(&self, request: &[u8]) -> Result<Vec<u8>, SignError> {
        let now = Utc::now();
        let req = TimeStampReq::from_der(request).expect("the signer sends a DER request");
        match self.behaviour {
            Authority::Honest => self.tsa.respond(request, now),
            Authority::WrongNonce => granted(self.tsa.token(
                &req.message_imprint,
                Some(Int::new(&[0x42; 16]).unwrap()),
                now,
            )?),
            Authority::OtherData => {
                let other = MessageImprint {
                    hash_algorithm: req.message_imprint.hash_algorithm.clone(),
                    hashed_message: OctetString::new(vec![0x17; 32]).unwrap(),
                };
                granted(self.tsa.token(&other, req.nonce, now)?)
            }
            // Not a request the authority takes: it answers with a rejection.
            Authority::Refuses => self.tsa.respond(b"\x30\x00", now),
            Authority::Garbage => Ok(b"<html>502 Bad Gateway</html>".to_vec()),
            Authority::Down => Err(SignError::TsaUnreachable("connection refused".into())),
        }
    }
}

fn stamper(tsa: &DemoTsa, behaviour: Authority, trust: &DemoTsa) -> TimeStamper {
    TimeStamper::new(
        Arc::new(InProcess {
            tsa: tsa.clone(),
            behaviour,
        }),
        vec![trust.root().clone()],
    )
}

fn request(field: &str) -> SignRequest {
    SignRequest {
        field_name: field.into(),
        page: 1,
        rect: [0.0; 4],
        appearance: None,
        signer_name: "Nguyễn Văn An (DEMO)".into(),
        reason: None,
        location: None,
        signing_time: Utc::now(),
    }
}

#[test]
fn an_honest_authority_makes_b_t_that_pyhanko_accepts() {
    let dir = out_dir("signing_timestamps_b_t");
    let pki = demo_pki(Utc::now()).unwrap();
    let tsa = DemoTsa::generate(Utc::now()).unwrap();
    let unsigned = make_test_pdf();
    let roots = [pki.root.cert.clone(), tsa.root().clone()];

    let b_t = sign_pdf_timestamped(
        &unsigned,
        &pki.chair_signer(),
        &request("ChuTich"),
        Some(&stamper(&tsa, Authority::Honest, &tsa)),
    )
    .unwrap();
    let reports = verify_pdf(&b_t, &roots).unwrap();
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert!(r.intact && r.trusted && r.timestamp_trusted, "{r:?}");
    assert_eq!(r.level, PadesLevel::BT);
    let stamped = r.timestamp.expect("a time-stamp");
    assert!((stamped - Utc::now()).num_seconds().abs() < 60, "{stamped}");

    // Control: the same signature without an authority is B-B.
    let b_b = sign_pdf(&unsigned, &pki.chair_signer(), &request("ChuTich")).unwrap();
    let plain = &verify_pdf(&b_b, &roots).unwrap()[0];
    assert_eq!((plain.level, plain.timestamp), (PadesLevel::BB, None));

    // A verifier that does not trust the authority still sees the stamp
    // but does not lean on it.
    let r = &verify_pdf(&b_t, std::slice::from_ref(&pki.root.cert)).unwrap()[0];
    assert!(
        r.trusted && r.timestamp.is_some() && !r.timestamp_trusted,
        "{r:?}"
    );
    assert!(r
        .problems
        .iter()
        .any(|p| p.contains("time-stamp not trusted")));

    // pyHanko finds the token intact and its authority trusted.
    let path = dir.join("b-t.pdf");
    std::fs::write(&path, &b_t).unwrap();
    let (signer_root, tsa_root) = (dir.join("root.pem"), dir.join("tsa-root.pem"));
    std::fs::write(&signer_root, pki.root_pem()).unwrap();
    std::fs::write(&tsa_root, tsa.root_pem().unwrap()).unwrap();
    let out = pyhanko_validate_trusting(&path, &[&signer_root, &tsa_root], false);
    println!("{}", out.text);
    assert!(out.ok, "{}", out.text);
    assert!(
        out.text
            .contains("INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>"),
        "{}",
        out.text
    );
    // `kyhop verify` names the level and the authority's time.
    let both = dir.join("roots.pem");
    std::fs::write(&both, pki.root_pem() + &tsa.root_pem().unwrap()).unwrap();
    let out = kyhop_verify(&path, Some(&both));
    assert!(out.ok, "{}", out.text);
    assert!(
        out.text.contains("level:             PAdES B-T"),
        "{}",
        out.text
    );
    assert!(out.text.contains("(trusted authority)"), "{}", out.text);
    let out = kyhop_verify(&path, Some(&signer_root));
    assert!(out.text.contains("(authority NOT trusted)"), "{}", out.text);

    // ... and pyHanko, trusting only the signer's root, says the token is not.
    let out = pyhanko_validate_trusting(&path, &[&signer_root], false);
    assert!(
        !out.text.contains("TIMESTAMP_TOKEN<INTACT:TRUSTED>"),
        "{}",
        out.text
    );
}

#[test]
fn the_time_stamp_keeps_a_signature_trusted_after_its_certificate_expired() {
    let now = Utc::now();
    let pki = demo_pki(now).unwrap();
    let tsa = DemoTsa::generate(now).unwrap();
    // The chair's key with a certificate that lives three seconds.
    let signer = short_lived_chair(&pki, now + chrono::Duration::seconds(3), None);
    let unsigned = make_test_pdf();
    let stamper = stamper(&tsa, Authority::Honest, &tsa);
    let b_t =
        sign_pdf_timestamped(&unsigned, &signer, &request("ChuTich"), Some(&stamper)).unwrap();
    // /M is only a claim: one that says "after the certificate expired"
    // is overruled by the time-stamp, which proves when it was made ...
    let mut claims_late = request("ChuTich");
    claims_late.signing_time = now + chrono::Duration::hours(1);
    let b_t_claims_late =
        sign_pdf_timestamped(&unsigned, &signer, &claims_late, Some(&stamper)).unwrap();
    // ... while without a time-stamp the claim is all there is.
    let b_b_claims_late = sign_pdf(&unsigned, &signer, &claims_late).unwrap();
    std::thread::sleep(Duration::from_secs(4));
    let roots = [pki.root.cert.clone(), tsa.root().clone()];

    for (name, pdf) in [("B-T", &b_t), ("B-T, late /M", &b_t_claims_late)] {
        let r = &verify_pdf(pdf, &roots).unwrap()[0];
        assert!(
            r.intact && r.trusted && r.timestamp_trusted,
            "{name}: {r:?}"
        );
        assert_eq!(r.level, PadesLevel::BT, "{name}");
    }
    let r = &verify_pdf(&b_b_claims_late, &roots).unwrap()[0];
    assert!(r.intact && !r.trusted && r.level == PadesLevel::BB, "{r:?}");
    assert!(
        r.problems.iter().any(|p| p.contains("is not valid at")),
        "{r:?}"
    );
}

#[test]
fn an_authority_that_lies_or_fails_is_refused_with_a_code() {
    let pki = demo_pki(Utc::now()).unwrap();
    let tsa = DemoTsa::generate(Utc::now()).unwrap();
    let stranger = DemoTsa::generate(Utc::now()).unwrap();
    let unsigned = make_test_pdf();
    let cases = [
        (
            stamper(&tsa, Authority::WrongNonce, &tsa),
            "timestamp_mismatch",
        ),
        (
            stamper(&tsa, Authority::OtherData, &tsa),
            "timestamp_mismatch",
        ),
        (
            stamper(&stranger, Authority::Honest, &tsa),
            "timestamp_untrusted",
        ),
        (stamper(&tsa, Authority::Refuses, &tsa), "tsa_refused"),
        (stamper(&tsa, Authority::Garbage, &tsa), "tsa_refused"),
        (stamper(&tsa, Authority::Down, &tsa), "tsa_unreachable"),
    ];
    for (authority, code) in cases {
        let err = sign_pdf_timestamped(
            &unsigned,
            &pki.chair_signer(),
            &request("ChuTich"),
            Some(&authority),
        )
        .expect_err(code);
        assert_eq!(err.code(), code, "{err}");
    }
    // Control: the stranger's tokens are good when the stranger is trusted.
    let own = stamper(&stranger, Authority::Honest, &stranger);
    sign_pdf_timestamped(
        &unsigned,
        &pki.chair_signer(),
        &request("ChuTich"),
        Some(&own),
    )
    .unwrap();
}
