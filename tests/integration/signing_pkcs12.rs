//! PKCS#12 loading: error codes, and RSA-2048 .p12 files made by OpenSSL
//! (OpenSSL 3 default and -legacy) validated with pyHanko/pdfsig.

#![allow(clippy::cloned_ref_to_slice_refs)]

use crate::sign_support;
use sign_support as common;

use std::path::Path;

use chrono::{Duration, Utc};
use common::*;
use kyhop_docs::sign::*;

fn code(r: Result<Pkcs12Signer, SignError>) -> &'static str {
    r.map(|_| ()).unwrap_err().code()
}

#[test]
fn demo_p12_roundtrip_and_errors() {
    let now = Utc::now();
    let pki = demo_pki(now).unwrap();
    let p12 = pki.chair_p12("đúng-mật-khẩu").unwrap();
    let s = Pkcs12Signer::open(&p12, "đúng-mật-khẩu", now).unwrap();
    assert_eq!(s.certificate(), &pki.chair.cert);
    assert_eq!(s.chain(), &[pki.root.cert.clone()]);

    assert_eq!(
        code(Pkcs12Signer::open(&p12, "wrong", now)),
        "wrong_password"
    );
    assert_eq!(code(Pkcs12Signer::open(&p12, "", now)), "wrong_password");
    assert_eq!(
        code(Pkcs12Signer::open(b"garbage", "x", now)),
        "invalid_pkcs12"
    );

    // Expired / not yet valid: a PKI made 6 years ago / made next year.
    let old = demo_pki(now - Duration::days(6 * 365)).unwrap();
    assert_eq!(
        code(Pkcs12Signer::open(&old.chair_p12("pw").unwrap(), "pw", now)),
        "certificate_expired"
    );
    let future = demo_pki(now + Duration::days(365)).unwrap();
    assert_eq!(
        code(Pkcs12Signer::open(
            &future.seal_p12("pw").unwrap(),
            "pw",
            now
        )),
        "certificate_not_yet_valid"
    );

    // The seal's key with the chair's certificate.
    let mismatched = export_p12(&pki.seal.key_pkcs8_der(), &pki.chair.cert, &[], "pw").unwrap();
    assert_eq!(
        code(Pkcs12Signer::open(&mismatched, "pw", now)),
        "key_certificate_mismatch"
    );

    // Sign with the p12 signer and verify.
    let pdf = make_test_pdf();
    let signed = sign_pdf(&pdf, &s, &request("P12", now)).unwrap();
    let r = verify_pdf(&signed, &[pki.root.cert.clone()]).unwrap();
    assert!(r[0].intact && r[0].trusted);
}

fn request(field: &str, now: chrono::DateTime<Utc>) -> SignRequest {
    SignRequest {
        field_name: field.into(),
        page: 1,
        rect: [300.0, 100.0, 540.0, 196.0],
        appearance: Some(Appearance::centered(asset("signature.png"), 240.0, 96.0).unwrap()),
        signer_name: "RSA test".into(),
        reason: Some("test".into()),
        location: None,
        signing_time: now,
    }
}

fn sh(dir: &Path, script: &str) -> bool {
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .unwrap();
    if !out.status.success() {
        eprintln!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out.status.success()
}

#[test]
fn openssl_made_p12_files() {
    need("openssl");
    let dir = out_dir("openssl-p12");
    // Self-signed RSA-2048 signer (req -x509) + an RSA CA-issued signer.
    assert!(sh(
        &dir,
        r#"set -e
openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.pem -days 365 -subj "/CN=RSA Self Signed Signer/O=KyHop test" -addext keyUsage=critical,digitalSignature,nonRepudiation 2>/dev/null
openssl pkcs12 -export -inkey self.key -in self.pem -out self.p12 -passout pass:secret
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 365 -subj "/CN=RSA Test Root/O=KyHop test" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj "/CN=RSA Leaf Signer/O=KyHop test" 2>/dev/null
printf 'keyUsage=critical,digitalSignature,nonRepudiation\nbasicConstraints=CA:FALSE\n' > leaf.ext
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out leaf.pem -days 365 -extfile leaf.ext 2>/dev/null
openssl pkcs12 -export -inkey leaf.key -in leaf.pem -certfile ca.pem -out leaf.p12 -passout pass:secret
openssl pkcs12 -export -legacy -inkey leaf.key -in leaf.pem -certfile ca.pem -out leaf-legacy.p12 -passout pass:secret \
  || openssl pkcs12 -export -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -inkey leaf.key -in leaf.pem -certfile ca.pem -out leaf-legacy.p12 -passout pass:secret
openssl pkcs12 -export -nokeys -in leaf.pem -out nokey.p12 -passout pass:secret
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 -nodes -keyout p384.key -out p384.pem -days 365 -subj "/CN=P384" 2>/dev/null
openssl pkcs12 -export -inkey p384.key -in p384.pem -out p384.p12 -passout pass:secret
openssl req -x509 -newkey ed25519 -nodes -keyout ed.key -out ed.pem -days 365 -subj "/CN=Ed25519" 2>/dev/null
openssl pkcs12 -export -inkey ed.key -in ed.pem -out ed.p12 -passout pass:secret
"#
    ));
    let now = Utc::now();
    let read = |n: &str| std::fs::read(dir.join(n)).unwrap();
    assert_eq!(
        code(Pkcs12Signer::open(&read("leaf.p12"), "nope", now)),
        "wrong_password"
    );
    assert_eq!(
        code(Pkcs12Signer::open(&read("leaf-legacy.p12"), "nope", now)),
        "wrong_password"
    );
    assert_eq!(
        code(Pkcs12Signer::open(&read("nokey.p12"), "secret", now)),
        "no_private_key"
    );
    assert_eq!(
        code(Pkcs12Signer::open(&read("p384.p12"), "secret", now)),
        "unsupported_key"
    );
    assert_eq!(
        code(Pkcs12Signer::open(&read("ed.p12"), "secret", now)),
        "unsupported_key"
    );
    assert_eq!(
        code(Pkcs12Signer::open(
            &read("leaf.p12"),
            "secret",
            now + Duration::days(400)
        )),
        "certificate_expired"
    );

    let pdf = make_test_pdf();
    for (p12, root, chain_len) in [
        ("self.p12", "self.pem", 0),
        ("leaf.p12", "ca.pem", 1),
        ("leaf-legacy.p12", "ca.pem", 1),
    ] {
        let signer = Pkcs12Signer::open(&read(p12), "secret", now).unwrap();
        assert_eq!(signer.chain().len(), chain_len, "{p12}");
        assert_eq!(
            signer.signature_algorithm().oid.to_string(),
            "1.2.840.113549.1.1.11"
        );
        let signed = sign_pdf(&pdf, &signer, &request("RSA", now)).unwrap();
        // A second RSA signature on top.
        let twice = sign_pdf(&signed, &signer, &request("RSA2", now)).unwrap();
        let roots = kyhop_docs::sign::keys::certificates_from_pem(&read(root)).unwrap();
        let reps = verify_pdf(&twice, &roots).unwrap();
        assert!(
            reps.iter().all(|r| r.intact && r.trusted),
            "{p12}: {reps:#?}"
        );
        let name = format!("signed-{p12}.pdf");
        check_external_valid(&dir, &name, &twice, &dir.join(root), 2);
        let r = pyhanko_validate(&dir.join(&name), &dir.join(root));
        assert!(r.text.contains("sha256_rsa"), "{}", r.text);
    }
}
