use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::rows::{self, fetch_all, fetch_one, ACCOUNT_COLUMNS};
use super::SqlStore;
use super::{db_time, Conn, DbTime};
use kyhop_domain::events::Stream;
use kyhop_domain::{
    card_needs_chair, check_account_person, check_pairable, Account, PersonKind, Role,
    SessionState, SignInAlarm,
};
use kyhop_store::{
    AccountChange, AccountRecord, AccountStore, IssuedCard, NewToken, PairingError, PendingCard,
    Result, StoreError, TokenLookup,
};

/// Account events go to the account's council, or to the system stream for
/// the system administrator.
fn stream_of(account: &Account) -> Stream {
    account.council_id.map_or(Stream::System, Stream::Council)
}

/// The kind of person `person_id` is, checked to be of `council_id`.
async fn person_kind_in(
    conn: &mut Conn,
    person_id: Option<i64>,
    council_id: Option<i64>,
) -> Result<Option<PersonKind>> {
    let Some(person_id) = person_id else {
        return Ok(None);
    };
    let row: Option<(Option<i64>, String)> =
        sqlx::query_as("SELECT council_id, kind FROM people WHERE id = $1")
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?;
    match row {
        Some((council, kind)) if council == council_id => Ok(Some(kind.parse()?)),
        _ => Err(StoreError::invalid_reference(
            "person_id",
            format!("no person {person_id} in this council"),
        )),
    }
}

async fn account_in(conn: &mut Conn, id: i64) -> Result<Account> {
    let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE id = $1");
    fetch_one!(sqlx::query(&sql).bind(id), conn, rows::account, "account")
}

/// The council's sessions that are convened or sitting: (id, state).
async fn live_sessions_in(conn: &mut Conn, council_id: i64) -> Result<Vec<(i64, SessionState)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, state FROM sessions WHERE council_id = $1 AND state IN ('convened', 'in_progress')",
    )
    .bind(council_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, state)| Ok((id, state.parse()?)))
        .collect()
}

/// Ends every sign-in of the account (a new card replaces them), and tells
/// its devices: `account.signed_out` on the council's stream and on each
/// of `sessions`. Returns how many sign-ins ended.
async fn sign_out_everywhere(
    tx: &mut super::WriteTx<'_>,
    account: &Account,
    sessions: &[i64],
) -> Result<u64> {
    let ended = sqlx::query("DELETE FROM tokens WHERE account_id = $1")
        .bind(account.id)
        .execute(tx.conn())
        .await?
        .rows_affected();
    if ended == 0 {
        return Ok(0);
    }
    let payload = serde_json::json!({
        "account_id": account.id,
        "person_id": account.person_id,
        "reason": "new_card",
        "sign_ins": ended,
    });
    tx.emit(stream_of(account), "account.signed_out", &payload)
        .await?;
    for session in sessions {
        tx.emit(Stream::Session(*session), "account.signed_out", &payload)
            .await?;
    }
    Ok(ended)
}

