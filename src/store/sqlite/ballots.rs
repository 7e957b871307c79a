//! The ballot box: group commit for ballots.
//!
//! When 2,000 delegates press the button within a few seconds, one fsync per
//! ballot would queue them for seconds. Ballots therefore go to one writer
//! task that takes every ballot waiting at that moment, records them in one
//! transaction, commits once, and only then answers each of them. A ballot is
//! acknowledged only after the commit that holds it.
//!
//! A secret ballot's choice and its voter travel together only inside this
//! process, from the request to this transaction; they are never logged
//! (`BallotContent` does not print) and never stored together.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use sqlx::sqlite::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use super::polls::poll_in;
use super::{begin_write, WriteTx};
use crate::domain::{BallotContent, BallotReceipt, Choice, OptionKind, Poll, PollKind, PollState};
use crate::events::Stream;
use crate::live::Hub;
use crate::store::{Result, StoreError};

/// Most ballots written in one transaction.
const MAX_BATCH: usize = 512;
/// Ballots that may wait for the writer before senders wait too.
const QUEUE: usize = 8192;

struct Job {
    poll_id: i64,
    person_id: i64,
    content: BallotContent,
    reply: oneshot::Sender<Result<BallotReceipt>>,
}

pub(super) struct BallotBox {
    jobs: mpsc::Sender<Job>,
}

impl BallotBox {
    pub(super) fn start(writer: SqlitePool, hub: Arc<Hub>) -> Self {
        let (jobs, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(rx, writer, hub));
        Self { jobs }
    }

