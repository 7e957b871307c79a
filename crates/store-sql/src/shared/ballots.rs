//! Recording a batch of ballots: the backend's side of the
//! ballot box (`kyhop_store::ballot_box`), which batches and answers.
//!
//! A secret ballot's choice is never stored in the clear: the voter goes
//! to `poll_voters`, the ballot only as the ciphertexts the ballot box made
//! on receipt (`secret_ballots`); its counters stay at zero until the close.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use async_trait::async_trait;
use sqlx::QueryBuilder;

use super::polls::poll_in;
use super::{begin_write, WriteTx};
use super::{Conn, Db};
use kyhop_domain::events::Stream;
use kyhop_domain::{Ballot, BallotReceipt, PollKind, PollState, VoterPresence};
use kyhop_store::ballot_box::{BallotBatches, Sealing};
use kyhop_store::live::Hub;
use kyhop_store::{Result, StoreError};

/// The database side of the ballot box: one transaction per batch, on the
/// writer connection.
pub(super) struct SqlBallots {
    pub(super) writer: super::Writer,
    pub(super) reader: sqlx::Pool<Db>,
    pub(super) hub: Arc<Hub>,
    pub(super) instance: u64,
}

#[async_trait]
impl BallotBatches for SqlBallots {
    async fn record(&self, ballots: &[Ballot]) -> Result<Vec<Result<BallotReceipt>>> {
        let mut outcomes: Vec<Option<Result<BallotReceipt>>> =
            ballots.iter().map(|_| None).collect();
        // No actor on these events: the ballot box, not a delegate, writes them.
        let mut tx = begin_write(&self.writer, &self.hub, self.instance, None).await?;
        let mut by_poll: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for (index, ballot) in ballots.iter().enumerate() {
            by_poll.entry(ballot.poll_id).or_default().push(index);
        }
        for (poll_id, indices) in by_poll {
            record_poll(&mut tx, poll_id, ballots, &indices, &mut outcomes).await?;
        }
        tx.commit().await?;
        Ok(outcomes
            .into_iter()
            .map(|o| o.unwrap_or_else(|| Err(StoreError::Corrupt("ballot not processed".into()))))
            .collect())
    }

    async fn announce_participation(&self, poll_id: i64) -> Result<()> {
        let mut tx = begin_write(&self.writer, &self.hub, self.instance, None).await?;
        let poll = poll_in(tx.conn(), poll_id).await?;
        if poll.state != PollState::Open {
            return Ok(());
        }
        let payload = serde_json::json!({ "poll_id": poll.id, "ballots_cast": poll.ballots_cast });
        tx.emit(
            Stream::Session(poll.session_id),
            "poll.participation",
            &payload,
        )
        .await?;
        tx.commit().await
    }

    async fn sealing(&self, poll_id: i64) -> Result<Option<Sealing>> {
        let mut conn = self.reader.acquire().await?;
        let public_key = poll_public_key(&mut conn, poll_id).await?;
        let Some(public_key) = public_key else {
            return Ok(None);
        };
        let poll = poll_in(&mut conn, poll_id).await?;
        if !matches!(poll.state, PollState::Draft | PollState::Open) {
            return Ok(None);
        }
        // At most one ballot per seat.
        let voters: i64 = sqlx::query_scalar(
            "SELECT c.total_seats FROM councils c JOIN sessions s ON s.council_id = c.id WHERE s.id = $1",
        )
        .bind(poll.session_id)
        .fetch_one(&mut *conn)
        .await?;
        Ok(Some(Sealing {
            poll,
            public_key,
            voters: usize::try_from(voters).unwrap_or(0),
        }))
    }
}

/// The public key of a secret poll whose private key is still sealed (a
/// draft or open poll): the one its ballots are encrypted under.
pub(super) async fn poll_public_key(conn: &mut Conn, poll_id: i64) -> Result<Option<Vec<u8>>> {
    Ok(sqlx::query_scalar(
        "SELECT public_key FROM poll_keys WHERE poll_id = $1 AND sealed_secret IS NOT NULL",
    )
    .bind(poll_id)
    .fetch_optional(conn)
    .await?)
}

/// Rows per multi-row statement, well below either database's limit on parameters.
const ROWS_PER_STATEMENT: usize = 200;

/// The persons among `persons` that a query `SELECT person_id … AND person_id IN (…)` returns.
async fn persons_among(
    conn: &mut Conn,
    sql: &str,
    key: i64,
    persons: &[i64],
) -> Result<HashSet<i64>> {
    let mut found = HashSet::new();
    for chunk in persons.chunks(ROWS_PER_STATEMENT) {
        let mut q = QueryBuilder::<Db>::new(sql);
        q.push_bind(key).push(" AND person_id IN (");
        let mut list = q.separated(", ");
        for p in chunk {
            list.push_bind(*p);
        }
        q.push(")");
        let rows: Vec<i64> = q.build_query_scalar().fetch_all(&mut *conn).await?;
        found.extend(rows);
    }
    Ok(found)
}

