//! PAdES long-term signatures: validation data (the /DSS) added after the
//! chair's and the seal's signatures leaves both valid — for our verifier,
//! pyHanko and qpdf — while any other change after the last signature,
//! even one dressed up as validation data, is caught; and a B-LTA
//! signature outlives its signer's certificate.

use crate::sign_support;
use sign_support as common;

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use common::*;
use kyhop_docs::sign::demo_pki::demo_pki_answering_at;
use kyhop_docs::sign::*;

fn invisible(field: &str) -> SignRequest {
    SignRequest::invisible(field)
}

fn chair_and_seal(pki: &DemoPki) -> Vec<u8> {
    let once = sign_pdf(&make_test_pdf(), &pki.chair_signer(), &invisible("ChuTich")).unwrap();
    sign_pdf(&once, &pki.seal_signer(), &invisible("DauHoiDong")).unwrap()
}

/// The first page's object and the body of a blank page in its place.
fn blank_first_page(pdf: &[u8]) -> ((u32, u16), String) {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let page = doc.get_pages()[&1];
    let parent = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Parent")
        .unwrap()
        .as_reference()
        .unwrap();
    let body = format!(
        "<</Type /Page /Parent {} {} R /MediaBox [0 0 595 842]>>",
        parent.0, parent.1
    );
    (page, body)
}

#[test]
fn validation_data_after_the_last_signature_changes_nothing_signed() {
    let pki = demo_pki(Utc::now()).unwrap();
    let signed = chair_and_seal(&pki);
    let data = ValidationData {
        certs: vec![
            pki.root.cert_der(),
            pki.chair.cert_der(),
            pki.seal.cert_der(),
        ],
        ocsps: Vec::new(),
        crls: Vec::new(),
    };
    let long_term = add_validation_data(&signed, &data).unwrap();
    assert!(long_term.starts_with(&signed), "an incremental update");
    assert_eq!(read_validation_data(&long_term).unwrap(), data);
    assert_eq!(
        add_validation_data(&long_term, &data).unwrap(),
        long_term,
        "nothing new: nothing appended"
    );

    let roots = [pki.root.cert.clone()];
    let reports = verify_pdf(&long_term, &roots).unwrap();
    assert!(
        reports.iter().all(|r| r.intact && r.trusted),
        "{reports:#?}"
    );
    let seal = &reports[1];
    assert!(
        !seal.covers_whole_document && !seal.modified_after,
        "{seal:#?}"
    );
    assert!(document_valid(&reports, true));
    // Another signature may still follow validation data.
    sign_pdf(&long_term, &pki.chair_signer(), &invisible("Later")).unwrap();

    // pyHanko's own analysis of the update agrees; qpdf finds the file sound.
    let dir = out_dir("long-term-dss");
    let (path, root) = (dir.join("long-term.pdf"), dir.join("root.pem"));
    std::fs::write(&path, &long_term).unwrap();
    std::fs::write(&root, pki.root_pem()).unwrap();
    let out = pyhanko_validate_trusting(&path, &[&root], false);
    println!("{}", out.text);
    assert!(out.ok, "{}", out.text);
    assert_eq!(
        out.text.matches("INTACT:TRUSTED").count(),
        2,
        "{}",
        out.text
    );
    let qpdf = qpdf_check(&path);
    assert!(qpdf.ok && !qpdf.text.contains("WARNING"), "{}", qpdf.text);
    // Certificates alone are not revocation data: the DSS check used on
    // issued resolutions refuses this file (the control for demo.rs).
    let dss = pyhanko_dss_revocation(&path, &root);
    assert!(!dss.ok, "{}", dss.text);
    assert_eq!(
        dss.text.matches("InsufficientRevinfoError").count(),
        2,
        "{}",
        dss.text
    );
}

#[test]
fn a_change_after_the_validation_data_is_caught_even_when_filed_under_it() {
    let pki = demo_pki(Utc::now()).unwrap();
    let data = ValidationData {
        certs: vec![pki.root.cert_der()],
        ocsps: Vec::new(),
        crls: Vec::new(),
    };
    let long_term = add_validation_data(&chair_and_seal(&pki), &data).unwrap();
    let roots = [pki.root.cert.clone()];
    let (page, blank) = blank_first_page(&long_term);

    // The first page blanked in a later update.
    let blanked = append_object(&long_term, page, &blank);
    // The same, with the DSS first claiming the page as one of its
    // "certificates", so that the page looks like validation data.
    let doc = lopdf::Document::load_mem(&long_term).unwrap();
    let dss = doc
        .catalog()
        .unwrap()
        .get(b"DSS")
        .unwrap()
        .as_reference()
        .unwrap();
    let cert = doc
        .get_dictionary(dss)
        .unwrap()
        .get(b"Certs")
        .unwrap()
        .as_array()
        .unwrap()[0]
        .as_reference()
        .unwrap();
    let claimed = append_object(
        &long_term,
        dss,
        &format!(
            "<</Type /DSS /Certs [{} {} R {} {} R]>>",
            cert.0, cert.1, page.0, page.1
        ),
    );
    let disguised = append_object(&claimed, page, &blank);

    for (case, pdf) in [("blanked", &blanked), ("disguised", &disguised)] {
        let reports = verify_pdf(pdf, &roots).unwrap();
        assert!(
            reports[1].intact,
            "{case}: the bytes signed are still there"
        );
        assert!(reports[1].modified_after, "{case}: {reports:#?}");
        assert!(!document_valid(&reports, true), "{case}");
        let refused = sign_pdf(pdf, &pki.chair_signer(), &invisible("Later")).unwrap_err();
        assert_eq!(refused.code(), "modified_after_signature", "{case}");
    }
    // The control: the DSS rewritten alone (the page in it, unchanged) is
    // validation data.
    let reports = verify_pdf(&claimed, &roots).unwrap();
    assert!(!reports[1].modified_after, "{reports:#?}");
}