    pub(super) async fn cast(
        &self,
        poll_id: i64,
        person_id: i64,
        content: BallotContent,
    ) -> Result<BallotReceipt> {
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Corrupt("the ballot writer has stopped".into());
        self.jobs
            .send(Job {
                poll_id,
                person_id,
                content,
                reply,
            })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run(mut rx: mpsc::Receiver<Job>, writer: SqlitePool, hub: Arc<Hub>) {
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        write_batch(&writer, &hub, jobs).await;
    }
}

async fn write_batch(writer: &SqlitePool, hub: &Hub, jobs: Vec<Job>) {
    let mut outcomes: Vec<Result<BallotReceipt>> = Vec::with_capacity(jobs.len());
    let committed = async {
        // No actor on these events: the ballot box, not a delegate, writes them.
        let mut tx = begin_write(writer, hub, None).await?;
        let mut polls: HashMap<i64, Poll> = HashMap::new();
        let mut touched: BTreeMap<i64, (i64, u32)> = BTreeMap::new();
        for job in &jobs {
            let outcome = record(&mut tx, &mut polls, job).await?;
            if outcome.is_ok() {
                let poll = &polls[&job.poll_id];
                touched.insert(poll.id, (poll.session_id, poll.ballots_cast));
            }
            outcomes.push(outcome);
        }
        for (poll_id, (session_id, ballots_cast)) in touched {
            let payload = serde_json::json!({ "poll_id": poll_id, "ballots_cast": ballots_cast });
            tx.emit(Stream::Session(session_id), "poll.participation", &payload)
                .await?;
        }
        tx.commit().await
    }
    .await;
    match committed {
        Ok(()) => {
            for (job, outcome) in jobs.into_iter().zip(outcomes) {
                let _ = job.reply.send(outcome);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, ballots = jobs.len(), "a batch of ballots failed to commit");
            for job in jobs {
                let _ = job.reply.send(Err(StoreError::Corrupt(
                    "the ballot could not be stored; vote again".into(),
                )));
            }
        }
    }
}

/// Records one ballot in the batch's transaction. The outer error aborts the
/// batch (the database failed); the inner one refuses this ballot only.
async fn record(
    tx: &mut WriteTx<'_>,
    polls: &mut HashMap<i64, Poll>,
    job: &Job,
) -> Result<Result<BallotReceipt>> {
    if !polls.contains_key(&job.poll_id) {
        match poll_in(tx.conn(), job.poll_id).await {
            Ok(poll) => polls.insert(poll.id, poll),
            Err(StoreError::NotFound(what)) => return Ok(Err(StoreError::NotFound(what))),
            Err(e) => return Err(e),
        };
    }
    let poll = &polls[&job.poll_id];
    if poll.state != PollState::Open {
        return Ok(Err(StoreError::refused(
            "poll_not_open",
            format!("the poll is {}, not open", poll.state),
        )));
    }
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM attendance WHERE session_id = ? AND person_id = ?")
            .bind(poll.session_id)
            .bind(job.person_id)
            .fetch_optional(tx.conn())
            .await?;
    if status.as_deref() != Some("present") {
        return Ok(Err(StoreError::refused(
            "not_checked_in",
            "check in before voting",
        )));
    }
    let voted: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM poll_voters WHERE poll_id = ? AND person_id = ?")
            .bind(poll.id)
            .bind(job.person_id)
            .fetch_optional(tx.conn())
            .await?;
    if voted.is_some() {
        return Ok(Err(StoreError::refused(
            "already_voted",
            "your ballot in this poll is already recorded",
        )));
    }
    // Which counters the ballot adds one to: (option, rating).
    let option_of = |kind: OptionKind, person: Option<i64>| {
        poll.options
            .iter()
            .find(|o| o.kind == kind && (person.is_none() || o.person_id == person))
            .map(|o| o.id)
    };
    let mut bumps: Vec<(i64, &'static str)> = Vec::new();
    match (&job.content, poll.kind) {
        (BallotContent::Choice(choice), PollKind::Named | PollKind::Secret) => {
            let kind = match choice {
                Choice::Yes => OptionKind::Yes,
                Choice::No => OptionKind::No,
                Choice::Abstain => OptionKind::Abstain,
            };
            bumps.extend(option_of(kind, None).map(|o| (o, "")));
        }
        (BallotContent::Ratings(ratings), PollKind::Confidence) => {
            for o in poll
                .options
                .iter()
                .filter(|o| o.kind == OptionKind::Official)
            {
                let rating = o
                    .person_id
                    .and_then(|p| ratings.get(&p))
                    .map_or("invalid", |r| r.as_str());
                bumps.push((o.id, rating));
            }
        }
        (BallotContent::Candidates(chosen), PollKind::Election) => {
            for &person in chosen {
                bumps.extend(option_of(OptionKind::Candidate, Some(person)).map(|o| (o, "")));
            }
        }
        _ => {
            return Ok(Err(StoreError::refused(
                "invalid_ballot",
                "the ballot does not fit this poll",
            )))
        }
    }
    if bumps.is_empty() && !matches!(job.content, BallotContent::Candidates(_)) {
        return Ok(Err(StoreError::refused(
            "invalid_ballot",
            "the ballot does not fit this poll",
        )));
    }
    sqlx::query("INSERT INTO poll_voters (poll_id, person_id) VALUES (?, ?)")
        .bind(poll.id)
        .bind(job.person_id)
        .execute(tx.conn())
        .await?;
    if poll.kind == PollKind::Named {
        let now = tx.now_text();
        sqlx::query("INSERT INTO named_ballots (poll_id, person_id, option_id, cast_at) VALUES (?, ?, ?, ?)")
            .bind(poll.id)
            .bind(job.person_id)
            .bind(bumps[0].0)
            .bind(&now)
            .execute(tx.conn())
            .await?;
    }
    for (option_id, rating) in &bumps {
        sqlx::query("UPDATE poll_tallies SET count = count + 1 WHERE poll_id = ? AND option_id = ? AND rating = ?")
            .bind(poll.id)
            .bind(option_id)
            .bind(rating)
            .execute(tx.conn())
            .await?;
    }
    sqlx::query("UPDATE polls SET ballots_cast = ballots_cast + 1 WHERE id = ?")
        .bind(poll.id)
        .execute(tx.conn())
        .await?;
    let secret = poll.kind.is_secret();
    if let Some(p) = polls.get_mut(&job.poll_id) {
        p.ballots_cast += 1;
    }
    Ok(Ok(BallotReceipt {
        poll_id: job.poll_id,
        recorded: true,
        secret,
    }))
}
