//! Polls: creating, opening, counting, annulling. Ballots are written by
//! the group-commit writer in `ballots.rs`.

use async_trait::async_trait;
use sqlx::Row;

use super::councils::council_in;
use super::floor::admitted_quorum_in;
use super::people::person_in;
use super::sessions::{agenda_item_in, session_in};
use super::SqlStore;
use super::{rows, Conn, DbRow};
use kyhop_domain::events::Stream;
use kyhop_domain::{
    threshold, Count, GoAhead, MajorityRule, NamedChoice, NewPoll, OptionKind, Poll, PollKind,
    PollOption, PollResult, SealedBallot, Tally,
};
use kyhop_store::secret_count::{self, CountingKey, EncryptedSum, SealedPollKey};
use kyhop_store::{PollStore, Result, StoreError};

const POLL_COLUMNS: &str = "id, session_id, agenda_item_id, kind, title, state, majority_base, \
    majority_numerator, majority_denominator, majority_strict, max_choices, revote_of, ballots_cast, \
    created_at, opened_at, closed_at, annulled_at, annul_reason, result, \
    (SELECT public_key FROM poll_keys k WHERE k.poll_id = polls.id) AS public_key, present_at_open, names_on_screen, \
    (SELECT c.total_seats FROM sessions s JOIN councils c ON c.id = s.council_id WHERE s.id = polls.session_id) AS total_seats";

fn poll_row(r: &DbRow, options: Vec<PollOption>) -> Result<Poll> {
    let own_options = options.iter().any(|o| o.kind == OptionKind::Alternative);
    let result: Option<String> = r.try_get("result")?;
    let result: Option<PollResult> = result
        .map(|text| {
            serde_json::from_str(&text)
                .map_err(|e| StoreError::Corrupt(format!("poll result: {e}")))
        })
        .transpose()?;
    let base: String = r.try_get("majority_base")?;
    let kind: PollKind = r.try_get::<String, _>("kind")?.parse()?;
    let rule = MajorityRule {
        base: base.parse()?,
        fraction: kyhop_domain::Fraction {
            numerator: rows::int(r, "majority_numerator")?,
            denominator: rows::int(r, "majority_denominator")?,
        },
        strict: r.try_get("majority_strict")?,
    };
    let present_at_open: Option<u32> = rows::int_opt(r, "present_at_open")?;
    let seats: u32 = rows::int(r, "total_seats")?;
    Ok(Poll {
        id: r.try_get("id")?,
        session_id: r.try_get("session_id")?,
        agenda_item_id: r.try_get("agenda_item_id")?,
        kind,
        title: r.try_get("title")?,
        state: r.try_get::<String, _>("state")?.parse()?,
        rule,
        max_choices: rows::int(r, "max_choices")?,
        revote_of: r.try_get("revote_of")?,
        options,
        ballots_cast: rows::int(r, "ballots_cast")?,
        created_at: r.try_get("created_at")?,
        opened_at: r.try_get("opened_at")?,
        closed_at: r.try_get("closed_at")?,
        annulled_at: r.try_get("annulled_at")?,
        annul_reason: r.try_get("annul_reason")?,
        result,
        public_key: r
            .try_get::<Option<Vec<u8>>, _>("public_key")?
            .map(|k| secret_count::public_key_text(&k)),
        present_at_open,
        threshold: present_at_open
            .and_then(|present| threshold(kind, rule, seats, present, own_options)),
        // Known to the ballot box, not the database (see `SqlStore::poll`).
        ballots_prepared: false,
        names_on_screen: r.try_get("names_on_screen")?,
    })
}

async fn options_in(conn: &mut Conn, poll_id: i64) -> Result<Vec<PollOption>> {
    let rows = sqlx::query("SELECT * FROM poll_options WHERE poll_id = $1 ORDER BY position")
        .bind(poll_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(PollOption {
                id: r.try_get("id")?,
                position: rows::int(r, "position")?,
                kind: r.try_get::<String, _>("kind")?.parse()?,
                label: r.try_get("label")?,
                person_id: r.try_get("person_id")?,
            })
        })
        .collect()
}

