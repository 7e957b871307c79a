//! Signing in with a password or a pairing code, signing out, and changing
//! one's own password.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{ApiError, ErrorBody};
use super::extract::{AnyCaller, Json};
use super::AppState;
use crate::auth;
use kyhop_domain::{check_password, Account};
use kyhop_store::NewToken;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(pair))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(change_password))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PairRequest {
    /// The code on the delegate's pairing card, e.g. "ABCD-EFGH" (case,
    /// spaces and dashes do not matter).
    pub code: String,
}

/// A new sign-in.
#[derive(Serialize, ToSchema)]
pub struct SignedIn {
    /// Bearer token: send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub account: Account,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

fn new_token(state: &AppState) -> (String, NewToken) {
    let token = auth::new_token();
    let expires_at = Utc::now() + state.config.token_ttl;
    let record = NewToken {
        hash: auth::secret_hash(&token),
        expires_at,
    };
    (token, record)
}

/// Runs argon2 off the async threads: it takes tens of milliseconds on purpose.
async fn verify_password(password: String, hash: String) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .map_err(|_| ApiError::internal())
}

pub(super) async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|_| ApiError::internal())?
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            ApiError::internal()
        })
}

fn wrong_credentials() -> ApiError {
    ApiError::unauthenticated("wrong_credentials", "wrong username or password")
}

/// Sign in with username and password.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", security(()),
    request_body = LoginRequest,
    responses((status = 200, body = SignedIn), (status = 401, body = ErrorBody)))]
async fn login(
    State(state): State<AppState>,
    Json(req): Json<LoginRequest>,
) -> Result<Json<SignedIn>, ApiError> {
    let username = req.username.trim().to_lowercase();
    let found = state.store.account_by_username(&username).await?;
    // Verify against a dummy hash when there is no such account, so that the
    // answer takes as long either way.
    let hash = found
        .as_ref()
        .and_then(|(_, h)| h.clone())
        .unwrap_or_else(|| auth::dummy_password_hash().to_owned());
    let ok = verify_password(req.password, hash).await?;
    let Some((account, Some(_))) = found.filter(|_| ok) else {
        return Err(wrong_credentials());
    };
    let (token, record) = new_token(&state);
    let expires_at = record.expires_at;
    state.store.create_token(account.id, record).await?;
    tracing::info!(account = account.id, "signed in with password");
    Ok(Json(SignedIn {
        token,
        expires_at,
        account,
    }))
}

/// Sign in with a one-time pairing code from a delegate's card.
#[utoipa::path(post, path = "/api/auth/pair", tag = "auth", security(()),
    request_body = PairRequest,
    responses((status = 200, body = SignedIn), (status = 401, body = ErrorBody,
        description = "pairing_code_unknown, pairing_code_expired, pairing_code_used or pairing_code_replaced")))]
async fn pair(
    State(state): State<AppState>,
    Json(req): Json<PairRequest>,
) -> Result<Json<SignedIn>, ApiError> {
    let code = auth::normalize_pairing_code(&req.code).ok_or_else(|| {
        ApiError::unauthenticated(
            "pairing_code_unknown",
            "this is not a pairing code: 8 letters and digits, e.g. ABCD-EFGH",
        )
    })?;
    let (token, record) = new_token(&state);
    let expires_at = record.expires_at;
    let account = state
        .store
        .redeem_pairing_code(&auth::secret_hash(&code), Utc::now(), record)
        .await?;
    tracing::info!(account = account.id, "signed in with pairing code");
    Ok(Json(SignedIn {
        token,
        expires_at,
        account,
    }))
}

/// End this sign-in.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth",
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn logout(State(state): State<AppState>, caller: AnyCaller) -> Result<StatusCode, ApiError> {
    state.store.delete_token(&caller.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in account.
#[utoipa::path(get, path = "/api/auth/me", tag = "auth",
    responses((status = 200, body = Account), (status = 401, body = ErrorBody)))]
async fn me(caller: AnyCaller) -> Json<Account> {
    Json(caller.account)
}

/// Change one's own password (required after the first sign-in with a
/// generated password). Other sign-ins of the account end.
#[utoipa::path(post, path = "/api/auth/password", tag = "auth",
    request_body = PasswordChange,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_password(
    State(state): State<AppState>,
    caller: AnyCaller,
    Json(req): Json<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let stored = state
        .store
        .account_by_username(&caller.account.username)
        .await?;
    let Some(current_hash) = stored.and_then(|(_, h)| h) else {
        return Err(ApiError::invalid_state(
            "this account signs in with a pairing code and has no password",
        ));
    };
    if !verify_password(req.current_password, current_hash).await? {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "wrong_password",
            "the current password is wrong",
        )
        .with_field("current_password"));
    }
    check_password(&req.new_password).map_err(|e| ApiError::from(e).with_field("new_password"))?;
    let hash = hash_password(req.new_password).await?;
    state
        .store
        .change_password(caller.account.id, hash, &caller.token_hash)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
