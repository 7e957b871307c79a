//! The council's own seal and signature images: uploaded by the
//! secretariat as PNG, measured in the bounded child and checked (size,
//! transparent background, a red seal, blue ink) with a clear code for
//! every bad file and nothing kept; then shown in the resolutions it
//! issues, where the rendered page has them in their colours at the place
//! NĐ 30 gives them (the signature in the signer's block on the right, the
//! seal over its left third). A council without its own shows the samples.

use crate::common;
use crate::images;

use base64::Engine as _;
use chrono::Utc;
use common::{choices, new_poll, run_poll, Api, Chamber, Server};
use images::{encode, png, seal, signature};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const PASSWORD: &str = "mật khẩu chữ ký số";
/// The chair's name, in the roster and in the chair's certificate.
const SIGNER: &str = "Đại biểu số 01";
/// Distinctive inks, far from the samples' (and still red and blue).
const SEAL_INK: [u8; 3] = [230, 20, 130];
const SIGNATURE_INK: [u8; 3] = [0, 90, 255];

async fn put_png(api: &Api, path: &str, body: Vec<u8>) -> (StatusCode, Value) {
    let response = api
        .request(Method::PUT, path)
        .header("content-type", "image/png")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The bounding box of the pixels of the page image within 40 of `ink`
/// on every channel, with their count: (x0, y0, x1, y1, count).
fn ink_box(page: &image_file::Gray, ink: [u8; 3]) -> Option<(u32, u32, u32, u32, usize)> {
    let mut found: Option<(u32, u32, u32, u32, usize)> = None;
    for y in 0..page.height {
        for x in 0..page.width {
            let at = ((y * page.width + x) * 3) as usize;
            let px = &page.pixels[at..at + 3];
            if px.iter().zip(ink).all(|(&p, i)| p.abs_diff(i) <= 40) {
                let b = found.get_or_insert((x, y, x, y, 0));
                *b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y), b.4 + 1);
            }
        }
    }
    found
}

/// A page drawn by pdftoppm as PPM.
mod image_file {
    pub struct Gray {
        pub width: u32,
        pub height: u32,
        /// RGB.
        pub pixels: Vec<u8>,
    }

