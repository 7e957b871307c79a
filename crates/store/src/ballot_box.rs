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
//! logged (`BallotContent` does not print) nor stored. While a secret poll
//! waits to open, a background thread encrypts groups ahead for every
//! choice ([`BallotBox::prepare`]), so that a chamber voting at once does
//! not wait for the curve arithmetic; and the box keeps the sum of the
//! ciphertexts it committed, so that the close need not read them all back.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use kyhop_domain::{Ballot, BallotReceipt, BallotRequest, Poll};
use kyhop_tally::{BallotSealer, EncryptedSum, Sealed};
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
    /// Records, in a transaction of its own, the event that tells the
    /// session how many ballots an open poll has (nothing once it closed).
    async fn announce_participation(&self, poll_id: i64) -> Result<()>;
    /// A secret poll (draft or open) with its public key, to encrypt its
    /// ballots with; None for a named poll or one that takes no more ballots.
    async fn sealing(&self, poll_id: i64) -> Result<Option<Sealing>>;
}

/// What encrypting a secret poll's ballots needs.
pub struct Sealing {
    pub poll: Poll,
    pub public_key: Vec<u8>,
    /// Most ballots the poll may get (its council's seats).
    pub voters: usize,
}

/// How the ballots of one secret poll are encrypted. A poll's options and
/// key do not change once it has them, so this is kept until the poll
/// closes (or the cache is full).
struct PollSealer {
    poll: Poll,
    voters: usize,
    sealer: BallotSealer,
    /// Set when the poll is done: the background thread stops.
    retired: AtomicBool,
    /// Set once a background thread encrypts ahead for this poll.
    filling: AtomicBool,
    /// Set when every choice had its groups ready (it stays set).
    ready: AtomicBool,
    /// When the last ballot was encrypted (ms since `started`): the
    /// background thread yields the CPU to a chamber that is voting.
    last_seal_ms: AtomicU64,
    started: Instant,
}

/// While ballots arrive this recently, encrypting ahead pauses.
const VOTING_PAUSE: Duration = Duration::from_millis(300);

impl PollSealer {
    /// The ballot encrypted, or None when it does not fit the poll (the
    /// backend then refuses it with the domain's reason).
    fn seal(&self, request: &BallotRequest) -> Option<Sealed> {
        self.last_seal_ms
            .store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
        let content = request.clone().content(&self.poll).ok()?;
        let counters = self.poll.counters(&content)?;
        Some(self.sealer.seal(&counters))
    }
}

struct Job {
    ballot: Ballot,
    /// A secret ballot's ciphertexts, for the running sum.
    sum: Option<EncryptedSum>,
    reply: oneshot::Sender<Result<BallotReceipt>>,
}

/// Per poll, the sum of the secret ballots committed through this box.
type RunningSums = Arc<Mutex<HashMap<i64, EncryptedSum>>>;

/// Told the size of each batch committed (the server's metrics).
pub type BatchObserver = Arc<dyn Fn(usize) + Send + Sync>;

pub struct BallotBox {
    jobs: mpsc::Sender<Job>,
    backend: Arc<dyn BallotBatches>,
    sealers: Mutex<HashMap<i64, Arc<PollSealer>>>,
    sums: RunningSums,
    observer: Arc<std::sync::OnceLock<BatchObserver>>,
}

impl BallotBox {
    /// Starts the writer on a thread of its own, with a runtime of its own
    /// (it ends when the box is dropped). On the server's runtime, each
    /// statement of a batch waited for its turn behind every task ready to
    /// run: while `poll.opened` went out to 2,000 live streams, the first
    /// batch took 50 ms to begin.
    pub fn start(backend: Arc<dyn BallotBatches>) -> Result<Self> {
        let (jobs, rx) = mpsc::channel(QUEUE);
        let sums = RunningSums::default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(StoreError::backend)?;
        let observer = Arc::new(std::sync::OnceLock::new());
        let writer = run(rx, backend.clone(), sums.clone(), observer.clone());
        std::thread::Builder::new()
            .name("kyhop-ballots".into())
            .spawn(move || runtime.block_on(writer))
            .map_err(StoreError::backend)?;
        Ok(Self {
            jobs,
            backend,
            sealers: Mutex::new(HashMap::new()),
            sums,
            observer,
        })
    }

