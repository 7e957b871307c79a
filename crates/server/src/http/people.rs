//! Delegate groups, committees, people, and their pairing codes.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path, Query};
use super::AppState;
use crate::services::pairing::{issue_card, PairingCard};
use kyhop_domain::{
    Account, Committee, DelegateGroup, NamePatch, NewNamed, NewPerson, PeopleImport, Person,
    PersonKind, PersonPatch,
};
use kyhop_store::{ImportOutcome, PendingCard, Roster, RosterEntry};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_groups, create_group))
        .routes(routes!(rename_group, delete_group))
        .routes(routes!(list_committees, create_committee))
        .routes(routes!(rename_committee, delete_committee))
        .routes(routes!(list_people, create_person))
        .routes(routes!(import_people))
        .routes(routes!(get_person, update_person, delete_person))
        .routes(routes!(issue_pairing_code))
        .routes(routes!(confirm_pairing_code))
        .routes(routes!(pending_pairing_codes))
}

// Delegate groups and committees are both a list of names in a council; one
// set of functions serves both.

async fn list_roster(
    state: &AppState,
    caller: &Caller,
    roster: Roster,
    council_id: i64,
) -> Result<Vec<RosterEntry>, ApiError> {
    caller.in_council(council_id, "council")?;
    state.store.council(council_id).await?;
    Ok(state.store.roster(roster, council_id).await?)
}

async fn create_in_roster(
    state: &AppState,
    caller: &Caller,
    roster: Roster,
    council_id: i64,
    new: NewNamed,
) -> Result<RosterEntry, ApiError> {
    caller.may(council_id, "council", policy::ROSTER)?;
    state.store.council(council_id).await?;
    Ok(state
        .store
        .create_roster_entry(caller.id(), roster, council_id, new.validated()?)
        .await?)
}

async fn rename_in_roster(
    state: &AppState,
    caller: &Caller,
    roster: Roster,
    id: i64,
    patch: NamePatch,
) -> Result<RosterEntry, ApiError> {
    let entry = state.store.roster_entry(roster, id).await?;
    caller.may(entry.council_id, roster.noun(), policy::ROSTER)?;
    Ok(state
        .store
        .rename_roster_entry(caller.id(), roster, id, patch.validated()?)
        .await?)
}

