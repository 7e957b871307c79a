//! The OpenAPI document is generated from the handlers: it lists the routes
//! and spells enum values the way the server sends and accepts them.

mod common;

use common::Server;
use reqwest::StatusCode;
use serde_json::Value;

/// Every `enum` array anywhere in the document.
fn enums<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            if let Some(e) = map.get("enum") {
                out.push(e);
            }
            map.values().for_each(|v| enums(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| enums(v, out)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_document_matches_the_wire() {
    let server = Server::start().await;
    let (status, doc) = server.api().get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/resolutions/{id}/issue",
        "/api/verify",
        "/api/sessions/{id}/minutes.docx",
        "/api/polls/{id}/ballot",
    ] {
        assert!(paths.contains_key(path), "{path} missing");
    }
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["SessionState"]["enum"],
        serde_json::json!(["draft", "convened", "in_progress", "closed"])
    );
    let mut found = Vec::new();
    enums(&doc, &mut found);
    assert!(found.len() > 10);
    for values in found {
        for v in values.as_array().unwrap() {
            let text = v.as_str().unwrap_or_default();
            assert!(
                !text.is_empty()
                    && text
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "enum value {v} is not spelled as on the wire"
            );
        }
    }
}