pub(super) async fn poll_in(conn: &mut Conn, id: i64) -> Result<Poll> {
    let sql = format!("SELECT {POLL_COLUMNS} FROM polls WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("poll"))?;
    let options = options_in(conn, id).await?;
    poll_row(&row, options)
}

pub(super) async fn session_polls_in(conn: &mut Conn, session_id: i64) -> Result<Vec<Poll>> {
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM polls WHERE session_id = $1 ORDER BY id")
            .bind(session_id)
            .fetch_all(&mut *conn)
            .await?;
    let mut polls = Vec::with_capacity(ids.len());
    for id in ids {
        polls.push(poll_in(conn, id).await?);
    }
    Ok(polls)
}

/// Counts a poll as it stands, inside the closing transaction.
async fn count(conn: &mut Conn, poll: &Poll) -> Result<PollResult> {
    let session = session_in(conn, poll.session_id).await?;
    let council = council_in(&mut *conn, session.council_id).await?;
    // Present: counted when the poll opened; for a poll opened before that
    // count was kept, checked in now or voted and then left the chamber.
    let legacy_present: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM people p WHERE p.council_id = $1 AND p.kind = 'delegate' AND (
            EXISTS (SELECT 1 FROM attendance a WHERE a.session_id = $2 AND a.person_id = p.id AND a.status = 'present')
            OR EXISTS (SELECT 1 FROM poll_voters v WHERE v.poll_id = $3 AND v.person_id = p.id))",
    )
    .bind(session.council_id)
    .bind(session.id)
    .bind(poll.id)
    .fetch_one(&mut *conn)
    .await?;
    let tallies =
        sqlx::query("SELECT option_id, rating, count FROM poll_tallies WHERE poll_id = $1")
            .bind(poll.id)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| {
                Ok(Tally {
                    option_id: r.try_get("option_id")?,
                    rating: r.try_get("rating")?,
                    count: u64::try_from(r.try_get::<i64, _>("count")?).unwrap_or(0),
                })
            })
            .collect::<Result<Vec<_>>>()?;
    let named = if poll.kind == PollKind::Named {
        sqlx::query(
            "SELECT b.person_id, p.full_name, o.kind, o.label FROM named_ballots b
             JOIN people p ON p.id = b.person_id JOIN poll_options o ON o.id = b.option_id
             WHERE b.poll_id = $1 ORDER BY p.full_name, p.id",
        )
        .bind(poll.id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(NamedChoice {
                person_id: r.try_get("person_id")?,
                full_name: r.try_get("full_name")?,
                option: r.try_get::<String, _>("kind")?.parse()?,
                label: r.try_get("label")?,
            })
        })
        .collect::<Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    Ok(Count {
        kind: poll.kind,
        rule: poll.rule,
        total_seats: council.settings.total_seats,
        present: poll
            .present_at_open
            .unwrap_or_else(|| u32::try_from(legacy_present).unwrap_or(u32::MAX)),
        ballots_cast: poll.ballots_cast,
        max_choices: poll.max_choices,
        options: &poll.options,
        tallies: &tallies,
        named,
    }
    .result())
}

