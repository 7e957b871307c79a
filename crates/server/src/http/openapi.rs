//! The API document: what every route says of itself (its `utoipa::path`),
//! plus what every route can answer whatever it does — the errors of the
//! extractors and of the permission checks — so that a client generated
//! from the document knows every status it may get.

use serde_json::json;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, Response, ResponseBuilder};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "KyHop API",
        description = "Paperless council sessions (kỳ họp không giấy). Errors are JSON \
            `{code, message, field?}` with a stable `code`. Authenticate with \
            `Authorization: Bearer <token>` from `/api/auth/login` or `/api/auth/pair`."
    ),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The error answers any operation may give, as shared responses
/// (`#/components/responses/…`), by status.
const COMMON_ERRORS: &[(&str, &str, &str)] = &[
    (
        "400",
        "BadRequest",
        "A malformed request: bad path or query parameters, or unreadable JSON \
         (`bad_path`, `bad_query`, `malformed_json`, `bad_request`).",
    ),
    (
        "401",
        "Unauthenticated",
        "Not signed in, or the sign-in is no longer valid \
         (`unauthenticated`, `invalid_token`, `token_expired`).",
    ),
    (
        "403",
        "Forbidden",
        "The caller's role may not do this, or a password change is due \
         (`forbidden`, `password_change_required`).",
    ),
    (
        "404",
        "NotFound",
        "No such record, or one of another council (`not_found`).",
    ),
    (
        "409",
        "Conflict",
        "The records are not in a state that allows this \
         (`invalid_state`, `duplicate`, `in_use`, or the refusal's own code).",
    ),
    (
        "413",
        "PayloadTooLarge",
        "The body is larger than allowed (`payload_too_large`).",
    ),
    (
        "415",
        "UnsupportedMediaType",
        "The body is not of the content type this operation takes \
         (`unsupported_media_type`).",
    ),
    (
        "422",
        "Unprocessable",
        "A field fails its checks (`validation_failed`, `invalid_body`, \
         `invalid_reference`); `field` names it.",
    ),
    (
        "503",
        "ServiceUnavailable",
        "The database cannot be reached now: nothing was changed, and the same \
         request may be sent again (`database_unavailable`).",
    ),
];

/// Adds to every operation the error answers it can give besides its own:
/// run after all routes are merged.
pub fn add_common_errors(openapi: &mut utoipa::openapi::OpenApi) {
    let signed_in_by_default = openapi.security.as_ref().is_some_and(|s| !s.is_empty());
    let components = openapi.components.get_or_insert_with(Default::default);
    for (_, name, description) in COMMON_ERRORS {
        components
            .responses
            .insert((*name).to_owned(), error_response(description));
    }
    for (path, item) in openapi.paths.paths.iter_mut() {
        let has_path_params = path.contains('{');
        for (method, op) in operations(item) {
            let has_query = op
                .parameters
                .iter()
                .flatten()
                .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query));
            let has_body = op.request_body.is_some();
            let applies = |status: &str| match status {
                "400" => true,
                "401" | "403" => requires_sign_in(op, signed_in_by_default),
                "404" => has_path_params,
                "409" => method != "get",
                "413" | "415" => has_body,
                "422" => method != "get" || has_query,
                "503" => true,
                _ => false,
            };
            let wanted: Vec<(&str, &str)> = COMMON_ERRORS
                .iter()
                .filter(|(status, _, _)| applies(status))
                .map(|(status, name, _)| (*status, *name))
                .collect();
            for (status, name) in wanted {
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| {
                        RefOr::Ref(Ref::new(format!("#/components/responses/{name}")))
                    });
            }
        }
    }
}

fn operations(item: &mut PathItem) -> Vec<(&'static str, &mut Operation)> {
    [
        ("get", item.get.as_mut()),
        ("put", item.put.as_mut()),
        ("post", item.post.as_mut()),
        ("delete", item.delete.as_mut()),
        ("patch", item.patch.as_mut()),
        ("head", item.head.as_mut()),
    ]
    .into_iter()
    .filter_map(|(m, op)| op.map(|op| (m, op)))
    .collect()
}