    pub fn last_page(pdf: &[u8], dir: &std::path::Path) -> Gray {
        let file = dir.join("issued.pdf");
        std::fs::write(&file, pdf).unwrap();
        let pages = std::process::Command::new("pdfinfo")
            .arg(&file)
            .output()
            .unwrap();
        let info = String::from_utf8_lossy(&pages.stdout);
        let count: u32 = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("pdfinfo gives the page count");
        let out = dir.join("page");
        let status = std::process::Command::new("pdftoppm")
            .args([
                "-r",
                "100",
                "-singlefile",
                "-f",
                &count.to_string(),
                "-l",
                &count.to_string(),
            ])
            .arg(&file)
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        let bytes = std::fs::read(out.with_extension("ppm")).unwrap();
        let text = |from: usize| {
            let end = from
                + bytes[from..]
                    .iter()
                    .position(u8::is_ascii_whitespace)
                    .unwrap();
            (
                String::from_utf8_lossy(&bytes[from..end]).into_owned(),
                end + 1,
            )
        };
        let (magic, at) = text(0);
        assert_eq!(magic, "P6");
        let (width, at) = text(at);
        let (height, at) = text(at);
        let (_, at) = text(at);
        Gray {
            width: width.parse().unwrap(),
            height: height.parse().unwrap(),
            pixels: bytes[at..].to_vec(),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_images_are_refused_with_a_reason_and_nothing_is_kept() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 9).await;
    let council = c.council;
    let seal_path = format!("/api/councils/{council}/signature-images/seal");
    let chair = c.delegates[0].0;
    let signature_path = format!("/api/councils/{council}/people/{chair}/signature-image");
    let before = server.blob_files();
    let opaque = encode(
        600,
        600,
        png::ColorType::Rgb,
        &[200u8, 20, 20].repeat(600 * 600),
    );
    let mut huge = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    huge.extend(50_000u32.to_be_bytes());
    huge.extend(50_000u32.to_be_bytes());
    huge.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    for (path, body, code) in [
        (
            &seal_path,
            b"%PDF-1.7 not an image".to_vec(),
            "image_not_png",
        ),
        (
            &seal_path,
            b"\x89PNG\r\n\x1a\ncut".to_vec(),
            "image_not_png",
        ),
        (&seal_path, huge, "image_too_large"),
        (&seal_path, opaque, "image_no_transparency"),
        (&seal_path, seal(SEAL_INK, 200), "image_too_small"),
        (&seal_path, seal(SIGNATURE_INK, 600), "seal_not_red"),
        (
            &seal_path,
            png(600, 600, SEAL_INK, |_, _| false),
            "image_empty",
        ),
        (
            &signature_path,
            signature([20, 20, 20], 800),
            "signature_not_blue",
        ),
        (
            &signature_path,
            signature(SEAL_INK, 800),
            "signature_not_blue",
        ),
    ] {
        let (status, body) = put_png(&c.secretary, path, body).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(code)),
            "{body}"
        );
        assert!(!body["message"].as_str().unwrap_or_default().is_empty());
    }
    // A file bigger than any seal scan is refused before it is read.
    let (status, _) = put_png(&c.secretary, &seal_path, vec![0; 5 << 20]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Someone of another council, a delegate, a stranger's council.
    let other = common::make_council(&c.admin, "HĐND xã Khác", 7).await;
    let stranger = c
        .admin
        .create(
            &format!("/api/councils/{other}/people"),
            json!({ "kind": "delegate", "full_name": "Người Ngoài" }),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    let (status, body) = put_png(
        &c.secretary,
        &format!("/api/councils/{council}/people/{stranger}/signature-image"),
        signature(SIGNATURE_INK, 800),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid_reference")),
        "{body}"
    );
    let (status, _) = put_png(&c.delegates[1].1, &seal_path, seal(SEAL_INK, 600)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = put_png(
        &c.secretary,
        &format!("/api/councils/{other}/signature-images/seal"),
        seal(SEAL_INK, 600),
    )
    .await;
    assert!(
        status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
        "{status}"
    );
    // Nothing of any of them was kept.
    assert_eq!(server.blob_files(), before);
    let (_, listed) = c
        .secretary
        .get(&format!("/api/councils/{council}/signature-images"))
        .await;
    assert_eq!(listed, json!([]));
}

/// Adopts a resolution signed by [`SIGNER`] and issues it; the PDF.
async fn issued(c: &Chamber, pki: &kyhop_docs::sign::DemoPki, subject: &str) -> Vec<u8> {
    let item = c.items[1];
    let poll = new_poll(c, item, json!({ "kind": "named", "title": subject })).await;
    assert_eq!(run_poll(c, poll, &choices(5, 1, 1)).await["passed"], true);
    let draft = json!({
        "agenda_item_id": item,
        "poll_id": poll,
        "subject": subject,
        "legal_bases": ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"],
        "articles": [{ "heading": "Phê duyệt", "paragraphs": ["Phê duyệt dự toán ngân sách năm 2027."] }],
        "recipients": ["Lưu: VT"],
        "authority": "TM. Hội đồng nhân dân",
        "signer_title": "Chủ tịch",
        "signer_name": SIGNER,
    });
    let id = c
        .secretary
        .create(&format!("/api/sessions/{}/resolutions", c.session), draft)
        .await["id"]
        .as_i64()
        .unwrap();
    let key = |p12: Vec<u8>| {
        json!({ "pkcs12": {
            "file_base64": base64::engine::general_purpose::STANDARD.encode(p12),
            "password": PASSWORD,
        }})
    };
    let (status, issued) = c
        .chair
        .post(
            &format!("/api/resolutions/{id}/issue"),
            json!({ "chair": key(pki.chair_p12(PASSWORD).unwrap()), "seal": key(pki.seal_p12(PASSWORD).unwrap()) }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{issued}");
    let response = c
        .chair
        .request(Method::GET, &format!("/api/resolutions/{id}/pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.bytes().await.unwrap().to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_councils_own_seal_and_signature_appear_where_nd30_puts_them() {
    let server = Server::start().await;
    let c = Chamber::new(&server, 9).await;
    c.check_in(0..7).await;
    c.start_at_item(1).await;
    let pki =
        kyhop_docs::sign::demo_pki_for(Utc::now(), SIGNER, "HĐND thành phố Biểu Quyết").unwrap();
    let tmp = tempfile::tempdir().unwrap();

    // Control: without its own, the council's resolution shows the samples.
    let page = image_file::last_page(&issued(&c, &pki, "Về dự toán lần một").await, tmp.path());
    assert_eq!(ink_box(&page, SEAL_INK), None);
    assert_eq!(ink_box(&page, SIGNATURE_INK), None);

    let council = c.council;
    let chair = c.delegates[0].0;
    let (status, kept) = put_png(
        &c.secretary,
        &format!("/api/councils/{council}/signature-images/seal"),
        seal(SEAL_INK, 600),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(
        (kept["kind"].as_str(), kept["width"].as_u64()),
        (Some("seal"), Some(600))
    );
    let (status, kept) = put_png(
        &c.secretary,
        &format!("/api/councils/{council}/people/{chair}/signature-image"),
        signature(SIGNATURE_INK, 800),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{kept}");
    assert_eq!(kept["person_id"], chair);
    // The images come back as they were sent.
    let back = c
        .chair
        .request(
            Method::GET,
            &format!("/api/councils/{council}/signature-images/seal"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(back.headers()["content-type"], "image/png");
    assert_eq!(back.bytes().await.unwrap().to_vec(), seal(SEAL_INK, 600));

    let page = image_file::last_page(&issued(&c, &pki, "Về dự toán lần hai").await, tmp.path());
    let (sx0, sy0, sx1, sy1, seal_pixels) = ink_box(&page, SEAL_INK).expect("the council's seal");
    let (gx0, gy0, gx1, gy1, ink_pixels) = ink_box(&page, SIGNATURE_INK).expect("its signature");
    assert!(
        seal_pixels > 500 && ink_pixels > 200,
        "{seal_pixels} {ink_pixels}"
    );
    let width = page.width as f32;
    // The seal at its true size: 36 mm at 100 dpi is 142 pixels.
    let seal_width = (sx1 - sx0) as f32;
    assert!(
        (seal_width - 141.7 * 0.96).abs() < 12.0,
        "seal {seal_width} px wide"
    );
    // The signer's block is on the right half of the page.
    assert!(
        gx0 as f32 > width * 0.45,
        "signature from x = {gx0} of {width}"
    );
    // The seal covers the left third of the signature, at its height.
    let third = gx0 as f32 + (gx1 - gx0) as f32 / 3.0;
    assert!(
        sx0 < gx0 && (sx1 as f32) > gx0 as f32 && (sx1 as f32) < third + 12.0,
        "seal x {sx0}..{sx1}, signature x {gx0}..{gx1}"
    );
    let (seal_mid, ink_mid) = ((sy0 + sy1) as f32 / 2.0, (gy0 + gy1) as f32 / 2.0);
    assert!(
        (seal_mid - ink_mid).abs() < 30.0,
        "seal y {sy0}..{sy1}, signature y {gy0}..{gy1}"
    );

    // Both are listed for the council's staff.
    let listed = c
        .secretary
        .get(&format!("/api/councils/{council}/signature-images"))
        .await
        .1;
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
}
