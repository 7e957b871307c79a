//! Request extractors whose failures are [`ApiError`]s, and the signed-in
//! caller with the permission checks every handler makes.

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::StatusCode;
use chrono::Utc;

use super::error::{payload_too_large, ApiError};
use super::AppState;
use crate::auth::secret_hash;
use kyhop_domain::{Account, Role};
use kyhop_store::TokenLookup;

/// JSON body: a JSON object, as the API document says. Malformed bodies
/// become `malformed_json`; mistyped ones, and any body that is not an
/// object, `invalid_body` (serde would otherwise read an array as the
/// fields in order: `["name", null]` must not rename anything).
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(req.headers()) {
            return Err(ApiError::from(JsonRejection::MissingJsonContentType(
                Default::default(),
            )));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                payload_too_large()
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, "bad_request", r.body_text())
            }
        })?;
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first.is_some_and(|&b| b != b'{')
            && serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_ok()
        {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_body",
                "the body must be a JSON object",
            ));
        }
        let axum::Json(value) = axum::Json::<T>::from_bytes(&bytes)?;
        Ok(Json(value))
    }
}

/// An optional JSON body: none when the request has no content type or
/// an empty body (a bare `POST`), else as [`Json`].
impl<T, S> axum::extract::OptionalFromRequest<S> for Json<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(
        req: axum::extract::Request,
        state: &S,
    ) -> Result<Option<Self>, ApiError> {
        let empty = req
            .headers()
            .get(axum::http::header::CONTENT_LENGTH)
            .is_some_and(|length| length.as_bytes() == b"0");
        if empty
            || req
                .headers()
                .get(axum::http::header::CONTENT_TYPE)
                .is_none()
        {
            return Ok(None);
        }
        <Self as FromRequest<S>>::from_request(req, state)
            .await
            .map(Some)
    }
}

/// `Content-Type: application/json`, or any `application/…+json`, as axum
/// accepts.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: serde::Serialize> axum::response::IntoResponse for Json<T> {
    fn into_response(self) -> axum::response::Response {
        axum::Json(self.0).into_response()
    }
}

/// Path parameters; a non-numeric id becomes `bad_path`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct Path<T>(pub T);

/// Query parameters; bad values become `bad_query`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct Query<T>(pub T);

/// Who may do what. Roles are checked on the server for every request;
/// the UI hiding a button is a convenience, not a control.
pub mod policy {
    use kyhop_domain::Role::{self, *};

    /// Councils, terms and accounts.
    pub const ADMIN: &[Role] = &[Admin];
    /// Delegate groups, committees, people, pairing codes.
    pub const ROSTER: &[Role] = &[Admin, Secretary];
    /// Sessions, sittings and the agenda before the session runs; convening.
    pub const SESSION_SETUP: &[Role] = &[Admin, Secretary];
    /// Starting and closing a session.
    pub const CHAIR: &[Role] = &[Chair];
    /// The council's own event stream (people and account changes).
    pub const COUNCIL_STAFF: &[Role] = &[Admin, Secretary, Chair];
    /// Attendance of any delegate (a delegate checks only themselves in).
    pub const ATTENDANCE_DESK: &[Role] = &[Admin, Secretary];
    /// Uploading documents.
    pub const DOCUMENTS: &[Role] = &[Admin, Secretary];
    /// Putting someone else in the speakers' queue.
    pub const SPEAKERS_DESK: &[Role] = &[Chair, Secretary];
    /// Issuing (numbering and signing) a resolution.
    pub const SIGNING: &[Role] = &[Admin, Chair];
    /// The council's seal and its signers' signature images.
    pub const SIGNATURE_IMAGES: &[Role] = &[Admin, Secretary, Chair];
    /// Writing the minutes.
    pub const MINUTES: &[Role] = &[Admin, Secretary];
}

/// The signed-in account behind a request, whatever its password state.
/// Only sign-out, "who am I" and "change password" accept this directly.
pub struct AnyCaller {
    pub account: Account,
    pub token_hash: String,
}

/// A signed-in account that may act: it has no pending password change.
pub struct Caller {
    pub account: Account,
    /// The stored form of the token the request came with.
    pub token_hash: String,
}

fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

impl FromRequestParts<AppState> for AnyCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = bearer(parts).ok_or_else(|| {
            ApiError::unauthenticated(
                "unauthenticated",
                "sign in first: send Authorization: Bearer <token>",
            )
        })?;
        let token_hash = secret_hash(token);
        match state.store.token_account(&token_hash, Utc::now()).await? {
            TokenLookup::Valid(account) => Ok(AnyCaller {
                account,
                token_hash,
            }),
            TokenLookup::Expired => Err(ApiError::unauthenticated(
                "token_expired",
                "your sign-in has expired; sign in again",
            )),
            TokenLookup::Unknown => Err(ApiError::unauthenticated(
                "invalid_token",
                "this sign-in is not valid; sign in again",
            )),
        }
    }
}

/// The address a request came from: its TCP peer, or behind a reverse
/// proxy given as `--trusted-proxy`, the client that proxy names.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub std::net::IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or(std::net::Ipv4Addr::UNSPECIFIED.into(), |c| c.0.ip());
        Ok(Peer(peer))
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let AnyCaller {
            account,
            token_hash,
        } = AnyCaller::from_request_parts(parts, state).await?;
        if account.must_change_password {
            return Err(
                ApiError::forbidden("change your password before anything else")
                    .with_code("password_change_required"),
            );
        }
        Ok(Caller {
            account,
            token_hash,
        })
    }
}

impl Caller {
    pub fn id(&self) -> i64 {
        self.account.id
    }

    /// The caller may see records of `council_id`. Records of other councils
    /// answer 404, as if they did not exist, so that ids do not leak.
    pub fn in_council(&self, council_id: i64, what: &str) -> Result<(), ApiError> {
        if self.account.role == Role::Admin || self.account.council_id == Some(council_id) {
            Ok(())
        } else {
            Err(ApiError::not_found(what))
        }
    }

    /// The caller's role is one of `allowed`.
    pub fn require(&self, allowed: &[Role]) -> Result<(), ApiError> {
        if allowed.contains(&self.account.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "the {} role may not do this",
                self.account.role
            )))
        }
    }

    /// The delegate the caller is, if the account belongs to one.
    pub fn person_id(&self) -> Option<i64> {
        self.account.person_id
    }

    /// Both checks: the record is in the caller's council, and the role may act on it.
    pub fn may(&self, council_id: i64, what: &str, allowed: &[Role]) -> Result<(), ApiError> {
        self.in_council(council_id, what)?;
        self.require(allowed)
    }
}

impl ApiError {
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.body.code = code;
        self
    }
}