/// The demo CA's services in this process: its authority and its OCSP
/// responder.
struct DemoCa {
    tsa: DemoTsa,
    ocsp: DemoOcsp,
}

impl timestamp::TsaTransport for DemoCa {
    fn exchange(&self, request: &[u8]) -> Result<Vec<u8>, SignError> {
        self.tsa.respond(request, Utc::now())
    }
}

impl RevocationTransport for DemoCa {
    fn ocsp(&self, _: &str, request: &[u8]) -> Result<Vec<u8>, SignError> {
        self.ocsp.respond(request, Utc::now())
    }
    fn crl(&self, url: &str) -> Result<Vec<u8>, SignError> {
        panic!("the demo certificates name no CRL, yet {url} was asked")
    }
}

#[test]
fn a_b_lta_signature_stays_valid_after_its_certificate_expired() {
    let now = Utc::now();
    // The CA's OCSP responder answers on loopback, where its certificates
    // say, for pyHanko's AdES validation at the end.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}/ocsp", listener.local_addr().unwrap());
    let url = url.as_str();
    let pki = demo_pki_answering_at(now, "Nguyễn Văn An", "HĐND", Some(url)).unwrap();
    let responder = DemoOcsp::new(pki.ocsp.clone(), pki.root.cert.clone());
    let app = axum::Router::new().route(
        "/ocsp",
        axum::routing::post(move |request: axum::body::Bytes| {
            let responder = responder.clone();
            async move { responder.respond(&request, Utc::now()).unwrap() }
        }),
    );
    runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
    // The chair's key with a certificate that lives four seconds.
    let chair = short_lived_chair(&pki, now + chrono::Duration::seconds(4), Some(url));
    let ca = Arc::new(DemoCa {
        tsa: pki.time_stamping_authority(),
        ocsp: DemoOcsp::new(pki.ocsp.clone(), pki.root.cert.clone()),
    });
    let stamper = TimeStamper::new(ca.clone(), vec![pki.root.cert.clone()]);
    let b_t = sign_pdf_timestamped(
        &make_test_pdf(),
        &chair,
        &invisible("ChuTich"),
        Some(&stamper),
    )
    .unwrap();
    let roots = [pki.root.cert.clone()];
    let long_term = add_long_term_data(&b_t, &roots, ca.as_ref(), Utc::now()).unwrap();
    let sealed = timestamp_document(&long_term, &stamper, "DauThoiGian").unwrap();
    let b_lta = add_document_timestamp_data(&sealed, &roots, ca.as_ref(), Utc::now()).unwrap();

    std::thread::sleep(Duration::from_secs(5));
    // The certificate has expired: the signature is judged at its
    // time-stamp, with the status recorded then.
    let r = &verify_pdf(&b_lta, &roots).unwrap()[0];
    assert!(r.intact && r.trusted && r.timestamp_trusted, "{r:?}");
    assert_eq!(r.level, PadesLevel::BLta);
    assert!(!r.modified_after && document_valid(std::slice::from_ref(r), true));
    // The control: the same signature without its validation data is B-T.
    assert_eq!(verify_pdf(&b_t, &roots).unwrap()[0].level, PadesLevel::BT);

    // pyHanko's AdES validation (EN 319 102-1) agrees: past validation at
    // the time-stamp's time, from the file's own validation data.
    let dir = out_dir("long-term-expired");
    let (path, root) = (dir.join("b-lta.pdf"), dir.join("root.pem"));
    std::fs::write(&path, &b_lta).unwrap();
    std::fs::write(&root, pki.root_pem()).unwrap();
    let out = pyhanko_adesverify(&path, &root);
    println!("{}", out.text);
    assert!(out.ok, "{}", out.text);
    assert!(
        out.text
            .contains("INTACT:TRUSTED,TIMESTAMP_TOKEN<INTACT:TRUSTED>"),
        "{}",
        out.text
    );
}