#[async_trait]
impl PollStore for SqlStore {
    async fn create_poll(
        &self,
        actor: i64,
        agenda_item_id: i64,
        new: NewPoll,
        counting: Option<&CountingKey>,
    ) -> Result<Poll> {
        let mut tx = self.write(Some(actor)).await?;
        let item = agenda_item_in(tx.conn(), agenda_item_id).await?;
        let session = session_in(tx.conn(), item.session_id).await?;
        Poll::check_preparation(session.state)?;
        let council = council_in(tx.conn(), session.council_id).await?;
        if let Some(original) = new.revote_of {
            let original = poll_in(tx.conn(), original).await.ok();
            Poll::check_revote_of(original.as_ref(), session.id)?;
        }
        let rule = new.rule.unwrap_or(council.settings.majority);
        let now = tx.now_db();
        let poll_id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO polls (session_id, agenda_item_id, kind, title, state, majority_base, majority_numerator,
                majority_denominator, majority_strict, max_choices, revote_of, created_at)
             VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(session.id)
        .bind(agenda_item_id)
        .bind(new.kind.as_str())
        .bind(&new.title)
        .bind(rule.base.as_str())
        .bind(i64::from(rule.fraction.numerator))
        .bind(i64::from(rule.fraction.denominator))
        .bind(rule.strict)
        .bind(i64::from(new.max_choices.unwrap_or(1)))
        .bind(new.revote_of)
        .bind(&now)
        .fetch_one(tx.conn())
        .await?;

        // The options, and every counter at zero.
        let s = &council.settings;
        let mut options: Vec<(OptionKind, String, Option<i64>)> = Vec::new();
        match new.kind {
            PollKind::Named | PollKind::Secret if !new.alternatives.is_empty() => {
                for label in &new.alternatives {
                    options.push((OptionKind::Alternative, label.clone(), None));
                }
            }
            PollKind::Named | PollKind::Secret => {
                options.push((OptionKind::Yes, s.yes_label.clone(), None));
                options.push((OptionKind::No, s.no_label.clone(), None));
                options.push((OptionKind::Abstain, s.abstain_label.clone(), None));
            }
            PollKind::Election | PollKind::Confidence => {
                let (field, kind, ids) = if new.kind == PollKind::Election {
                    ("candidates", OptionKind::Candidate, &new.candidates)
                } else {
                    ("officials", OptionKind::Official, &new.officials)
                };
                for &person_id in ids {
                    let person = person_in(tx.conn(), person_id)
                        .await
                        .ok()
                        .filter(|p| p.council_id == session.council_id);
                    let Some(person) = person else {
                        return Err(StoreError::invalid_reference(
                            field,
                            format!("no person {person_id} in this council"),
                        ));
                    };
                    options.push((kind, person.full_name, Some(person_id)));
                }
            }
        }
        for (position, (kind, label, person_id)) in options.iter().enumerate() {
            let option_id = sqlx::query_scalar::<_, i64>(
                "INSERT INTO poll_options (poll_id, position, kind, label, person_id) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(poll_id)
            .bind(position as i64 + 1)
            .bind(kind.as_str())
            .bind(label)
            .bind(person_id)
            .fetch_one(tx.conn())
        .await?;
            let ratings: &[&str] = if *kind == OptionKind::Official {
                &["high", "medium", "low", "invalid"]
            } else {
                &[""]
            };
            for rating in ratings {
                sqlx::query("INSERT INTO poll_tallies (poll_id, option_id, rating, count) VALUES ($1, $2, $3, 0)")
                    .bind(poll_id)
                    .bind(option_id)
                    .bind(rating)
                    .execute(tx.conn())
                    .await?;
            }
        }
        if let Some(key) = secret_count::new_key(new.kind, poll_id, counting)? {
            store_key(tx.conn(), poll_id, &key).await?;
        }
        let poll = poll_in(tx.conn(), poll_id).await?;
        tx.emit(Stream::Session(session.id), "poll.created", &poll)
            .await?;
        tx.commit().await?;
        self.prepare_ballots(poll_id).await;
        Ok(poll)
    }

    async fn poll(&self, id: i64) -> Result<Poll> {
        let mut poll = poll_in(&mut *self.reader.acquire().await?, id).await?;
        poll.ballots_prepared = self.ballots.is_prepared(id);
        Ok(poll)
    }

    async fn polls(&self, session_id: i64) -> Result<Vec<Poll>> {
        let mut polls = session_polls_in(&mut *self.reader.acquire().await?, session_id).await?;
        for poll in &mut polls {
            poll.ballots_prepared = self.ballots.is_prepared(poll.id);
        }
        Ok(polls)
    }

    async fn open_poll(
        &self,
        actor: i64,
        id: i64,
        counting: Option<&CountingKey>,
        go_ahead: GoAhead,
    ) -> Result<Poll> {
        let mut tx = self.write(Some(actor)).await?;
        let poll = poll_in(tx.conn(), id).await?;
        let session = session_in(tx.conn(), poll.session_id).await?;
        let open: Option<i64> =
            sqlx::query_scalar("SELECT id FROM polls WHERE session_id = $1 AND state = 'open'")
                .bind(session.id)
                .fetch_optional(tx.conn())
                .await?;
        poll.require_openable(session.state, open)?;
        let quorum = admitted_quorum_in(tx.conn(), &session, go_ahead).await?;
        let pending = pending_counting_keys_in(tx.conn()).await?;
        let prepared = sealed_key_in(tx.conn(), id).await?;
        let new_key = secret_count::key_at_open(&poll, prepared.as_ref(), counting, &pending)?;
        // The delegates present now are the poll's: counted once, and only
        // they vote in it.
        let present: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM attendance a JOIN people p ON p.id = a.person_id
             WHERE a.session_id = $1 AND a.status = 'present' AND p.kind = 'delegate'",
        )
        .bind(session.id)
        .fetch_one(tx.conn())
        .await?;
        let present = u32::try_from(present).unwrap_or(u32::MAX);
        let seats = council_in(tx.conn(), session.council_id)
            .await?
            .settings
            .total_seats;
        Poll::check_present(present, seats)?;
        let now = tx.now_db();
        sqlx::query(
            "UPDATE polls SET state = 'open', opened_at = $1, present_at_open = $2 WHERE id = $3",
        )
        .bind(&now)
        .bind(i64::from(present))
        .bind(id)
        .execute(tx.conn())
        .await?;
        sqlx::query(
            "INSERT INTO poll_eligible (poll_id, person_id)
             SELECT $1, a.person_id FROM attendance a JOIN people p ON p.id = a.person_id
             WHERE a.session_id = $2 AND a.status = 'present' AND p.kind = 'delegate'",
        )
        .bind(id)
        .bind(session.id)
        .execute(tx.conn())
        .await?;
        if let Some(key) = &new_key {
            store_key(tx.conn(), id, key).await?;
        }
        let poll = poll_in(tx.conn(), id).await?;
        tx.emit(
            Stream::Session(session.id),
            "poll.opened",
            &serde_json::json!({ "poll": poll, "quorum": quorum }),
        )
        .await?;
        tx.commit().await?;
        self.prepare_ballots(id).await;
        Ok(poll)
    }