    /// Has `observer` told each batch's size from now on (the first one
    /// set stays).
    pub fn observe_batches(&self, observer: BatchObserver) {
        let _ = self.observer.set(observer);
    }

    /// Starts encrypting a secret poll's ballot groups ahead, on a
    /// background thread, until there are enough for every delegate (and
    /// the lookup the close decrypts totals with is built).
    pub async fn prepare(&self, poll_id: i64) -> Result<()> {
        let Some(sealer) = self.sealer(poll_id).await? else {
            return Ok(());
        };
        if sealer.filling.swap(true, Ordering::Relaxed) {
            return Ok(());
        }
        tokio::task::spawn_blocking(move || {
            kyhop_tally::totals_table(sealer.voters as u64);
            let target = sealer.sealer.ready_target(sealer.voters);
            // Each step encrypts one group (about a millisecond); stop when
            // all are ready or the poll is done, and make way while the
            // chamber votes.
            while !sealer.retired.load(Ordering::Relaxed) {
                let since = (sealer.started.elapsed().as_millis() as u64)
                    .saturating_sub(sealer.last_seal_ms.load(Ordering::Relaxed));
                if since < VOTING_PAUSE.as_millis() as u64 {
                    std::thread::sleep(VOTING_PAUSE / 3);
                    continue;
                }
                if !sealer.sealer.prepare_one(target) {
                    sealer.ready.store(true, Ordering::Relaxed);
                    break;
                }
            }
        });
        Ok(())
    }

    /// Whether a secret poll's ballots are all encrypted ahead (for every
    /// delegate, whatever their choice) in this process.
    pub fn is_prepared(&self, poll_id: i64) -> bool {
        self.sealers
            .lock()
            .ok()
            .and_then(|s| s.get(&poll_id).map(|p| p.ready.load(Ordering::Relaxed)))
            .unwrap_or(false)
    }

    /// Stops every background encryption (the server is stopping: the
    /// runtime would otherwise wait for it).
    pub fn shut_down(&self) {
        if let Ok(mut sealers) = self.sealers.lock() {
            for (_, sealer) in sealers.drain() {
                sealer.retired.store(true, Ordering::Relaxed);
            }
        }
    }

    /// Forgets a poll that takes no more ballots: its groups made ahead
    /// and its running sum go.
    pub fn forget(&self, poll_id: i64) {
        if let Some(sealer) = self
            .sealers
            .lock()
            .ok()
            .and_then(|mut s| s.remove(&poll_id))
        {
            sealer.retired.store(true, Ordering::Relaxed);
        }
        if let Ok(mut sums) = self.sums.lock() {
            sums.remove(&poll_id);
        }
    }

    /// The sum of the poll's secret ballots committed through this box
    /// since it started (the backend checks it holds all of them).
    pub fn running_sum(&self, poll_id: i64) -> Option<EncryptedSum> {
        self.sums.lock().ok()?.get(&poll_id).cloned()
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
        let Some(sealing) = self.backend.sealing(poll_id).await? else {
            return Ok(None);
        };
        let sealer = Arc::new(PollSealer {
            sealer: BallotSealer::new(&sealing.public_key, sealing.poll.ballot_layout())?,
            poll: sealing.poll,
            voters: sealing.voters,
            retired: AtomicBool::new(false),
            filling: AtomicBool::new(false),
            ready: AtomicBool::new(false),
            // Far enough back that encrypting ahead starts at once.
            last_seal_ms: AtomicU64::new(0),
            started: Instant::now()
                .checked_sub(VOTING_PAUSE)
                .unwrap_or_else(Instant::now),
        });
        if let Ok(mut sealers) = self.sealers.lock() {
            if sealers.len() >= SEALERS {
                for (_, old) in sealers.drain() {
                    old.retired.store(true, Ordering::Relaxed);
                }
            }
            // Two callers may both have missed: the first one in is kept.
            let kept = sealers.entry(poll_id).or_insert(sealer);
            return Ok(Some(kept.clone()));
        }
        Ok(Some(sealer))
    }

