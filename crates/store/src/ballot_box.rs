//! The ballot box: group commit for ballots, written once for every backend.
//!
//! When 2,000 delegates press the button within a few seconds, one fsync per
//! ballot would queue them for seconds. Ballots therefore go to one writer
//! task that takes every ballot waiting at that moment and hands them to the
//! backend as one batch, which records them in one transaction and commits
//! once; only then is each ballot answered. A ballot is acknowledged only
//! after the commit that holds it.
//!
//! A secret ballot is encrypted here, on the caller's task before it joins
//! the queue, under its poll's public key (`kyhop_tally`): the backend
//! stores only the ciphertexts. The plain choice travels with it to the
//! backend's transaction, where the domain's rules admit it, and is never
//! logged (`BallotContent` does not print) nor stored.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use kyhop_domain::{Ballot, BallotReceipt, BallotRequest, Poll, SealedBallot};
use kyhop_tally::BallotSealer;
use tokio::sync::{mpsc, oneshot};

use crate::{Result, StoreError};

/// Most ballots handed to the backend in one batch.
pub const MAX_BATCH: usize = 512;
/// Ballots that may wait for the writer before senders wait too.
const QUEUE: usize = 8192;
/// Open secret polls whose encryption is kept at hand (one per session at a time).
const SEALERS: usize = 64;

/// What a backend does with one batch of ballots: decide each by the
/// domain's rules ([`kyhop_domain::Poll::admit`]) against what it has
/// stored, record the admitted ones in one transaction, commit, and return
/// one outcome per ballot in the order given. An outer error means the
/// commit failed and nothing of the batch is stored.
#[async_trait]
pub trait BallotBatches: Send + Sync + 'static {
    async fn record(&self, ballots: &[Ballot]) -> Result<Vec<Result<BallotReceipt>>>;
    /// An open secret poll and its public key, to encrypt its ballots
    /// with; None for a named poll or one that is not open.
    async fn sealing(&self, poll_id: i64) -> Result<Option<(Poll, Vec<u8>)>>;
}

/// How the ballots of one open secret poll are encrypted. A poll's options
/// and key do not change once it is open, so this is kept until evicted.
struct PollSealer {
    poll: Poll,
    sealer: BallotSealer,
}

impl PollSealer {
    /// The ballot encrypted, or None when it does not fit the poll (the
    /// backend then refuses it with the domain's reason).
    fn seal(&self, request: &BallotRequest) -> Option<SealedBallot> {
        let content = request.clone().content(&self.poll).ok()?;
        let counters = self.poll.counters(&content)?;
        Some(self.sealer.seal(&counters))
    }
}

struct Job {
    ballot: Ballot,
    reply: oneshot::Sender<Result<BallotReceipt>>,
}

pub struct BallotBox {
    jobs: mpsc::Sender<Job>,
    backend: Arc<dyn BallotBatches>,
    sealers: Mutex<HashMap<i64, Arc<PollSealer>>>,
}

impl BallotBox {
    /// Starts the writer task on the current Tokio runtime.
    pub fn start(backend: Arc<dyn BallotBatches>) -> Self {
        let (jobs, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run(rx, backend.clone()));
        Self {
            jobs,
            backend,
            sealers: Mutex::new(HashMap::new()),
        }
    }

    /// The encryption of an open secret poll's ballots, if it is one.
    async fn sealer(&self, poll_id: i64) -> Result<Option<Arc<PollSealer>>> {
        let cached = self
            .sealers
            .lock()
            .ok()
            .and_then(|s| s.get(&poll_id).cloned());
        if cached.is_some() {
            return Ok(cached);
        }
        let Some((poll, public_key)) = self.backend.sealing(poll_id).await? else {
            return Ok(None);
        };
        let sealer = Arc::new(PollSealer {
            sealer: BallotSealer::new(&public_key, poll.ballot_layout())?,
            poll,
        });
        if let Ok(mut sealers) = self.sealers.lock() {
            if sealers.len() >= SEALERS {
                sealers.clear();
            }
            sealers.insert(poll_id, sealer.clone());
        }
        Ok(Some(sealer))
    }