    async fn close_poll(
        &self,
        actor: i64,
        id: i64,
        counting: Option<&CountingKey>,
    ) -> Result<Poll> {
        let mut tx = self.write(Some(actor)).await?;
        let poll = poll_in(tx.conn(), id).await?;
        poll.require_open()?;
        let running = self.ballots.running_sum(id);
        let verification_sha256 =
            count_secret_ballots(tx.conn(), &poll, counting, running.as_ref()).await?;
        let mut result = count(tx.conn(), &poll).await?;
        let counted_secretly = verification_sha256.is_some();
        result.verification_sha256 = verification_sha256;
        let text =
            serde_json::to_string(&result).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let now = tx.now_db();
        sqlx::query("UPDATE polls SET state = 'closed', closed_at = $1, result = $2 WHERE id = $3")
            .bind(&now)
            .bind(&text)
            .bind(id)
            .execute(tx.conn())
            .await?;
        let poll = poll_in(tx.conn(), id).await?;
        tx.emit(Stream::Session(poll.session_id), "poll.closed", &poll)
            .await?;
        tx.commit().await?;
        self.ballots.forget(id);
        if counted_secretly {
            self.forget_destroyed_soon();
        }
        Ok(poll)
    }

    async fn show_poll_names(&self, actor: i64, id: i64, show: bool) -> Result<Poll> {
        let mut tx = self.write(Some(actor)).await?;
        let poll = poll_in(tx.conn(), id).await?;
        poll.require_names_showable()?;
        sqlx::query("UPDATE polls SET names_on_screen = $1 WHERE id = $2")
            .bind(show)
            .bind(id)
            .execute(tx.conn())
            .await?;
        let poll = poll_in(tx.conn(), id).await?;
        tx.emit(Stream::Session(poll.session_id), "poll.names_shown", &poll)
            .await?;
        tx.commit().await?;
        Ok(poll)
    }

    async fn annul_poll(&self, actor: i64, id: i64, reason: String) -> Result<Poll> {
        let mut tx = self.write(Some(actor)).await?;
        let poll = poll_in(tx.conn(), id).await?;
        poll.require_annullable()?;
        destroy_secret_ballots(tx.conn(), poll.id).await?;
        let now = tx.now_db();
        sqlx::query(
            "UPDATE polls SET state = 'annulled', annulled_at = $1, annul_reason = $2 WHERE id = $3",
        )
        .bind(&now)
        .bind(&reason)
        .bind(id)
        .execute(tx.conn())
        .await?;
        let poll = poll_in(tx.conn(), id).await?;
        tx.emit(Stream::Session(poll.session_id), "poll.annulled", &poll)
            .await?;
        tx.commit().await?;
        self.ballots.forget(id);
        if poll.kind.is_secret() {
            self.forget_destroyed_soon();
        }
        Ok(poll)
    }

    async fn cast_ballot(
        &self,
        ballot: kyhop_domain::Ballot,
    ) -> Result<kyhop_domain::BallotReceipt> {
        self.ballots.cast(ballot).await
    }

    async fn verification_record(&self, poll_id: i64) -> Result<(Vec<u8>, String)> {
        sqlx::query_as("SELECT record, sha256 FROM poll_records WHERE poll_id = $1")
            .bind(poll_id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound("verification record"))
    }

    async fn pending_counting_keys(&self) -> Result<Vec<String>> {
        pending_counting_keys_in(&mut *self.reader.acquire().await?).await
    }
}

