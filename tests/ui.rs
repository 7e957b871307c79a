//! The web UI is served by the same server: `index.html` for the app's
//! paths, hashed assets cached for good, and `/api` keeps its JSON 404s.

mod common;

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