    /// Casts one ballot; answers after the commit that holds it.
    pub async fn cast(&self, mut ballot: Ballot) -> Result<BallotReceipt> {
        if let Some(sealer) = self.sealer(ballot.poll_id).await? {
            ballot.sealed = sealer.seal(&ballot.request);
        }
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Corrupt("the ballot writer has stopped".into());
        self.jobs
            .send(Job { ballot, reply })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

async fn run(mut rx: mpsc::Receiver<Job>, backend: Arc<dyn BallotBatches>) {
    while let Some(first) = rx.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        write_batch(backend.as_ref(), jobs).await;
    }
}

async fn write_batch(backend: &dyn BallotBatches, jobs: Vec<Job>) {
    let (ballots, replies): (Vec<Ballot>, Vec<_>) =
        jobs.into_iter().map(|j| (j.ballot, j.reply)).unzip();
    match backend.record(&ballots).await {
        Ok(outcomes) => {
            let mut outcomes = outcomes.into_iter();
            for reply in replies {
                let outcome = outcomes
                    .next()
                    .unwrap_or_else(|| Err(StoreError::Corrupt("ballot not processed".into())));
                let _ = reply.send(outcome);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, ballots = ballots.len(), "a batch of ballots failed to commit");
            for reply in replies {
                let _ = reply.send(Err(StoreError::Corrupt(
                    "the ballot could not be stored; vote again".into(),
                )));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use kyhop_domain::{BallotRequest, Choice};

    use super::*;

    /// A backend that answers each ballot by its person id and remembers
    /// the batch sizes; with `fail`, every commit fails.
    struct Recorder {
        batches: Mutex<Vec<usize>>,
        fail: bool,
    }

    #[async_trait]
    impl BallotBatches for Recorder {
        async fn record(&self, ballots: &[Ballot]) -> Result<Vec<Result<BallotReceipt>>> {
            self.batches.lock().unwrap().push(ballots.len());
            // Let the other casts pile up behind this commit.
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            if self.fail {
                return Err(StoreError::backend("disk I/O error"));
            }
            Ok(ballots
                .iter()
                .map(|b| {
                    if b.person_id % 2 == 0 {
                        Ok(BallotReceipt {
                            poll_id: b.poll_id,
                            recorded: true,
                            secret: true,
                        })
                    } else {
                        Err(StoreError::refused("already_voted", "already"))
                    }
                })
                .collect())
        }

        async fn sealing(&self, _poll_id: i64) -> Result<Option<(Poll, Vec<u8>)>> {
            Ok(None)
        }
    }

    fn ballot(person_id: i64) -> Ballot {
        Ballot {
            poll_id: 1,
            person_id,
            council_id: 1,
            request: BallotRequest {
                choice: Some(Choice::Yes),
                ratings: None,
                candidates: None,
            },
            sealed: None,
        }
    }

    async fn cast_all(backend: Arc<Recorder>, n: i64) -> Vec<Result<BallotReceipt>> {
        let ballot_box = Arc::new(BallotBox::start(backend));
        let casts: Vec<_> = (0..n)
            .map(|p| {
                let ballot_box = ballot_box.clone();
                tokio::spawn(async move { ballot_box.cast(ballot(p)).await })
            })
            .collect();
        let mut outcomes = Vec::new();
        for cast in casts {
            outcomes.push(cast.await.unwrap());
        }
        outcomes
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn ballots_waiting_together_share_a_commit_and_each_gets_its_answer() {
        let backend = Arc::new(Recorder {
            batches: Mutex::new(Vec::new()),
            fail: false,
        });
        let outcomes = cast_all(backend.clone(), 200).await;
        for (person, outcome) in outcomes.iter().enumerate() {
            assert_eq!(outcome.is_ok(), person % 2 == 0, "ballot of {person}");
        }
        let batches = backend.batches.lock().unwrap().clone();
        assert_eq!(batches.iter().sum::<usize>(), 200);
        assert!(
            batches.len() < 200,
            "ballots arriving during a commit wait for the next one: {batches:?}"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_commit_acknowledges_no_ballot() {
        let backend = Arc::new(Recorder {
            batches: Mutex::new(Vec::new()),
            fail: true,
        });
        for outcome in cast_all(backend, 20).await {
            assert!(
                matches!(&outcome, Err(StoreError::Corrupt(m)) if m.contains("vote again")),
                "{outcome:?}"
            );
        }
    }
}
