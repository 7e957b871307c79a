//! Accounts, managed by the administrator.

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{policy, Caller, Json, Path, Query};
use super::sign_in::hash_password;
use super::AppState;
use kyhop_domain::{Account, AccountPatch, NewAccount};
use kyhop_store::{AccountChange, AccountRecord};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_accounts, create_account))
        .routes(routes!(get_account, update_account, delete_account))
        .routes(routes!(end_sign_ins))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountFilter {
    /// Only accounts of this council.
    pub council_id: Option<i64>,
}

/// List accounts.
#[utoipa::path(get, path = "/api/accounts", tag = "accounts", params(AccountFilter),
    responses((status = 200, body = Vec<Account>), (status = 403, body = ErrorBody)))]
async fn list_accounts(
    State(state): State<AppState>,
    caller: Caller,
    Query(filter): Query<AccountFilter>,
) -> Result<Json<Vec<Account>>, ApiError> {
    caller.require(policy::ADMIN)?;
    Ok(Json(state.store.accounts(filter.council_id).await?))
}

/// Create an account. With a password, the user must change it at first
/// sign-in; without one, the account signs in with pairing codes.
#[utoipa::path(post, path = "/api/accounts", tag = "accounts", request_body = NewAccount,
    responses((status = 201, body = Account), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_account(
    State(state): State<AppState>,
    caller: Caller,
    Json(new): Json<NewAccount>,
) -> Result<(StatusCode, Json<Account>), ApiError> {
    caller.require(policy::ADMIN)?;
    let new = new.validated()?;
    let password_hash = match new.password {
        Some(p) => Some(hash_password(p.into()).await?),
        None => None,
    };
    let record = AccountRecord {
        must_change_password: password_hash.is_some(),
        username: new.username,
        display_name: new.display_name,
        role: new.role,
        council_id: new.council_id,
        person_id: new.person_id,
        password_hash,
    };
    let account = state
        .store
        .create_account(Some(caller.id()), record)
        .await?;
    Ok((StatusCode::CREATED, Json(account)))
}

/// One account.
#[utoipa::path(get, path = "/api/accounts/{id}", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 200, body = Account), (status = 404, body = ErrorBody)))]
async fn get_account(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Account>, ApiError> {
    caller.require(policy::ADMIN)?;
    Ok(Json(state.store.account(id).await?))
}

/// Change an account's name, username, role or the person it is for, reset
/// its password, or disable it (its sign-ins end; it signs in nowhere until
/// enabled again). A delegate's account names a delegate, the chair's a
/// delegate or nobody (`person_id`).
#[utoipa::path(patch, path = "/api/accounts/{id}", tag = "accounts", params(("id" = i64, Path)),
    request_body = AccountPatch,
    responses((status = 200, body = Account), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_account(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    Json(patch): Json<AccountPatch>,
) -> Result<Json<Account>, ApiError> {
    caller.require(policy::ADMIN)?;
    let account = state.store.account(id).await?;
    let has_password = state
        .store
        .account_by_username(&account.username)
        .await?
        .is_some_and(|(_, hash)| hash.is_some());
    let patch = patch.validated(&account, has_password, caller.id())?;
    let password = match patch.password {
        Some(p) => Some((hash_password(p.into()).await?, true)),
        None => None,
    };
    let change = AccountChange {
        display_name: patch.display_name,
        role: patch.role,
        username: patch.username,
        person_id: patch.person_id,
        disabled: patch.disabled,
        password,
    };
    Ok(Json(
        state.store.update_account(caller.id(), id, change).await?,
    ))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct SignInsEnded {
    /// How many sign-ins (devices) were ended.
    pub sign_ins: u64,
}

/// End every sign-in of an account — a lost laptop, a password seen — on
/// every device; the account may sign in again.
#[utoipa::path(post, path = "/api/accounts/{id}/sign-out", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 200, body = SignInsEnded), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn end_sign_ins(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<SignInsEnded>, ApiError> {
    caller.require(policy::ADMIN)?;
    // The administrator's own sign-ins end by signing out (this one) or by
    // a new password (the others): ending them all here would lock out the
    // one person who can set things right.
    if id == caller.id() {
        return Err(ApiError::invalid_state(
            "you cannot end your own sign-ins here: sign out, or change your password",
        ));
    }
    let sign_ins = state.store.end_sign_ins(caller.id(), id).await?;
    Ok(Json(SignInsEnded { sign_ins }))
}

/// Delete an account; its sign-ins end.
#[utoipa::path(delete, path = "/api/accounts/{id}", tag = "accounts", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_account(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    caller.require(policy::ADMIN)?;
    if id == caller.id() {
        return Err(ApiError::invalid_state(
            "you cannot delete your own account",
        ));
    }
    state.store.delete_account(caller.id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