/// Records the ballots `indices` of one poll with a handful of statements:
/// one lookup of who is present and who has voted, one multi-row insert of
/// voters, one update per counter. The outer error aborts the batch (the
/// database failed); refusals go to `outcomes` and touch nothing.
async fn record_poll(
    tx: &mut WriteTx<'_>,
    poll_id: i64,
    ballots: &[Ballot],
    indices: &[usize],
    outcomes: &mut [Option<Result<BallotReceipt>>],
) -> Result<()> {
    let poll = match poll_in(tx.conn(), poll_id).await {
        Ok(poll) => poll,
        Err(StoreError::NotFound(what)) => {
            for &i in indices {
                outcomes[i] = Some(Err(StoreError::NotFound(what)));
            }
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let council_id: i64 = sqlx::query_scalar("SELECT council_id FROM sessions WHERE id = $1")
        .bind(poll.session_id)
        .fetch_one(tx.conn())
        .await?;
    // Ballots from another council's delegates are refused before anything
    // else: for them the poll does not exist.
    let mut valid = Vec::with_capacity(indices.len());
    for &i in indices {
        if ballots[i].council_id == council_id {
            valid.push(i);
        } else {
            outcomes[i] = Some(Err(StoreError::NotFound("poll")));
        }
    }
    let persons: Vec<i64> = valid.iter().map(|&i| ballots[i].person_id).collect();
    // Present, and a delegate: only delegates are checked in, but a person's
    // kind may have changed since.
    let present = persons_among(
        tx.conn(),
        "SELECT a.person_id FROM attendance a JOIN people p ON p.id = a.person_id
         WHERE p.kind = 'delegate' AND a.status = 'present' AND a.session_id = ",
        poll.session_id,
        &persons,
    )
    .await?;
    // Present when the poll opened (a poll opened before that was kept
    // counts everyone present now).
    let eligible = persons_among(
        tx.conn(),
        "SELECT person_id FROM poll_eligible WHERE poll_id = ",
        poll.id,
        &persons,
    )
    .await?;
    let counted_at_opening = poll.present_at_open.is_some();
    let presence = |person: i64| {
        if !present.contains(&person) {
            VoterPresence::Absent
        } else if counted_at_opening && !eligible.contains(&person) {
            VoterPresence::ArrivedAfterOpening
        } else {
            VoterPresence::Present
        }
    };
    let mut voted = persons_among(
        tx.conn(),
        "SELECT person_id FROM poll_voters WHERE poll_id = ",
        poll.id,
        &persons,
    )
    .await?;

    // A secret poll opened with a key counts only encrypted ballots (one
    // opened before the secret count existed still has plain counters).
    let encrypted = poll.kind.is_secret() && poll_public_key(tx.conn(), poll.id).await?.is_some();
    let mut accepted: Vec<(i64, Option<i64>)> = Vec::new();
    let mut ciphertexts = Vec::new();
    let mut bumps: BTreeMap<(i64, &'static str), i64> = BTreeMap::new();
    for &i in &valid {
        let ballot = &ballots[i];
        let admitted = poll.admit(
            ballot.request.clone(),
            presence(ballot.person_id),
            voted.contains(&ballot.person_id),
            ballot.sealed.is_some() || !encrypted,
        );
        let outcome = match admitted {
            Err(refusal) => Err(refusal.into()),
            Ok(counters) => {
                voted.insert(ballot.person_id);
                match (&ballot.sealed, encrypted) {
                    (Some(sealed), true) => ciphertexts.push(&sealed.0),
                    _ => {
                        for counter in &counters {
                            *bumps.entry(*counter).or_default() += 1;
                        }
                    }
                }
                let named_option = (poll.kind == PollKind::Named)
                    .then(|| counters.first().map(|c| c.0))
                    .flatten();
                accepted.push((ballot.person_id, named_option));
                Ok(BallotReceipt {
                    poll_id: poll.id,
                    recorded: true,
                    secret: poll.kind.is_secret(),
                })
            }
        };
        outcomes[i] = Some(outcome);
    }
    if accepted.is_empty() {
        return Ok(());
    }
    let now = tx.now_db();
    for chunk in accepted.chunks(ROWS_PER_STATEMENT) {
        let mut q = QueryBuilder::<Db>::new("INSERT INTO poll_voters (poll_id, person_id) ");
        q.push_values(chunk, |mut row, (person, _)| {
            row.push_bind(poll.id).push_bind(*person);
        });
        q.build().execute(tx.conn()).await?;
        if poll.kind == PollKind::Named {
            let mut q = QueryBuilder::<Db>::new(
                "INSERT INTO named_ballots (poll_id, person_id, option_id, cast_at) ",
            );
            q.push_values(chunk, |mut row, (person, option)| {
                row.push_bind(poll.id)
                    .push_bind(*person)
                    .push_bind(*option)
                    .push_bind(&now);
            });
            q.build().execute(tx.conn()).await?;
        }
    }
    for chunk in ciphertexts.chunks(ROWS_PER_STATEMENT) {
        let mut q = QueryBuilder::<Db>::new("INSERT INTO secret_ballots (poll_id, ciphertexts) ");
        q.push_values(chunk, |mut row, ciphertext| {
            row.push_bind(poll.id).push_bind(ciphertext.as_slice());
        });
        q.build().execute(tx.conn()).await?;
    }
    for ((option_id, rating), n) in &bumps {
        sqlx::query("UPDATE poll_tallies SET count = count + $1 WHERE poll_id = $2 AND option_id = $3 AND rating = $4")
            .bind(n)
            .bind(poll.id)
            .bind(option_id)
            .bind(rating)
            .execute(tx.conn())
            .await?;
    }
    // The participation count is announced apart, a few times a second
    // at most (`BallotBatches::announce_participation`).
    sqlx::query("UPDATE polls SET ballots_cast = ballots_cast + $1 WHERE id = $2")
        .bind(accepted.len() as i64)
        .bind(poll.id)
        .execute(tx.conn())
        .await?;
    Ok(())
}
