//! PKCS#11 through SoftHSM2: EC P-256 and RSA-2048 keys on a token, wrong
//! PIN handling, error codes, and pyHanko validation of the result.
//! Everything lives in ONE test function: the PKCS#11 module is loaded once
//! per process and SOFTHSM2_CONF must be set before that.

#![allow(clippy::cloned_ref_to_slice_refs)]

mod sign_support;
use sign_support as common;

use std::path::Path;
use std::process::Command;

use chrono::Utc;
use common::*;
use kyhop_docs::sign::demo_pki::{issue_certificate, CertKind};
use kyhop_docs::sign::*;

const MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

fn sh(dir: &Path, script: &str) {
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn code(r: Result<Pkcs11Signer, SignError>) -> &'static str {
    r.map(|_| ()).unwrap_err().code()
}

#[test]
fn softhsm_token_signing() {
    for tool in ["softhsm2-util", "pkcs11-tool", "openssl"] {
        need(tool);
    }
    assert!(Path::new(MODULE).exists(), "{MODULE} missing");
    let dir = out_dir("softhsm");
    std::fs::create_dir_all(dir.join("tokens")).unwrap();
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            dir.join("tokens").display()
        ),
    )
    .unwrap();
    // Before the module is loaded by this process (and for the CLI tools).
    std::env::set_var("SOFTHSM2_CONF", &conf);

    let now = Utc::now();
    let pki = demo_pki(now).unwrap();
    std::fs::write(dir.join("root.pem"), pki.root_pem()).unwrap();
    std::fs::write(dir.join("ec-key.pem"), pki.chair.key_pkcs8_pem()).unwrap();
    std::fs::write(dir.join("ec-cert.der"), pki.chair.cert_der()).unwrap();
    std::fs::write(dir.join("root.der"), pki.root.cert_der()).unwrap();
    // An RSA-2048 key (PKCS#8 from openssl) with a certificate from the demo root.
    sh(
        &dir,
        "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa-key.pem 2>/dev/null",
    );
    let rsa_key =
        LocalKey::from_pem(&std::fs::read_to_string(dir.join("rsa-key.pem")).unwrap()).unwrap();
    let rsa_cert = issue_certificate(
        CertKind::Leaf,
        "CN=Token RSA Signer (DEMO),O=KyHop DEMO",
        rsa_key.public_key_spki().unwrap(),
        &pki.root.key,
        Some(&pki.root.cert),
        now - chrono::Duration::hours(1),
        now + chrono::Duration::days(365),
    )
    .unwrap();
    std::fs::write(
        dir.join("rsa-cert.der"),
        der::Encode::to_der(&rsa_cert).unwrap(),
    )
    .unwrap();

    sh(
        &dir,
        &format!(
            r#"set -e
softhsm2-util --init-token --free --label test --so-pin 5678 --pin 1234
softhsm2-util --import ec-key.pem --token test --label signer --id 01 --pin 1234
pkcs11-tool --module {MODULE} --token-label test --login --pin 1234 --write-object ec-cert.der --type cert --id 01 --label signer
softhsm2-util --import rsa-key.pem --token test --label rsa-signer --id 02 --pin 1234
pkcs11-tool --module {MODULE} --token-label test --login --pin 1234 --write-object rsa-cert.der --type cert --id 02 --label rsa-certificate
pkcs11-tool --module {MODULE} --token-label test --login --pin 1234 --write-object root.der --type cert --id 03 --label root
"#
        ),
    );

    // Error codes that need no login.
    assert_eq!(
        code(Pkcs11Signer::open(
            "/nonexistent/libnothing.so",
            "test",
            "signer",
            "1234",
            now
        )),
        "module_load_failed"
    );
    assert_eq!(
        code(Pkcs11Signer::open(
            MODULE,
            "no-such-token",
            "signer",
            "1234",
            now
        )),
        "token_not_found"
    );

    // Wrong PIN: reported at once, one attempt only, token not locked.
    assert_eq!(
        code(Pkcs11Signer::open(MODULE, "test", "signer", "0000", now)),
        "wrong_pin"
    );
    let ec = Pkcs11Signer::open(MODULE, "test", "signer", "1234", now)
        .expect("correct PIN after a wrong one");
    assert_eq!(ec.certificate(), &pki.chair.cert);
    assert_eq!(
        ec.chain(),
        &[pki.root.cert.clone()],
        "root picked up from the token"
    );
    assert_eq!(
        ec.signature_algorithm().oid.to_string(),
        "1.2.840.10045.4.3.2"
    );
    // Certificate found through CKA_ID (labels differ).
    let rsa = Pkcs11Signer::open(MODULE, "test", "rsa-signer", "1234", now).unwrap();
    assert_eq!(rsa.certificate(), &rsa_cert);
    assert_eq!(
        code(Pkcs11Signer::open(
            MODULE,
            "test",
            "no-such-key",
            "1234",
            now
        )),
        "key_not_found"
    );
    assert_eq!(
        code(Pkcs11Signer::open(
            MODULE,
            "test",
            "signer",
            "1234",
            now + chrono::Duration::days(6 * 365)
        )),
        "certificate_expired"
    );

    // Sign twice: token EC key, then token RSA key.
    let pdf = make_test_pdf();
    let req = |field: &str, rect: [f32; 4], png: &str| SignRequest {
        field_name: field.into(),
        page: 1,
        rect,
        appearance: Some(
            Appearance::centered(asset(png), rect[2] - rect[0], rect[3] - rect[1]).unwrap(),
        ),
        signer_name: field.into(),
        reason: Some("PKCS#11 test".into()),
        location: Some("Hải Phòng".into()),
        signing_time: now,
    };
    let once = sign_pdf(
        &pdf,
        &ec,
        &req("TokenEC", [300.0, 100.0, 540.0, 196.0], "signature.png"),
    )
    .unwrap();
    let twice = sign_pdf(
        &once,
        &rsa,
        &req("TokenRSA", [60.0, 100.0, 160.0, 200.0], "seal.png"),
    )
    .unwrap();
    let reps = verify_pdf(&twice, &[pki.root.cert.clone()]).unwrap();
    assert!(reps.iter().all(|r| r.intact && r.trusted), "{reps:#?}");
    check_external_valid(&dir, "signed-token.pdf", &twice, &dir.join("root.pem"), 2);

    // While this process is logged in to the token, a wrong PIN is still
    // a wrong PIN: an open signer never vouches for another caller.
    assert_eq!(
        code(Pkcs11Signer::open(MODULE, "test", "signer", "0000", now)),
        "wrong_pin"
    );

    // After all sessions are closed the token is logged out again: a wrong
    // PIN is still detected (and still does not lock the token).
    drop(ec);
    drop(rsa);
    assert_eq!(
        code(Pkcs11Signer::open(MODULE, "test", "signer", "9999", now)),
        "wrong_pin"
    );
    let again = Pkcs11Signer::open(MODULE, "test", "signer", "1234", now).unwrap();
    drop(again);

    cli_signs_with_the_token(&dir);
}

