//! Private notes and highlights over HTTP. Every route acts on the
//! caller's own notes only; someone else's note is simply not found.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::documents::{readable_document, readable_documents};
use super::error::{ApiError, ErrorBody};
use super::extract::{Caller, Json, Path};
use super::AppState;
use kyhop_domain::PageText;
use kyhop_domain::{anchor, text, to_markdown, Document, NewNote, Note, NotePatch};
use kyhop_store::{NoteScope, StoredNote};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notes, create_note))
        .routes(routes!(update_note, delete_note))
        .routes(routes!(export_notes))
}

/// Places stored notes in their documents' current versions.
async fn place(
    state: &AppState,
    docs: &[Document],
    stored: Vec<StoredNote>,
) -> Result<Vec<Note>, ApiError> {
    let mut pages: HashMap<i64, (u32, Vec<PageText>)> = HashMap::new();
    let mut out = Vec::with_capacity(stored.len());
    for n in stored {
        let Some(doc) = docs.iter().find(|d| d.id == n.document_id) else {
            continue;
        };
        let Some(current) = doc.current().map(|v| v.version) else {
            continue;
        };
        if let Entry::Vacant(slot) = pages.entry(doc.id) {
            slot.insert((current, state.store.version_pages(doc.id, current).await?));
        }
        let (version, text) = &pages[&doc.id];
        let page = anchor(text, &n.quote);
        out.push(Note {
            id: n.id,
            document_id: n.document_id,
            kind: n.kind,
            quote: n.quote,
            body: n.body,
            made_on_version: n.version,
            made_on_page: n.page,
            page,
            version: *version,
            orphaned: page.is_none(),
            created_at: n.created_at,
            updated_at: n.updated_at,
        });
    }
    Ok(out)
}

/// The caller's notes on a document, placed in its current version.
#[utoipa::path(get, path = "/api/documents/{id}/notes", tag = "notes", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Note>), (status = 404, body = ErrorBody)))]
async fn list_notes(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Note>>, ApiError> {
    let doc = readable_document(&state, &caller, id).await?;
    let stored = state
        .store
        .notes(caller.id(), NoteScope::Document(id))
        .await?;
    Ok(Json(
        place(&state, std::slice::from_ref(&doc), stored).await?,
    ))
}

/// Make a private note or highlight on a passage.
#[utoipa::path(post, path = "/api/documents/{id}/notes", tag = "notes", params(("id" = i64, Path)),
    request_body = NewNote,
    responses((status = 201, body = Note), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_note(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewNote>,
) -> Result<(StatusCode, Json<Note>), ApiError> {
    let doc = readable_document(&state, &caller, id).await?;
    let new = new.validated()?;
    let version = doc
        .versions
        .iter()
        .find(|v| v.version == new.version)
        .ok_or_else(|| {
            ApiError::from(text::ValidationError::new(
                "version",
                "the document has no such version",
            ))
        })?;
    if new.page == 0 || new.page > version.page_count {
        return Err(text::ValidationError::new(
            "page",
            format!("the version has pages 1 to {}", version.page_count),
        )
        .into());
    }
    let stored = state.store.create_note(caller.id(), id, new).await?;
    let mut placed = place(&state, std::slice::from_ref(&doc), vec![stored]).await?;
    let note = placed.pop().ok_or_else(ApiError::internal)?;
    Ok((StatusCode::CREATED, Json(note)))
}

async fn own_note_document(
    state: &AppState,
    caller: &Caller,
    note_id: i64,
) -> Result<Document, ApiError> {
    let stored = state
        .store
        .notes(caller.id(), NoteScope::Note(note_id))
        .await?;
    let note = stored.first().ok_or_else(|| ApiError::not_found("note"))?;
    readable_document(state, caller, note.document_id).await
}

/// Change the text of one's own note.
#[utoipa::path(patch, path = "/api/notes/{id}", tag = "notes", params(("id" = i64, Path)),
    request_body = NotePatch,
    responses((status = 200, body = Note), (status = 404, body = ErrorBody)))]
async fn update_note(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(patch): Json<NotePatch>,
) -> Result<Json<Note>, ApiError> {
    let doc = own_note_document(&state, &caller, id).await?;
    let body = text::multiline("body", &patch.body, text::MAX_TEXT)?;
    let stored = state.store.update_note(caller.id(), id, body).await?;
    let mut placed = place(&state, std::slice::from_ref(&doc), vec![stored]).await?;
    Ok(Json(placed.pop().ok_or_else(ApiError::internal)?))
}

#[utoipa::path(delete, path = "/api/notes/{id}", tag = "notes", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_note(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    state.store.delete_note(caller.id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's notes on every document of the session, as Markdown.
#[utoipa::path(get, path = "/api/sessions/{id}/notes.md", tag = "notes", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/markdown"), (status = 404, body = ErrorBody)))]
async fn export_notes(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<impl IntoResponse, ApiError> {
    let session = super::sessions::visible_session(&state, &caller, id).await?;
    let docs = readable_documents(&state, &caller, id).await?;
    let stored = state
        .store
        .notes(caller.id(), NoteScope::Session(id))
        .await?;
    let notes = place(&state, &docs, stored).await?;
    let mut out = format!("# Ghi chú — {}\n\n", session.title);
    for doc in &docs {
        let mine: Vec<Note> = notes
            .iter()
            .filter(|n| n.document_id == doc.id)
            .cloned()
            .collect();
        if !mine.is_empty() {
            out += &to_markdown(&doc.title, &mine);
        }
    }
    Ok((
        [(header::CONTENT_TYPE, "text/markdown; charset=utf-8")],
        out,
    ))
}