impl SqlStore {
    /// Starts encrypting a secret poll's ballots ahead. Best effort: the
    /// poll is already committed, and ballots are encrypted on receipt
    /// when nothing was made ahead.
    pub(crate) async fn prepare_ballots(&self, poll_id: i64) {
        if let Err(e) = self.ballots.prepare(poll_id).await {
            tracing::warn!(poll_id, error = %e, "could not start encrypting ballots ahead");
        }
    }
}

/// The counting keys open secret polls were sealed under.
async fn pending_counting_keys_in(conn: &mut Conn) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT k.counting_key_id FROM poll_keys k JOIN polls p ON p.id = k.poll_id
         WHERE p.state = 'open' AND k.sealed_secret IS NOT NULL",
    )
    .fetch_all(conn)
    .await?)
}

/// A poll's key while its private half is still sealed.
async fn sealed_key_in(conn: &mut Conn, poll_id: i64) -> Result<Option<SealedPollKey>> {
    let key: Option<(Vec<u8>, Vec<u8>, String)> = sqlx::query_as(
        "SELECT public_key, sealed_secret, counting_key_id FROM poll_keys
         WHERE poll_id = $1 AND sealed_secret IS NOT NULL",
    )
    .bind(poll_id)
    .fetch_optional(conn)
    .await?;
    Ok(key.map(
        |(public_key, sealed_secret, counting_key_id)| SealedPollKey {
            public_key,
            sealed_secret,
            counting_key_id,
        },
    ))
}

async fn store_key(conn: &mut Conn, poll_id: i64, key: &SealedPollKey) -> Result<()> {
    sqlx::query(
        "INSERT INTO poll_keys (poll_id, public_key, sealed_secret, counting_key_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (poll_id) DO UPDATE SET public_key = excluded.public_key,
            sealed_secret = excluded.sealed_secret, counting_key_id = excluded.counting_key_id",
    )
    .bind(poll_id)
    .bind(&key.public_key)
    .bind(&key.sealed_secret)
    .bind(&key.counting_key_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Counts a secret poll's ciphertexts into its counters, keeps the
/// verification record, and destroys the poll key and the stored
/// ciphertexts. Returns the record's SHA-256; None for a named poll (or a
/// secret poll opened before the secret count, whose counters are plain).
async fn count_secret_ballots(
    conn: &mut Conn,
    poll: &Poll,
    counting: Option<&CountingKey>,
    running: Option<&EncryptedSum>,
) -> Result<Option<String>> {
    let Some(key) = sealed_key_in(conn, poll.id).await? else {
        return Ok(None);
    };
    let ballots: Vec<SealedBallot> =
        sqlx::query_scalar("SELECT ciphertexts FROM secret_ballots WHERE poll_id = $1")
            .bind(poll.id)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(SealedBallot)
            .collect();
    // Exactly the ballots cast: a row added behind the server's back (with
    // the public key anyone has) would otherwise be counted.
    if ballots.len() as u64 != u64::from(poll.ballots_cast) {
        return Err(StoreError::Corrupt(format!(
            "poll {} holds {} encrypted ballots for {} ballots cast",
            poll.id,
            ballots.len(),
            poll.ballots_cast
        )));
    }
    let counted = secret_count::count(poll, &key, counting, &ballots, running)?;
    let counters = poll.ballot_layout().into_iter().flat_map(|g| g.counters);
    for ((option_id, rating), total) in counters.zip(&counted.totals) {
        sqlx::query(
            "UPDATE poll_tallies SET count = $1 WHERE poll_id = $2 AND option_id = $3 AND rating = $4",
        )
        .bind(i64::try_from(*total).unwrap_or(i64::MAX))
        .bind(poll.id)
        .bind(option_id)
        .bind(rating)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("INSERT INTO poll_records (poll_id, record, sha256) VALUES ($1, $2, $3)")
        .bind(poll.id)
        .bind(&counted.record)
        .bind(&counted.record_sha256)
        .execute(&mut *conn)
        .await?;
    destroy_secret_ballots(conn, poll.id).await?;
    Ok(Some(counted.record_sha256))
}

/// The poll key's private half and the stored ciphertexts go (overwritten
/// in the file: `secure_delete`); the public key stays for the record.
async fn destroy_secret_ballots(conn: &mut Conn, poll_id: i64) -> Result<()> {
    sqlx::query("UPDATE poll_keys SET sealed_secret = NULL WHERE poll_id = $1")
        .bind(poll_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM secret_ballots WHERE poll_id = $1")
        .bind(poll_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
