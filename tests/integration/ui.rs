//! The web UI is served by the same server: `index.html` for the app's
//! paths, hashed assets cached for good, and `/api` keeps its JSON 404s.

use crate::common;

use common::Server;
use reqwest::{header, Method, StatusCode};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_serves_the_web_ui() {
    let server = Server::start().await;
    let api = server.api();
    let get = |path: &'static str| api.request(Method::GET, path).send();

    let index = get("/").await.unwrap();
    assert_eq!(index.status(), StatusCode::OK);
    assert!(index.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(index.headers()[header::CACHE_CONTROL], "no-cache");
    let html = index.text().await.unwrap();
    assert!(html.contains("lang=\"vi\""), "{html}");
    let script = html
        .split("src=\"/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("index.html loads a script")
        .to_owned();

    let asset = api
        .request(Method::GET, &format!("/{script}"))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::OK, "/{script}");
    assert!(asset.headers()[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert!(asset.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert!(asset.headers().get(header::CONTENT_ENCODING).is_none());
    let plain = asset.bytes().await.unwrap();

    // A browser (it accepts gzip) gets the embedded gzip copy as it is; it
    // inflates to the very file the UI build wrote. Without gzip in
    // Accept-Encoding (above), the server inflates it.
    let on_disk =
        std::fs::read(format!("{}/ui/dist/{script}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let with_encoding = |accepted: &'static str| {
        api.request(Method::GET, &format!("/{script}"))
            .header(header::ACCEPT_ENCODING, accepted)
            .send()
    };
    let packed = with_encoding("gzip, deflate, br").await.unwrap();
    assert_eq!(packed.status(), StatusCode::OK);
    assert_eq!(packed.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(packed.headers()[header::VARY], "accept-encoding");
    let gzip = packed.bytes().await.unwrap();
    assert!(
        gzip.len() < on_disk.len() / 2,
        "compressed: {} of {}",
        gzip.len(),
        on_disk.len()
    );
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gzip[..]), &mut inflated)
        .unwrap();
    assert_eq!(inflated, on_disk);
    assert_eq!(plain, on_disk);
    let refused = with_encoding("gzip;q=0, identity").await.unwrap();
    assert!(refused.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(refused.bytes().await.unwrap(), on_disk);

    // Any other app path is the app itself (it routes by #/…).
    let deep = get("/chamber/screen").await.unwrap();
    assert_eq!(deep.status(), StatusCode::OK);
    assert_eq!(deep.text().await.unwrap(), html);

    // The API keeps its JSON errors.
    for (method, path) in [
        (Method::GET, "/api/nothing-here"),
        (Method::POST, "/somewhere"),
    ] {
        let (status, body) = api.send(method, path, None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("no_route")),
            "{path}"
        );
    }
}