    /// Casts one ballot; answers after the commit that holds it.
    pub async fn cast(&self, mut ballot: Ballot) -> Result<BallotReceipt> {
        let mut sum = None;
        if let Some(sealed) = self
            .sealer(ballot.poll_id)
            .await?
            .and_then(|s| s.seal(&ballot.request))
        {
            ballot.sealed = Some(sealed.ballot);
            sum = Some(sealed.sum);
        }
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Corrupt("the ballot writer has stopped".into());
        self.jobs
            .send(Job { ballot, sum, reply })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// How long a poll's new ballots wait to be announced: every live screen
/// gets the participation count at most this often per poll. Announcing
/// every batch sent 5–8 events to every live connection while 2,000
/// ballots arrived, more than half of the burst's server time; and a
/// count that moves in steps tells less about when who voted.
pub const PARTICIPATION_EVERY: Duration = Duration::from_millis(250);

async fn run(
    mut rx: mpsc::Receiver<Job>,
    backend: Arc<dyn BallotBatches>,
    sums: RunningSums,
    observer: Arc<std::sync::OnceLock<BatchObserver>>,
) {
    // Polls with ballots not yet announced, and when to announce them.
    let mut unannounced: HashMap<i64, tokio::time::Instant> = HashMap::new();
    loop {
        let next_due = unannounced.values().min().copied();
        let announce_at = async {
            match next_due {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        let first = tokio::select! {
            job = rx.recv() => match job {
                Some(job) => job,
                None => break,
            },
            () = announce_at => {
                let now = tokio::time::Instant::now();
                let due: Vec<i64> = unannounced
                    .iter()
                    .filter(|(_, at)| **at <= now)
                    .map(|(poll, _)| *poll)
                    .collect();
                for poll_id in due {
                    unannounced.remove(&poll_id);
                    if let Err(e) = backend.announce_participation(poll_id).await {
                        // The next ballot of the poll announces it again.
                        tracing::warn!(error = %e, poll_id, "announcing a poll's participation");
                    }
                }
                continue;
            }
        };
        let mut jobs = vec![first];
        while jobs.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        if let Some(observe) = observer.get() {
            observe(jobs.len());
        }
        for poll_id in write_batch(backend.as_ref(), jobs, &sums).await {
            unannounced
                .entry(poll_id)
                .or_insert_with(|| tokio::time::Instant::now() + PARTICIPATION_EVERY);
        }
    }
}

/// Records one batch and answers each of its ballots; returns the polls
/// that got a ballot.
async fn write_batch(
    backend: &dyn BallotBatches,
    jobs: Vec<Job>,
    sums: &RunningSums,
) -> HashSet<i64> {
    let mut received = HashSet::new();
    let mut ballots = Vec::with_capacity(jobs.len());
    let mut rest = Vec::with_capacity(jobs.len());
    for job in jobs {
        ballots.push(job.ballot);
        rest.push((job.sum, job.reply));
    }
    match backend.record(&ballots).await {
        Ok(outcomes) => {
            let mut outcomes = outcomes.into_iter();
            let mut sums = sums.lock().ok();
            for (ballot, (sum, reply)) in ballots.iter().zip(rest) {
                let outcome = outcomes
                    .next()
                    .unwrap_or_else(|| Err(StoreError::Corrupt("ballot not processed".into())));
                if outcome.is_ok() {
                    received.insert(ballot.poll_id);
                }
                // Committed: its ciphertexts join the poll's running sum.
                if let (Ok(_), Some(sum), Some(sums)) = (&outcome, sum, sums.as_mut()) {
                    sums.entry(ballot.poll_id)
                        .or_insert_with(|| EncryptedSum::zero(sum.per_counter_len()))
                        .add(&sum);
                }
                let _ = reply.send(outcome);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, ballots = ballots.len(), "a batch of ballots failed to commit");
            for (_, reply) in rest {
                let _ = reply.send(Err(StoreError::Corrupt(
                    "the ballot could not be stored; vote again".into(),
                )));
            }
        }
    }
    received
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
        /// When each poll's participation was announced, and how many of
        /// its ballots were committed by then.
        announced: Mutex<Vec<(i64, tokio::time::Instant, usize)>>,
        committed: Mutex<HashMap<i64, usize>>,
    }

    impl Recorder {
        fn new(fail: bool) -> Arc<Self> {
            Arc::new(Self {
                batches: Mutex::new(Vec::new()),
                fail,
                announced: Mutex::new(Vec::new()),
                committed: Mutex::new(HashMap::new()),
            })
        }
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
            let mut committed = self.committed.lock().unwrap();
            Ok(ballots
                .iter()
                .map(|b| {
                    if b.person_id % 2 == 0 {
                        *committed.entry(b.poll_id).or_default() += 1;
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

        async fn announce_participation(&self, poll_id: i64) -> Result<()> {
            let committed = self.committed.lock().unwrap().get(&poll_id).copied();
            self.announced.lock().unwrap().push((
                poll_id,
                tokio::time::Instant::now(),
                committed.unwrap_or(0),
            ));
            Ok(())
        }

        async fn sealing(&self, _poll_id: i64) -> Result<Option<Sealing>> {
            Ok(None)
        }
    }

    fn ballot(person_id: i64) -> Ballot {
        ballot_in(1, person_id)
    }

    fn ballot_in(poll_id: i64, person_id: i64) -> Ballot {
        Ballot {
            poll_id,
            person_id,
            council_id: 1,
            request: BallotRequest {
                option: None,
                choice: Some(Choice::Yes),
                ratings: None,
                candidates: None,
            },
            sealed: None,
        }
    }

    async fn cast_all(backend: Arc<Recorder>, n: i64) -> Vec<Result<BallotReceipt>> {
        let ballot_box = Arc::new(BallotBox::start(backend).unwrap());
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
        let backend = Recorder::new(false);
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
        let backend = Recorder::new(true);
        for outcome in cast_all(backend, 20).await {
            assert!(
                matches!(&outcome, Err(StoreError::Corrupt(m)) if m.contains("vote again")),
                "{outcome:?}"
            );
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn participation_is_announced_a_few_times_a_second_and_after_the_last_ballot() {
        let backend = Recorder::new(false);
        let ballot_box = Arc::new(BallotBox::start(backend.clone()).unwrap());
        // Poll 1 gets a ballot every 10 ms for 0.8 s (even persons:
        // accepted); poll 2 only ballots that are refused.
        let started = tokio::time::Instant::now();
        let mut casts = Vec::new();
        for p in 0..80 {
            for b in [ballot_in(1, 2 * p), ballot_in(2, 2 * p + 1)] {
                let ballot_box = ballot_box.clone();
                casts.push(tokio::spawn(async move { ballot_box.cast(b).await }));
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        for cast in casts {
            let _ = cast.await.unwrap();
        }
        let last_answer = tokio::time::Instant::now();
        tokio::time::sleep(Duration::from_secs(2)).await;
        let announced = backend.announced.lock().unwrap().clone();
        assert!(
            announced.iter().all(|(poll, _, _)| *poll == 1),
            "a poll whose ballots were all refused has nothing to announce: {announced:?}"
        );
        // At least 0.8 s of voting (longer on a loaded machine): every
        // 250 ms at most, far fewer than the batches (one commits every
        // 20 ms here).
        let batches = backend.batches.lock().unwrap().len();
        let at_most = (last_answer - started).as_millis() / PARTICIPATION_EVERY.as_millis() + 1;
        assert!(
            (2..=at_most as usize).contains(&announced.len()) && announced.len() * 2 < batches,
            "{announced:?} for {batches} batches over {:?}",
            last_answer - started
        );
        for pair in announced.windows(2) {
            assert!(
                pair[1].1 - pair[0].1 >= PARTICIPATION_EVERY,
                "{announced:?}"
            );
        }
        // The last count announced is the final one, within the interval
        // of the last answer (and the scheduling delay of a loaded
        // machine: CI shares its cores).
        let (_, at, count) = *announced.last().unwrap();
        assert_eq!(count, 80);
        let scheduling = Duration::from_millis(500);
        assert!(
            at <= last_answer + PARTICIPATION_EVERY + scheduling,
            "announced {:?} after the last answer",
            at.saturating_duration_since(last_answer)
        );
    }
}
