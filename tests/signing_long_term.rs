//! PAdES long-term signatures: validation data (the /DSS) added after the
//! chair's and the seal's signatures leaves both valid — for our verifier,
//! pyHanko and qpdf — while any other change after the last signature,
//! even one dressed up as validation data, is caught.

mod sign_support;
use sign_support as common;

use chrono::Utc;
use common::*;
use kyhop_docs::sign::*;

fn invisible(field: &str) -> SignRequest {
    SignRequest {
        field_name: field.into(),
        page: 1,
        rect: [0.0; 4],
        appearance: None,
        signer_name: String::new(),
        reason: None,
        location: None,
        signing_time: Utc::now(),
    }
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
