//! Duties that one server instance at a time performs for the whole
//! database, such as ringing the speech clock's alarms: whoever holds a
//! duty's lease performs it, and when the holder dies the lease frees so
//! that another instance takes the duty over.

use tokio::sync::oneshot;

/// A duty of one instance at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// Rings the alarms of running speeches (one minute left, time up).
    SpeechClock,
}

impl Duty {
    /// A number that names the duty to the database (an advisory lock's
    /// key on PostgreSQL): "KyHop" in ASCII, then the duty's own byte, so
    /// that it never meets the write lock's key.
    pub fn key(self) -> i64 {
        let own: i64 = match self {
            Duty::SpeechClock => 1,
        };
        (0x4B_79_48_6F_70 << 8) | own
    }

    pub fn name(self) -> &'static str {
        match self {
            Duty::SpeechClock => "speech_clock",
        }
    }
}

/// This instance's hold on a duty. Dropping it gives the duty up.
pub struct DutyLease {
    lost: oneshot::Receiver<()>,
    _give_up_on_drop: oneshot::Sender<()>,
    /// For a lease nobody contends for: kept here so that it is never lost.
    _sole: Option<LeaseKeeper>,
}

/// What holds a lease on the store's side: it learns when the lease is
/// given up, and dropping it tells the lease that it is lost.
pub struct LeaseKeeper {
    _lose_on_drop: oneshot::Sender<()>,
    given_up: oneshot::Receiver<()>,
}

/// A lease and its keeper, connected.
pub fn lease() -> (DutyLease, LeaseKeeper) {
    let (lose, lost) = oneshot::channel();
    let (give_up, given_up) = oneshot::channel();
    (
        DutyLease {
            lost,
            _give_up_on_drop: give_up,
            _sole: None,
        },
        LeaseKeeper {
            _lose_on_drop: lose,
            given_up,
        },
    )
}

impl DutyLease {
    /// The lease of the only instance there can be (a store in one file
    /// that one process holds): never lost.
    pub fn sole() -> Self {
        let (mut lease, keeper) = lease();
        lease._sole = Some(keeper);
        lease
    }

    /// Completes when the lease is lost: the instance must stop performing
    /// the duty (another may have taken it over).
    pub async fn lost(&mut self) {
        // Nothing is ever sent: the keeper's drop closes the channel.
        let _ = (&mut self.lost).await;
    }
}

impl LeaseKeeper {
    /// Completes when the instance gives the lease up (drops it).
    pub async fn given_up(&mut self) {
        let _ = (&mut self.given_up).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_dropped_keeper_loses_the_lease() {
        let (mut lease, keeper) = lease();
        let pending = tokio::time::timeout(Duration::from_millis(20), lease.lost()).await;
        assert!(pending.is_err(), "control: held while the keeper lives");
        drop(keeper);
        tokio::time::timeout(Duration::from_secs(1), lease.lost())
            .await
            .expect("lost once the keeper is gone");
    }

    #[tokio::test]
    async fn a_dropped_lease_is_given_up() {
        let (lease, mut keeper) = lease();
        let pending = tokio::time::timeout(Duration::from_millis(20), keeper.given_up()).await;
        assert!(pending.is_err(), "control: kept while the lease lives");
        drop(lease);
        tokio::time::timeout(Duration::from_secs(1), keeper.given_up())
            .await
            .expect("given up once the lease is dropped");
    }

    #[tokio::test]
    async fn a_sole_lease_is_never_lost() {
        let mut lease = DutyLease::sole();
        let pending = tokio::time::timeout(Duration::from_millis(50), lease.lost()).await;
        assert!(pending.is_err());
    }

    #[test]
    fn duty_keys_differ_from_the_write_lock() {
        assert_ne!(Duty::SpeechClock.key(), 0x4B_79_48_6F_70);
    }
}