async fn delete_from_roster(
    state: &AppState,
    caller: &Caller,
    roster: Roster,
    id: i64,
) -> Result<StatusCode, ApiError> {
    let entry = state.store.roster_entry(roster, id).await?;
    caller.may(entry.council_id, roster.noun(), policy::ROSTER)?;
    state
        .store
        .delete_roster_entry(caller.id(), roster, id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn into_all<T: From<RosterEntry>>(entries: Vec<RosterEntry>) -> Vec<T> {
    entries.into_iter().map(T::from).collect()
}

#[utoipa::path(get, path = "/api/councils/{id}/delegate-groups", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<DelegateGroup>), (status = 404, body = ErrorBody)))]
async fn list_groups(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<DelegateGroup>>, ApiError> {
    Ok(Json(into_all(
        list_roster(&s, &caller, Roster::DelegateGroups, id).await?,
    )))
}

#[utoipa::path(post, path = "/api/councils/{id}/delegate-groups", tag = "people", params(("id" = i64, Path)),
    request_body = NewNamed,
    responses((status = 201, body = DelegateGroup), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_group(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewNamed>,
) -> Result<(StatusCode, Json<DelegateGroup>), ApiError> {
    let entry = create_in_roster(&s, &caller, Roster::DelegateGroups, id, new).await?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

#[utoipa::path(patch, path = "/api/delegate-groups/{id}", tag = "people", params(("id" = i64, Path)),
    request_body = NamePatch,
    responses((status = 200, body = DelegateGroup), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn rename_group(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(patch): Json<NamePatch>,
) -> Result<Json<DelegateGroup>, ApiError> {
    Ok(Json(
        rename_in_roster(&s, &caller, Roster::DelegateGroups, id, patch)
            .await?
            .into(),
    ))
}

#[utoipa::path(delete, path = "/api/delegate-groups/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_group(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    delete_from_roster(&s, &caller, Roster::DelegateGroups, id).await
}

#[utoipa::path(get, path = "/api/councils/{id}/committees", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Committee>), (status = 404, body = ErrorBody)))]
async fn list_committees(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<Committee>>, ApiError> {
    Ok(Json(into_all(
        list_roster(&s, &caller, Roster::Committees, id).await?,
    )))
}

#[utoipa::path(post, path = "/api/councils/{id}/committees", tag = "people", params(("id" = i64, Path)),
    request_body = NewNamed,
    responses((status = 201, body = Committee), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_committee(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewNamed>,
) -> Result<(StatusCode, Json<Committee>), ApiError> {
    let entry = create_in_roster(&s, &caller, Roster::Committees, id, new).await?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

#[utoipa::path(patch, path = "/api/committees/{id}", tag = "people", params(("id" = i64, Path)),
    request_body = NamePatch,
    responses((status = 200, body = Committee), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn rename_committee(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(patch): Json<NamePatch>,
) -> Result<Json<Committee>, ApiError> {
    Ok(Json(
        rename_in_roster(&s, &caller, Roster::Committees, id, patch)
            .await?
            .into(),
    ))
}

#[utoipa::path(delete, path = "/api/committees/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_committee(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    delete_from_roster(&s, &caller, Roster::Committees, id).await
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleFilter {
    /// Only people of this kind.
    pub kind: Option<PersonKind>,
}

/// Delegates, officials and guests of a council.
#[utoipa::path(get, path = "/api/councils/{id}/people", tag = "people", params(("id" = i64, Path), PeopleFilter),
    responses((status = 200, body = Vec<Person>), (status = 404, body = ErrorBody)))]
async fn list_people(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Query(filter): Query<PeopleFilter>,
) -> Result<Json<Vec<Person>>, ApiError> {
    caller.in_council(id, "council")?;
    state.store.council(id).await?;
    Ok(Json(state.store.people(id, filter.kind).await?))
}

#[utoipa::path(post, path = "/api/councils/{id}/people", tag = "people", params(("id" = i64, Path)),
    request_body = NewPerson,
    responses((status = 201, body = Person), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_person(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(new): Json<NewPerson>,
) -> Result<(StatusCode, Json<Person>), ApiError> {
    caller.may(id, "council", policy::ROSTER)?;
    state.store.council(id).await?;
    let person = state
        .store
        .create_person(caller.id(), id, new.validated()?)
        .await?;
    Ok((StatusCode::CREATED, Json(person)))
}

/// Add a list of people at once (a delegate list from a spreadsheet): in
/// one transaction, with the groups and committees they name made where the
/// council has none of that name (case and spacing aside) — or nothing at
/// all. A bad row is named in `field` ("people[3].full_name", rows from 0);
/// more delegates than seats is `409 more_delegates_than_seats`.
#[utoipa::path(post, path = "/api/councils/{id}/people/import", tag = "people", params(("id" = i64, Path)),
    request_body = PeopleImport,
    responses((status = 201, body = ImportOutcome), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "more_delegates_than_seats, duplicate"),
        (status = 422, body = ErrorBody)))]
async fn import_people(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(import): Json<PeopleImport>,
) -> Result<(StatusCode, Json<ImportOutcome>), ApiError> {
    caller.may(id, "council", policy::ROSTER)?;
    state.store.council(id).await?;
    let import = import.validated().map_err(|(row, e)| {
        let field = format!("people[{row}].{}", e.field);
        ApiError::from(e).with_field(field)
    })?;
    let outcome = state.store.import_people(caller.id(), id, import).await?;
    Ok((StatusCode::CREATED, Json(outcome)))
}

#[utoipa::path(get, path = "/api/people/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = Person), (status = 404, body = ErrorBody)))]
async fn get_person(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Person>, ApiError> {
    let person = state.store.person(id).await?;
    caller.in_council(person.council_id, "person")?;
    Ok(Json(person))
}

#[utoipa::path(patch, path = "/api/people/{id}", tag = "people", params(("id" = i64, Path)),
    request_body = PersonPatch,
    responses((status = 200, body = Person), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_person(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(patch): Json<PersonPatch>,
) -> Result<Json<Person>, ApiError> {
    let person = state.store.person(id).await?;
    caller.may(person.council_id, "person", policy::ROSTER)?;
    let edit = Box::new(move |p: &Person| {
        let n = patch.apply(p)?;
        Ok(Person {
            kind: n.kind,
            full_name: n.full_name,
            position_title: n.position_title,
            organization: n.organization,
            delegate_group_id: n.delegate_group_id,
            committee_ids: n.committee_ids,
            ..p.clone()
        })
    });
    Ok(Json(
        state.store.update_person(caller.id(), id, edit).await?,
    ))
}

#[utoipa::path(delete, path = "/api/people/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_person(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let person = state.store.person(id).await?;
    caller.may(person.council_id, "person", policy::ROSTER)?;
    state.store.delete_person(caller.id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Issue a one-time pairing code for a person; older unused codes of the
/// person stop working.
/// Never for an account that signs in with a password (staff, the chair):
/// 409 `not_pairable`. While a session of the council is convened or
/// sitting the card awaits the chair (`awaits_chair`); otherwise the
/// person's other sign-ins end at once.
#[utoipa::path(post, path = "/api/people/{id}/pairing-code", tag = "people", params(("id" = i64, Path)),
    responses((status = 201, body = PairingCard), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not_pairable")))]
async fn issue_pairing_code(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<PairingCard>), ApiError> {
    let person = state.store.person(id).await?;
    caller.may(person.council_id, "person", policy::ROSTER)?;
    let card = issue_card(
        state.store.as_ref(),
        &state.pairing_key,
        caller.id(),
        id,
        state.config.pairing_ttl,
    )
    .await?;
    let card = PairingCard {
        server: state.config.server_address.clone(),
        ..card
    };
    Ok((StatusCode::CREATED, Json(card)))
}

/// The chair confirms, in front of the chamber, the card printed for a
/// person during the session: it starts to work, and every other sign-in
/// of the person ends (their devices are told).
#[utoipa::path(post, path = "/api/people/{id}/pairing-code/confirm", tag = "people", params(("id" = i64, Path)),
    request_body = CardConfirmation,
    responses((status = 200, body = Account), (status = 404, body = ErrorBody, description = "No card of this person awaits the chair"),
        (status = 409, body = ErrorBody, description = "card_replaced: a newer card was printed since")))]
async fn confirm_pairing_code(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(card): Json<CardConfirmation>,
) -> Result<Json<Account>, ApiError> {
    let person = state.store.person(id).await?;
    caller.may(person.council_id, "person", policy::CHAIR)?;
    Ok(Json(
        state
            .store
            .confirm_pairing_code(caller.id(), id, card.issued_at)
            .await?,
    ))
}

/// Which card the chair confirms: the one on their screen.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CardConfirmation {
    /// The card's `issued_at`, as the pending list gave it.
    pub issued_at: chrono::DateTime<chrono::Utc>,
}

/// Cards that await the chair: printed during a session, or printed before
/// and not yet used while a session is convened or sitting.
#[utoipa::path(get, path = "/api/councils/{id}/pairing-codes/pending", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = Vec<PendingCard>), (status = 404, body = ErrorBody)))]
async fn pending_pairing_codes(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Vec<PendingCard>>, ApiError> {
    caller.may(id, "council", policy::COUNCIL_STAFF)?;
    Ok(Json(state.store.pending_pairing_codes(id).await?))
}
