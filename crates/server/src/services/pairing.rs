//! Issuing pairing cards: a one-time code per delegate, shown once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth;
use kyhop_domain::Account;
use kyhop_store::{Result, Store};

/// A freshly issued pairing code. It is shown once and stored only hashed.
#[derive(Debug, Serialize, ToSchema)]
pub struct PairingCard {
    /// The code to print on the card, e.g. "ABCD-EFGH".
    pub code: String,
    pub expires_at: DateTime<Utc>,
    /// The account the code signs in to (created if the person had none).
    pub account: Account,
    /// Issued while a session is convened or sitting: the card works once
    /// the chair has confirmed it (and then ends the person's other sign-ins).
    pub awaits_chair: bool,
    /// When it was issued (the chair's confirmation names it).
    pub issued_at: DateTime<Utc>,
    /// The person was signed in somewhere when the card was issued: that
    /// sign-in ends when the card takes effect.
    pub was_signed_in: bool,
    /// Where the card's laptop reaches the server (to print on the card).
    #[schema(required = true)]
    pub server: Option<crate::http::ServerAddress>,
}

/// Issues a new card for a person, valid for `ttl`; earlier cards of the
/// person stop working, and so do their sign-ins (at once, or when the
/// chair confirms a card issued during a session).
pub async fn issue_card(
    store: &dyn Store,
    key: &auth::PairingKey,
    actor: i64,
    person_id: i64,
    ttl: Duration,
) -> Result<PairingCard> {
    let code = auth::new_pairing_code();
    let expires_at = Utc::now() + ttl;
    let issued = store
        .issue_pairing_code(actor, person_id, key.hash(&code), expires_at)
        .await?;
    Ok(PairingCard {
        code,
        expires_at,
        account: issued.account,
        awaits_chair: issued.awaits_chair,
        issued_at: issued.issued_at,
        was_signed_in: issued.signed_in,
        server: None,
    })
}
