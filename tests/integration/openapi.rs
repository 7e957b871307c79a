//! The OpenAPI document is generated from the handlers: it lists the routes
//! and spells enum values the way the server sends and accepts them.

use crate::common;

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

/// What schemathesis found missing once: the errors every route can give,
/// a satisfiable NewResolution, a PDF body that is bytes, event streams
/// described event by event.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_document_is_exact() {
    let server = Server::start().await;
    let (_, doc) = server.api().get("/api/openapi.json").await;
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let responses = op["responses"].as_object().unwrap();
            let has = |status: &str| responses.contains_key(status);
            assert!(has("400"), "{method} {path} documents 400");
            let public = op["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r == &serde_json::json!({})));
            assert_eq!(
                has("401") && has("403"),
                !public,
                "{method} {path}: 401/403"
            );
            if path.contains('{') {
                assert!(has("404"), "{method} {path} documents 404");
            }
            if op.get("requestBody").is_some() {
                assert!(has("413") && has("415"), "{method} {path}: 413/415");
            }
        }
    }
    assert!(operations > 100, "{operations} operations");
    let new_resolution = &doc["components"]["schemas"]["NewResolution"];
    assert!(new_resolution.get("allOf").is_none(), "{new_resolution}");
    assert_eq!(new_resolution["additionalProperties"], false);
    for field in ["agenda_item_id", "subject", "articles"] {
        assert!(
            new_resolution["properties"].get(field).is_some(),
            "NewResolution.{field}"
        );
    }
    // The server's text checks are in the document (kyhop_domain::text).
    let name = &doc["components"]["schemas"]["NewCouncil"]["properties"]["name"];
    assert_eq!(
        (name["minLength"].as_u64(), name["maxLength"].as_u64()),
        (Some(1), Some(kyhop_domain::text::MAX_NAME as u64)),
        "{name}"
    );
    assert!(name["pattern"].is_string(), "{name}");
    // Nullable fields are always sent: required, with null allowed.
    let account = &doc["components"]["schemas"]["Account"];
    assert!(
        account["required"]
            .as_array()
            .is_some_and(|r| r.contains(&serde_json::json!("council_id"))),
        "{account}"
    );
    let pdf = &doc["paths"]["/api/verify"]["post"]["requestBody"]["content"]["application/pdf"];
    assert_eq!(pdf["schema"]["type"], "string");
    assert_eq!(pdf["schema"]["format"], "binary");
    let stream = &doc["paths"]["/api/sessions/{id}/events"]["get"]["responses"]["200"]["content"]
        ["text/event-stream"]["schema"];
    assert_eq!(
        stream["properties"]["data"]["contentMediaType"],
        "application/json"
    );
    assert_eq!(
        stream["properties"]["data"]["contentSchema"]["$ref"],
        "#/components/schemas/Event"
    );
}

/// The web UI's types are generated from `ui/openapi.json`: it must be the
/// document the server serves (`kyhop openapi > ui/openapi.json`, then
/// `npm run gen:api` in ui/).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ui_has_the_current_document() {
    let server = Server::start().await;
    let (_, served) = server.api().get("/api/openapi.json").await;
    let printed = std::process::Command::new(common::BIN)
        .arg("openapi")
        .output()
        .expect("kyhop openapi");
    assert!(printed.status.success());
    let printed: Value = serde_json::from_slice(&printed.stdout).expect("JSON");
    assert_eq!(
        printed, served,
        "kyhop openapi prints what the server serves"
    );
    let committed = std::fs::read(common::repo_file("ui/openapi.json")).expect("ui/openapi.json");
    let committed: Value = serde_json::from_slice(&committed).expect("ui/openapi.json is JSON");
    assert!(
        committed == served,
        "ui/openapi.json is out of date: run `cargo run -- openapi > ui/openapi.json` \
         and `npm run gen:api` in ui/"
    );
}