async fn insert_token(
    conn: &mut Conn,
    account_id: i64,
    token: &NewToken,
    now: &DbTime,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO tokens (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(&token.hash)
    .bind(account_id)
    .bind(now)
    .bind(db_time(token.expires_at))
    .execute(conn)
    .await?;
    Ok(())
}

#[async_trait]
impl AccountStore for SqlStore {
    async fn account_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
            .fetch_one(&self.reader)
            .await?)
    }

    async fn create_account(&self, actor: Option<i64>, new: AccountRecord) -> Result<Account> {
        let mut tx = self.write(actor).await?;
        if let Some(council_id) = new.council_id {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM councils WHERE id = $1")
                .bind(council_id)
                .fetch_optional(tx.conn())
                .await?;
            if exists.is_none() {
                return Err(StoreError::invalid_reference(
                    "council_id",
                    format!("no council {council_id}"),
                ));
            }
        }
        // The council first, then the person of it the account stands for.
        let kind = person_kind_in(tx.conn(), new.person_id, new.council_id).await?;
        check_account_person(new.role, kind)?;
        let now = tx.now_db();
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO accounts (username, display_name, role, council_id, person_id, password_hash,
                must_change_password, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(&new.username)
        .bind(&new.display_name)
        .bind(new.role.as_str())
        .bind(new.council_id)
        .bind(new.person_id)
        .bind(&new.password_hash)
        .bind(new.must_change_password)
        .bind(&now)
        .fetch_one(tx.conn())
        .await?;
        let account = account_in(tx.conn(), id).await?;
        tx.emit(stream_of(&account), "account.created", &account)
            .await?;
        tx.commit().await?;
        Ok(account)
    }

    async fn account(&self, id: i64) -> Result<Account> {
        account_in(&mut *self.reader.acquire().await?, id).await
    }

    async fn accounts(&self, council_id: Option<i64>) -> Result<Vec<Account>> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM accounts WHERE $1 IS NULL OR council_id = $1 ORDER BY id");
        fetch_all!(
            sqlx::query(&sql).bind(council_id),
            &self.reader,
            rows::account
        )
    }

    async fn update_account(&self, actor: i64, id: i64, change: AccountChange) -> Result<Account> {
        let mut tx = self.write(Some(actor)).await?;
        let current = account_in(tx.conn(), id).await?;
        // The person the account will stand for, checked against the role
        // it will have.
        let person_id = change.person_id.unwrap_or(current.person_id);
        let role = change.role.unwrap_or(current.role);
        let kind = person_kind_in(tx.conn(), person_id, current.council_id).await?;
        check_account_person(role, kind)?;
        sqlx::query(
            "UPDATE accounts SET display_name = COALESCE($1, display_name), role = $2,
                username = COALESCE($3, username), person_id = $4,
                disabled = COALESCE($5, disabled) WHERE id = $6",
        )
        .bind(&change.display_name)
        .bind(role.as_str())
        .bind(&change.username)
        .bind(person_id)
        .bind(change.disabled)
        .bind(id)
        .execute(tx.conn())
        .await?;
        if let Some((hash, must_change)) = &change.password {
            sqlx::query(
                "UPDATE accounts SET password_hash = $1, must_change_password = $2 WHERE id = $3",
            )
            .bind(hash)
            .bind(must_change)
            .bind(id)
            .execute(tx.conn())
            .await?;
        }
        // A reset password, and a disabled account, end every sign-in.
        if change.password.is_some() || change.disabled == Some(true) {
            sqlx::query("DELETE FROM tokens WHERE account_id = $1")
                .bind(id)
                .execute(tx.conn())
                .await?;
        }
        let account = account_in(tx.conn(), id).await?;
        let payload =
            serde_json::json!({ "account": account, "password_reset": change.password.is_some() });
        tx.emit(stream_of(&current), "account.updated", &payload)
            .await?;
        tx.commit().await?;
        self.sign_ins_changed().await;
        Ok(account)
    }

    async fn end_sign_ins(&self, actor: i64, id: i64) -> Result<u64> {
        let mut tx = self.write(Some(actor)).await?;
        let account = account_in(tx.conn(), id).await?;
        let ended = sqlx::query("DELETE FROM tokens WHERE account_id = $1")
            .bind(id)
            .execute(tx.conn())
            .await?
            .rows_affected();
        tx.emit(
            stream_of(&account),
            "account.sign_ins_ended",
            &serde_json::json!({ "id": id, "sign_ins": ended }),
        )
        .await?;
        tx.commit().await?;
        self.sign_ins_changed().await;
        Ok(ended)
    }

    async fn delete_account(&self, actor: i64, id: i64) -> Result<()> {
        let mut tx = self.write(Some(actor)).await?;
        let account = account_in(tx.conn(), id).await?;
        tx.delete("accounts", id, stream_of(&account), "account")
            .await?;
        tx.commit().await?;
        self.sign_ins_changed().await;
        Ok(())
    }

    async fn account_by_username(
        &self,
        username: &str,
    ) -> Result<Option<(Account, Option<String>)>> {
        let sql =
            format!("SELECT {ACCOUNT_COLUMNS}, password_hash FROM accounts WHERE username = $1");
        match sqlx::query(&sql)
            .bind(username)
            .fetch_optional(&self.reader)
            .await?
        {
            None => Ok(None),
            Some(row) => Ok(Some((rows::account(&row)?, row.try_get("password_hash")?))),
        }
    }

    async fn create_token(&self, account_id: i64, token: NewToken) -> Result<()> {
        // Tokens are not state of the council: no event, and no secret in the log.
        let mut tx = self.write(Some(account_id)).await?;
        let now = tx.now_db();
        insert_token(tx.conn(), account_id, &token, &now).await?;
        tx.commit().await
    }

    async fn token_account(&self, token_hash: &str, now: DateTime<Utc>) -> Result<TokenLookup> {
        let (cached, generation) = self.tokens.get(token_hash);
        let (account, expires) = match cached {
            Some(hit) => hit,
            None => {
                let sql = format!(
                    "SELECT {}, t.expires_at AS token_expires_at FROM tokens t JOIN accounts a ON a.id = t.account_id
                     WHERE t.token_hash = $1",
                    ACCOUNT_COLUMNS.split(", ").map(|c| format!("a.{c}")).collect::<Vec<_>>().join(", ")
                );
                let Some(row) = sqlx::query(&sql)
                    .bind(token_hash)
                    .fetch_optional(&self.reader)
                    .await?
                else {
                    return Ok(TokenLookup::Unknown);
                };
                let found = (rows::account(&row)?, row.try_get("token_expires_at")?);
                self.tokens
                    .insert(generation, token_hash, found.0.clone(), found.1);
                found
            }
        };
        if expires <= now {
            return Ok(TokenLookup::Expired);
        }
        if account.disabled {
            return Ok(TokenLookup::Unknown);
        }
        Ok(TokenLookup::Valid(account))
    }

    async fn delete_token(&self, token_hash: &str) -> Result<()> {
        let mut tx = self.write(None).await?;
        sqlx::query("DELETE FROM tokens WHERE token_hash = $1")
            .bind(token_hash)
            .execute(tx.conn())
            .await?;
        tx.commit().await?;
        self.sign_ins_changed().await;
        Ok(())
    }

    async fn change_password(
        &self,
        account_id: i64,
        hash: String,
        keep_token_hash: &str,
    ) -> Result<()> {
        let mut tx = self.write(Some(account_id)).await?;
        let account = account_in(tx.conn(), account_id).await?;
        sqlx::query(
            "UPDATE accounts SET password_hash = $1, must_change_password = FALSE WHERE id = $2",
        )
        .bind(&hash)
        .bind(account_id)
        .execute(tx.conn())
        .await?;
        sqlx::query("DELETE FROM tokens WHERE account_id = $1 AND token_hash <> $2")
            .bind(account_id)
            .bind(keep_token_hash)
            .execute(tx.conn())
            .await?;
        tx.emit(
            stream_of(&account),
            "account.password_changed",
            &serde_json::json!({ "id": account_id }),
        )
        .await?;
        tx.commit().await?;
        self.sign_ins_changed().await;
        Ok(())
    }

    async fn issue_pairing_code(
        &self,
        actor: i64,
        person_id: i64,
        code_hash: String,
        expires_at: DateTime<Utc>,
    ) -> Result<IssuedCard> {
        let mut tx = self.write(Some(actor)).await?;
        let person_sql = format!("SELECT {} FROM people WHERE id = $1", rows::PERSON_COLUMNS);
        let person = fetch_one!(
            sqlx::query(&person_sql).bind(person_id),
            tx.conn(),
            rows::person,
            "person"
        )?;
        let existing: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT id, password_hash FROM accounts WHERE person_id = $1")
                .bind(person_id)
                .fetch_optional(tx.conn())
                .await?;
        let existing = match existing {
            Some((id, hash)) => Some((account_in(tx.conn(), id).await?, hash.is_some())),
            None => None,
        };
        check_pairable(existing.as_ref().map(|(a, p)| (a, *p)))?;
        let sessions = live_sessions_in(tx.conn(), person.council_id).await?;
        let awaits_chair = card_needs_chair(&sessions.iter().map(|s| s.1).collect::<Vec<_>>());
        let account = match existing {
            Some((account, _)) => account,
            None => {
                let (role, prefix) = match person.kind {
                    PersonKind::Delegate => (Role::Delegate, "daibieu"),
                    PersonKind::Official | PersonKind::Guest => (Role::Guest, "khach"),
                };
                let now = tx.now_db();
                let id = sqlx::query_scalar::<_, i64>(
                    "INSERT INTO accounts (username, display_name, role, council_id, person_id, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(format!("{prefix}-{person_id}"))
                .bind(&person.full_name)
                .bind(role.as_str())
                .bind(person.council_id)
                .bind(person_id)
                .bind(&now)
                .fetch_one(tx.conn())
        .await?;
                let account = account_in(tx.conn(), id).await?;
                tx.emit(stream_of(&account), "account.created", &account)
                    .await?;
                account
            }
        };
        let now = tx.now_db();
        let issued_at = tx.now;
        // Every earlier card of the person stops working, used or not.
        sqlx::query(
            "UPDATE pairing_codes SET revoked_at = $1 WHERE person_id = $2 AND used_at IS NULL AND revoked_at IS NULL",
        )
        .bind(&now)
        .bind(person_id)
        .execute(tx.conn())
        .await?;
        sqlx::query(
            "INSERT INTO pairing_codes (code_hash, person_id, created_at, expires_at, issued_by, awaits_chair)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&code_hash)
        .bind(person_id)
        .bind(&now)
        .bind(db_time(expires_at))
        .bind(actor)
        .bind(awaits_chair)
        .execute(tx.conn())
        .await?;
        let payload = serde_json::json!({
            "person_id": person_id,
            "full_name": person.full_name,
            "account_id": account.id,
            "expires_at": expires_at,
            "awaits_chair": awaits_chair,
        });
        tx.emit(
            Stream::Council(person.council_id),
            "pairing_code.issued",
            &payload,
        )
        .await?;
        // The chair and the secretary see it on the session's screens, and
        // the minutes list it.
        for (session, _) in &sessions {
            tx.emit(Stream::Session(*session), "pairing_code.issued", &payload)
                .await?;
        }
        let signed_in: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM tokens WHERE account_id = $1)")
                .bind(account.id)
                .fetch_one(tx.conn())
                .await?;
        let signed_out = if awaits_chair {
            0
        } else {
            sign_out_everywhere(&mut tx, &account, &[]).await?
        };
        tx.commit().await?;
        if signed_out > 0 {
            self.sign_ins_changed().await;
        }
        Ok(IssuedCard {
            account,
            awaits_chair,
            issued_at,
            signed_in,
        })
    }

    async fn confirm_pairing_code(
        &self,
        actor: i64,
        person_id: i64,
        issued_at: DateTime<Utc>,
    ) -> Result<Account> {
        let mut tx = self.write(Some(actor)).await?;
        let now = tx.now_db();
        // The card the chair saw: a card printed since replaced it, and is
        // not confirmed by a click meant for the other.
        let live: Option<DateTime<Utc>> = sqlx::query_scalar(
            "SELECT created_at FROM pairing_codes
             WHERE person_id = $1 AND confirmed_at IS NULL AND used_at IS NULL
               AND revoked_at IS NULL AND expires_at > $2",
        )
        .bind(person_id)
        .bind(&now)
        .fetch_optional(tx.conn())
        .await?;
        let Some(live) = live else {
            return Err(StoreError::NotFound("card awaiting the chair"));
        };
        if live != issued_at {
            return Err(StoreError::refused(
                "card_replaced",
                "a newer card was printed for this person since; look at the list again",
            ));
        }
        sqlx::query(
            "UPDATE pairing_codes SET confirmed_at = $1, confirmed_by = $2
             WHERE person_id = $3 AND created_at = $4 AND confirmed_at IS NULL
               AND used_at IS NULL AND revoked_at IS NULL",
        )
        .bind(&now)
        .bind(actor)
        .bind(person_id)
        .bind(db_time(live))
        .execute(tx.conn())
        .await?;
        let account_id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE person_id = $1")
            .bind(person_id)
            .fetch_one(tx.conn())
            .await?;
        let account = account_in(tx.conn(), account_id).await?;
        let council_id = account.council_id.unwrap_or_default();
        let full_name: String = sqlx::query_scalar("SELECT full_name FROM people WHERE id = $1")
            .bind(person_id)
            .fetch_one(tx.conn())
            .await?;
        let payload = serde_json::json!({ "person_id": person_id, "full_name": full_name, "account_id": account_id });
        tx.emit(
            Stream::Council(council_id),
            "pairing_code.confirmed",
            &payload,
        )
        .await?;
        let sessions = live_sessions_in(tx.conn(), council_id).await?;
        for (session, _) in &sessions {
            tx.emit(
                Stream::Session(*session),
                "pairing_code.confirmed",
                &payload,
            )
            .await?;
        }
        let session_ids: Vec<i64> = sessions.iter().map(|s| s.0).collect();
        sign_out_everywhere(&mut tx, &account, &session_ids).await?;
        tx.commit().await?;
        self.sign_ins_changed().await;
        Ok(account)
    }

    async fn pending_pairing_codes(&self, council_id: i64) -> Result<Vec<PendingCard>> {
        let rows = sqlx::query(
            "SELECT c.person_id, p.full_name, c.created_at, c.issued_by, a.display_name AS issued_by_name, c.expires_at
             FROM pairing_codes c JOIN people p ON p.id = c.person_id
             LEFT JOIN accounts a ON a.id = c.issued_by
             WHERE p.council_id = $1 AND c.confirmed_at IS NULL
               AND c.used_at IS NULL AND c.revoked_at IS NULL AND c.expires_at > $2
               AND (c.awaits_chair OR EXISTS (SELECT 1 FROM sessions s
                    WHERE s.council_id = p.council_id AND s.state IN ('convened', 'in_progress')))
             ORDER BY c.created_at",
        )
        .bind(council_id)
        .bind(db_time(Utc::now()))
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PendingCard {
                    person_id: r.try_get("person_id")?,
                    full_name: r.try_get("full_name")?,
                    issued_at: r.try_get("created_at")?,
                    issued_by: r.try_get("issued_by")?,
                    issued_by_name: r.try_get("issued_by_name")?,
                    expires_at: r.try_get("expires_at")?,
                })
            })
            .collect()
    }

    async fn redeem_pairing_code(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
        token: NewToken,
    ) -> Result<Account> {
        let mut tx = self.write(None).await?;
        let row = sqlx::query("SELECT person_id, expires_at, used_at, revoked_at, awaits_chair, confirmed_at FROM pairing_codes WHERE code_hash = $1")
            .bind(code_hash)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(PairingError::Unknown)?;
        let person_id: i64 = row.try_get("person_id")?;
        let expires_at: DateTime<Utc> = row.try_get("expires_at")?;
        let used_at: Option<DateTime<Utc>> = row.try_get("used_at")?;
        let revoked_at: Option<DateTime<Utc>> = row.try_get("revoked_at")?;
        if used_at.is_some() {
            return Err(PairingError::Used.into());
        }
        if revoked_at.is_some() {
            return Err(PairingError::Replaced.into());
        }
        if expires_at <= now {
            return Err(PairingError::Expired.into());
        }
        let account_id: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(tx.conn())
            .await?
            .ok_or(StoreError::NotFound("account"))?;
        let holder = account_in(tx.conn(), account_id).await?;
        if holder.disabled {
            return Err(PairingError::AccountDisabled.into());
        }
        // Whenever it was printed, a card used while a session of the
        // council is convened or sitting needs the chair's confirmation.
        let council_id = holder.council_id.unwrap_or_default();
        let sessions = live_sessions_in(tx.conn(), council_id).await?;
        let confirmed = row
            .try_get::<Option<DateTime<Utc>>, _>("confirmed_at")?
            .is_some();
        let states: Vec<SessionState> = sessions.iter().map(|s| s.1).collect();
        if !confirmed && (row.try_get::<bool, _>("awaits_chair")? || card_needs_chair(&states)) {
            return Err(PairingError::AwaitsChair.into());
        }
        tx.actor = Some(account_id);
        let now = tx.now_db();
        sqlx::query("UPDATE pairing_codes SET used_at = $1 WHERE code_hash = $2")
            .bind(&now)
            .bind(code_hash)
            .execute(tx.conn())
            .await?;
        insert_token(tx.conn(), account_id, &token, &now).await?;
        let account = account_in(tx.conn(), account_id).await?;
        let payload = serde_json::json!({ "id": account_id, "person_id": person_id });
        tx.emit(stream_of(&account), "account.paired", &payload)
            .await?;
        // The minutes list every device signed in by a card during a session.
        for (session, _) in &sessions {
            tx.emit(Stream::Session(*session), "account.paired", &payload)
                .await?;
        }
        tx.commit().await?;
        Ok(account)
    }

    async fn pairing_code_known(&self, code_hash: &str) -> Result<bool> {
        Ok(
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pairing_codes WHERE code_hash = $1)")
                .bind(code_hash)
                .fetch_one(&self.reader)
                .await?,
        )
    }

    async fn record_sign_in_alarm(&self, alarm: &SignInAlarm) -> Result<()> {
        let mut tx = self.write(None).await?;
        let councils: Vec<i64> = sqlx::query_scalar("SELECT id FROM councils ORDER BY id")
            .fetch_all(tx.conn())
            .await?;
        tx.emit(Stream::System, "sign_in.alarm", alarm).await?;
        for council in councils {
            tx.emit(Stream::Council(council), "sign_in.alarm", alarm)
                .await?;
        }
        tx.commit().await
    }
}