/// `kyhop sign --pkcs11-module`: the PIN from a file, then from the
/// environment; chair's key then the second key, both visible; the result
/// validates everywhere. A wrong PIN writes nothing.
fn cli_signs_with_the_token(dir: &Path) {
    let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
    std::fs::write(dir.join("unsigned.pdf"), make_test_pdf()).unwrap();
    std::fs::write(dir.join("pin.txt"), "1234\n").unwrap();
    let images = Path::new(MANIFEST).join("assets/demo");
    let (signature, seal) = (images.join("signature.png"), images.join("seal.png"));
    let token = ["--pkcs11-module", MODULE, "--token", "test"];

    let wrong = kyhop_sign(
        &[
            &["--in", &p("unsigned.pdf"), "--out", &p("never.pdf")],
            &token[..],
            &["--key", "signer"],
        ]
        .concat(),
        Some("0000"),
    );
    assert!(
        !wrong.ok && wrong.text.contains("wrong PIN"),
        "{}",
        wrong.text
    );
    assert!(
        !dir.join("never.pdf").exists(),
        "nothing is written when signing fails"
    );

    let chair = kyhop_sign(
        &[
            &["--in", &p("unsigned.pdf"), "--out", &p("cli-chair.pdf")],
            &token[..],
            &["--key", "signer", "--secret-file", &p("pin.txt")],
            &[
                "--image",
                signature.to_str().unwrap(),
                "--rect",
                "300,100,540,196",
            ],
        ]
        .concat(),
        None,
    );
    assert!(chair.ok, "{}", chair.text);
    let seal_signed = kyhop_sign(
        &[
            &["--in", &p("cli-chair.pdf"), "--out", &p("cli-both.pdf")],
            &token[..],
            &["--key", "rsa-signer", "--reason", "Đóng dấu"],
            &[
                "--image",
                seal.to_str().unwrap(),
                "--rect",
                "280,110,380,210",
            ],
        ]
        .concat(),
        Some("1234"),
    );
    assert!(seal_signed.ok, "{}", seal_signed.text);
    let both = std::fs::read(dir.join("cli-both.pdf")).unwrap();
    check_external_valid(dir, "cli-both.pdf", &both, &dir.join("root.pem"), 2);
    let r = kyhop_verify(&dir.join("cli-both.pdf"), Some(&dir.join("root.pem")));
    assert!(r.ok, "{}", r.text);
    assert_eq!(
        r.text.matches("chain trusted:     yes").count(),
        2,
        "{}",
        r.text
    );
}