/// An operation needs a sign-in unless it says `security(())` (an empty
/// requirement: anyone may call it).
fn requires_sign_in(op: &Operation, by_default: bool) -> bool {
    match &op.security {
        None => by_default,
        Some(requirements) => !requirements
            .iter()
            .any(|r| serde_json::to_value(r).is_ok_and(|v| v == json!({}))),
    }
}

fn error_response(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build(),
    )
}

/// The document as served: what utoipa cannot say is said here, on the
/// JSON itself.
pub fn finish(doc: &utoipa::openapi::OpenApi) -> serde_json::Value {
    let mut doc = serde_json::to_value(doc).unwrap_or_else(|_| json!({}));
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(|s| s.as_object_mut())
    {
        flatten_closed_all_of(schemas);
    }
    if let Some(paths) = doc.pointer_mut("/paths").and_then(|p| p.as_object_mut()) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for op in item.values_mut() {
                describe_event_streams(op);
                describe_binary_bodies(op);
            }
        }
    }
    doc
}

/// A struct that flattens a closed one (`#[serde(flatten)]` of a struct
/// with `deny_unknown_fields`) comes out of utoipa as `allOf` of a closed
/// object and the outer fields, which no value satisfies. The wire takes
/// one closed object with all the fields: say so.
fn flatten_closed_all_of(schemas: &mut serde_json::Map<String, serde_json::Value>) {
    let snapshot = schemas.clone();
    for schema in schemas.values_mut() {
        let Some(parts) = schema.get("allOf").and_then(|a| a.as_array()) else {
            continue;
        };
        let resolved: Vec<&serde_json::Value> = parts
            .iter()
            .map(|part| {
                part.get("$ref")
                    .and_then(|r| r.as_str())
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                    .and_then(|name| snapshot.get(name))
                    .unwrap_or(part)
            })
            .collect();
        let closed = resolved
            .iter()
            .any(|p| p.get("additionalProperties") == Some(&json!(false)));
        if !closed || resolved.iter().any(|p| p.get("properties").is_none()) {
            continue;
        }
        let mut properties = serde_json::Map::new();
        let mut required = Vec::new();
        for part in &resolved {
            if let Some(props) = part.get("properties").and_then(|p| p.as_object()) {
                properties.extend(props.clone());
            }
            if let Some(req) = part.get("required").and_then(|r| r.as_array()) {
                required.extend(req.iter().cloned());
            }
        }
        let description = schema.get("description").cloned();
        *schema = json!({
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": false,
        });
        if let Some(d) = description {
            schema["description"] = d;
        }
    }
}

/// Server-Sent Events: each event has the sequence number as its `id` and
/// one committed event as JSON in its `data` (OpenAPI 3.1: the media type's
/// schema describes one event).
fn describe_event_streams(op: &mut serde_json::Value) {
    let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else {
        return;
    };
    for response in responses.values_mut() {
        if let Some(stream) = response.pointer_mut("/content/text~1event-stream") {
            *stream = json!({
                "schema": {
                    "type": "object",
                    "required": ["id", "data"],
                    "properties": {
                        "id": { "type": "string", "pattern": "^[0-9]+$",
                                "description": "The event's sequence number in its stream." },
                        "data": {
                            "type": "string",
                            "contentMediaType": "application/json",
                            "contentSchema": { "$ref": "#/components/schemas/Event" }
                        }
                    }
                }
            });
        }
    }
}

/// A request body of a file type is the file's bytes, not a JSON array of
/// numbers (`Vec<u8>` in the handler).
fn describe_binary_bodies(op: &mut serde_json::Value) {
    let Some(content) = op
        .pointer_mut("/requestBody/content")
        .and_then(|c| c.as_object_mut())
    else {
        return;
    };
    for (media_type, body) in content.iter_mut() {
        let is_bytes = body.pointer("/schema/type") == Some(&json!("array"))
            && body.pointer("/schema/items/type") == Some(&json!("integer"));
        if is_bytes && !media_type.contains("json") {
            body["schema"] = json!({
                "type": "string",
                "format": "binary",
                "contentMediaType": media_type,
            });
        }
    }
}
