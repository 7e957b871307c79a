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
use super::extract::Peer;
use super::extract::{AnyCaller, Json};
use super::AppState;
use crate::auth;
use crate::services::throttle::{Attempt, Refused};
use kyhop_domain::{check_password, Account};
use kyhop_store::{NewToken, PairingError, StoreError};
use zeroize::Zeroizing;

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
    #[schema(value_type = String)]
    pub password: Zeroizing<String>,
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
    #[schema(value_type = String)]
    pub current_password: Zeroizing<String>,
    #[schema(value_type = String)]
    pub new_password: Zeroizing<String>,
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

/// Argon2 takes tens of milliseconds and 19 MiB on purpose: at most two
/// per core run at once, off the async threads, so that a flood of sign-ins
/// can neither exhaust memory nor starve the ballots; a request that waits
/// longer than [`ARGON2_WAIT`] for its turn is told to come back.
async fn argon2<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let slots = SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(2 * cores)
    });
    let _slot = tokio::time::timeout(ARGON2_WAIT, slots.acquire())
        .await
        .map_err(|_| busy())?
        .map_err(|_| ApiError::internal())?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| ApiError::internal())
}

/// The longest a sign-in waits for a free Argon2 slot.
const ARGON2_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

fn busy() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "sign_in_busy",
        "too many sign-ins at once; try again in a few seconds",
    )
}

async fn verify_password(password: Zeroizing<String>, hash: String) -> Result<bool, ApiError> {
    argon2(move || auth::verify_password(&password, &hash)).await
}

pub(super) async fn hash_password(password: Zeroizing<String>) -> Result<String, ApiError> {
    argon2(move || auth::hash_password(&password))
        .await?
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            ApiError::internal()
        })
}

fn too_many(refused: Refused) -> ApiError {
    let error = ApiError::too_many(
        "too_many_attempts",
        "too many wrong attempts from this address; wait and try again",
        refused.wait,
    );
    if refused.disconnect {
        error.closing_connection()
    } else {
        error
    }
}

fn wrong_credentials() -> ApiError {
    ApiError::unauthenticated("wrong_credentials", "wrong username or password")
}

/// Sign in with username and password.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", security(()),
    request_body = LoginRequest,
    responses((status = 200, body = SignedIn), (status = 401, body = ErrorBody),
        (status = 429, body = ErrorBody, description = "too_many_attempts: wait `Retry-After` seconds"),
        (status = 503, body = ErrorBody, description = "sign_in_busy")))]
async fn login(
    State(state): State<AppState>,
    peer: Peer,
    Json(req): Json<LoginRequest>,
) -> Result<Json<SignedIn>, ApiError> {
    state.sign_in_guard.check(peer.0).map_err(too_many)?;
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
        state
            .sign_in_guard
            .failed(&state.store, Attempt::Password, peer.0);
        return Err(wrong_credentials());
    };
    state.sign_in_guard.succeeded(peer.0);
    if account.disabled {
        // Told only to whoever knows the password: the administrator's to lift.
        return Err(ApiError::unauthenticated(
            "account_disabled",
            "this account is disabled; ask the administrator",
        ));
    }
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
        description = "pairing_code_unknown, pairing_code_expired, pairing_code_used or pairing_code_replaced"),
        (status = 409, body = ErrorBody, description = "pairing_awaits_chair"),
        (status = 429, body = ErrorBody, description = "too_many_attempts: wait `Retry-After` seconds")))]
async fn pair(
    State(state): State<AppState>,
    peer: Peer,
    Json(req): Json<PairRequest>,
) -> Result<Json<SignedIn>, ApiError> {
    let guard = &state.sign_in_guard;
    guard.check(peer.0).map_err(too_many)?;
    let failed = |e: ApiError| {
        guard.failed(&state.store, Attempt::PairingCode, peer.0);
        e
    };
    let code = auth::normalize_pairing_code(&req.code).ok_or_else(|| {
        failed(ApiError::unauthenticated(
            "pairing_code_unknown",
            "this is not a pairing code: 8 letters and digits, e.g. ABCD-EFGH",
        ))
    })?;
    // Guesses are looked up on the read pool: a flood of them never takes
    // the writer that ballots are committed on.
    let mut code_hash = None;
    for hash in [
        state.pairing_key.hash(&code),
        // Cards printed before codes were keyed (they expire by themselves).
        auth::secret_hash(&code),
    ] {
        if state.store.pairing_code_known(&hash).await? {
            code_hash = Some(hash);
            break;
        }
    }
    let code_hash =
        code_hash.ok_or_else(|| failed(StoreError::Pairing(PairingError::Unknown).into()))?;
    let (token, record) = new_token(&state);
    let expires_at = record.expires_at;
    let account = match state
        .store
        .redeem_pairing_code(&code_hash, Utc::now(), record)
        .await
    {
        Ok(account) => account,
        // The chair has not confirmed the card yet: the code was right.
        Err(e @ StoreError::Pairing(PairingError::AwaitsChair)) => return Err(e.into()),
        Err(e @ StoreError::Pairing(_)) => return Err(failed(e.into())),
        Err(e) => return Err(e.into()),
    };
    guard.succeeded(peer.0);
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
    if caller.account.username == crate::startup::INITIAL_ADMIN {
        if let Some(dir) = &state.config.data_dir {
            crate::startup::forget_initial_password(dir);
        }
    }
    Ok(StatusCode::NO_CONTENT)
}
