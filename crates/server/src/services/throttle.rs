//! The sign-in throttle: how many wrong passwords and pairing codes an
//! address, and the whole server, may send before they must wait.
//!
//! Only failures count, so that a chamber full of delegates signing in at
//! once is never slowed. An address that fails [`Limits::per_address`]
//! times within [`Limits::window`] is refused for [`Limits::first_block`],
//! doubled at each new block up to [`Limits::longest_block`]. Across all
//! addresses, [`Limits::server_wide`] failures per window stop every
//! attempt until the window ends: many addresses guessing together do not
//! multiply the guesses. Each block raises one [`Alarm`] for the
//! secretariat. IPv6 addresses count per /64, which one machine owns whole.
//!
//! An address that goes on trying while blocked ([`Limits::turn_away_after`]
//! refused attempts in one block, more than a person clicking "Đăng nhập"
//! makes) is flooding, not mistyping: until its block ends its connections
//! are never read ([`crate::connections::Gate`]: held silent, then closed),
//! so that its guesses cost the server a TCP accept instead of a handshake
//! and a request.
//!
//! Pure bookkeeping over the times it is given: tested without waiting.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use kyhop_domain::SignInAlarm;
use kyhop_store::Store;

/// The throttle as the sign-in routes share it: alarms are recorded in the
/// background (the refused request does not wait for the writer).
#[derive(Debug)]
pub struct SignInGuard {
    throttle: Mutex<Throttle>,
}

impl SignInGuard {
    pub fn new(limits: Limits) -> Self {
        Self {
            throttle: Mutex::new(Throttle::new(limits, Instant::now())),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Throttle> {
        // The bookkeeping cannot be left half-done by a panic elsewhere.
        self.throttle.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Refused when `address` must wait before trying.
    pub fn check(&self, address: IpAddr) -> Result<(), Refused> {
        let now = Instant::now();
        let mut throttle = self.lock();
        let wait = throttle.check(address, now).err();
        wait.map_or(Ok(()), |wait| {
            throttle.refused(address, now);
            Err(Refused {
                wait,
                disconnect: throttle.turns_away(address, now),
            })
        })
    }

    pub fn succeeded(&self, address: IpAddr) {
        self.lock().succeeded(address);
    }

    /// Counts a failure; a block it trips is recorded as a sign-in alarm.
    pub fn failed(&self, store: &Arc<dyn Store>, attempt: Attempt, address: IpAddr) {
        let alarms = self.lock().failed(attempt, address, Instant::now());
        for alarm in alarms {
            tracing::warn!(
                attempt = ?alarm.attempt,
                address = ?alarm.address,
                failures = alarm.failures,
                blocked_seconds = alarm.blocked_for.as_secs(),
                "sign-ins throttled"
            );
            let store = store.clone();
            tokio::spawn(async move {
                if let Err(e) = store.record_sign_in_alarm(&alarm.record()).await {
                    tracing::error!(error = %e, "could not record a sign-in alarm");
                }
            });
        }
    }
}

impl crate::connections::Gate for SignInGuard {
    fn turns_away(&self, peer: IpAddr) -> bool {
        self.lock().turns_away(peer, Instant::now())
    }
}

/// An attempt refused before it was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// How long until an attempt may be made.
    pub wait: Duration,
    /// The address is turned away at accept now: close its connection, so
    /// that it cannot go on sending on one already open.
    pub disconnect: bool,
}

/// The limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub window: Duration,
    pub per_address: u32,
    pub first_block: Duration,
    pub longest_block: Duration,
    pub server_wide: u32,
    /// Attempts refused during one block of an address before its
    /// connections are no longer read (held, then closed, at accept).
    pub turn_away_after: u32,
    /// Addresses remembered at most (oldest quiet ones forgotten first).
    pub addresses: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            window: Duration::from_secs(60),
            per_address: 10,
            first_block: Duration::from_secs(60),
            longest_block: Duration::from_secs(3600),
            server_wide: 30,
            turn_away_after: 30,
            addresses: 100_000,
        }
    }
}

/// What was guessed wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Password,
    PairingCode,
}

/// A block the secretariat should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alarm {
    pub attempt: Attempt,
    /// The address (IPv6: its /64) that was blocked; none when the whole
    /// server stopped taking attempts.
    pub address: Option<IpAddr>,
    /// Failures in the window that tripped the block.
    pub failures: u32,
    pub blocked_for: Duration,
}

impl Alarm {
    /// As the secretariat sees it.
    pub fn record(&self) -> SignInAlarm {
        SignInAlarm {
            attempt: match self.attempt {
                Attempt::Password => "password",
                Attempt::PairingCode => "pairing_code",
            }
            .to_owned(),
            address: self.address.map(|a| a.to_string()),
            failures: self.failures,
            blocked_seconds: self.blocked_for.as_secs(),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Record {
    window_start: Instant,
    failures: u32,
    /// Blocks in a row; the next lasts `first_block × 2^blocks`.
    blocks: u32,
    blocked_until: Option<Instant>,
    /// Attempts refused during the current block.
    refused: u32,
    last_seen: Instant,
}

/// The throttle's memory.
#[derive(Debug)]
pub struct Throttle {
    limits: Limits,
    addresses: HashMap<IpAddr, Record>,
    server: Record,
}

/// The key an address counts under.
fn key(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V6(v6) => {
            let mut octets = v6.octets();
            octets[8..].fill(0);
            IpAddr::V6(octets.into())
        }
        v4 => v4,
    }
}

impl Record {
    fn new(now: Instant) -> Self {
        Self {
            window_start: now,
            failures: 0,
            blocks: 0,
            blocked_until: None,
            refused: 0,
            last_seen: now,
        }
    }

    fn blocked(&self, now: Instant) -> Option<Duration> {
        self.blocked_until
            .filter(|until| *until > now)
            .map(|until| until - now)
    }

    /// Counts a failure; returns the new block's length when this one
    /// reaches `limit`.
    fn fail(&mut self, now: Instant, limits: &Limits, limit: u32) -> Option<Duration> {
        if now.duration_since(self.window_start) >= limits.window {
            // A whole quiet block length since the last block: start over.
            if self
                .blocked_until
                .is_some_and(|until| now.duration_since(until) >= limits.longest_block)
            {
                self.blocks = 0;
            }
            self.window_start = now;
            self.failures = 0;
        }
        self.last_seen = now;
        self.failures += 1;
        if self.failures < limit || self.blocked(now).is_some() {
            return None;
        }
        let length = limits
            .first_block
            .saturating_mul(1 << self.blocks.min(16))
            .min(limits.longest_block);
        self.blocks += 1;
        self.blocked_until = Some(now + length);
        self.refused = 0;
        self.window_start = now;
        self.failures = 0;
        Some(length)
    }
}

impl Throttle {
    pub fn new(limits: Limits, now: Instant) -> Self {
        Self {
            limits,
            addresses: HashMap::new(),
            server: Record::new(now),
        }
    }

    /// `Err(wait)` when `address` may not try now.
    pub fn check(&self, address: IpAddr, now: Instant) -> Result<(), Duration> {
        let address = self
            .addresses
            .get(&key(address))
            .and_then(|r| r.blocked(now));
        match address.into_iter().chain(self.server.blocked(now)).max() {
            Some(wait) => Err(wait),
            None => Ok(()),
        }
    }

    /// Counts an attempt `check` refused: one more while the address is
    /// blocked brings it closer to being turned away.
    pub fn refused(&mut self, address: IpAddr, now: Instant) {
        if let Some(record) = self.addresses.get_mut(&key(address)) {
            if record.blocked(now).is_some() {
                record.refused = record.refused.saturating_add(1);
                record.last_seen = now;
            }
        }
    }

    /// Whether `address` is blocked and has gone on trying: its connections
    /// are closed at accept until the block ends.
    pub fn turns_away(&self, address: IpAddr, now: Instant) -> bool {
        self.addresses.get(&key(address)).is_some_and(|record| {
            record.blocked(now).is_some() && record.refused >= self.limits.turn_away_after
        })
    }

    /// Counts a failed attempt from `address`; an alarm when it blocks.
    pub fn failed(&mut self, attempt: Attempt, address: IpAddr, now: Instant) -> Vec<Alarm> {
        let limits = self.limits;
        let key = key(address);
        if !self.addresses.contains_key(&key) && self.addresses.len() >= limits.addresses {
            self.forget_quiet(now);
        }
        let mut alarms = Vec::new();
        let record = self
            .addresses
            .entry(key)
            .or_insert_with(|| Record::new(now));
        // Attempts already under way when their address was blocked still
        // fail here; they do not count towards the server-wide ceiling, so
        // that one address's burst cannot stop everyone.
        let counts_server_wide = record.blocked(now).is_none();
        if let Some(blocked_for) = record.fail(now, &limits, limits.per_address) {
            alarms.push(Alarm {
                attempt,
                address: Some(key),
                failures: limits.per_address,
                blocked_for,
            });
        }
        if !counts_server_wide {
            return alarms;
        }
        if let Some(blocked_for) = self.server.fail(now, &limits, limits.server_wide) {
            alarms.push(Alarm {
                attempt,
                address: None,
                failures: limits.server_wide,
                blocked_for,
            });
        }
        alarms
    }

    /// A success from `address`: its failures so far are forgiven (not its
    /// block, which `check` refused before the attempt was made).
    pub fn succeeded(&mut self, address: IpAddr) {
        if let Some(record) = self.addresses.get_mut(&key(address)) {
            record.failures = 0;
        }
    }

    /// Forgets addresses that are not blocked, oldest first, down to half
    /// the limit (a flood of new addresses cannot grow memory without end).
    fn forget_quiet(&mut self, now: Instant) {
        self.addresses.retain(|_, r| r.blocked(now).is_some());
        if self.addresses.len() >= self.limits.addresses {
            let mut by_age: Vec<_> = self
                .addresses
                .iter()
                .map(|(k, r)| (r.last_seen, *k))
                .collect();
            by_age.sort();
            for (_, k) in by_age.iter().take(by_age.len() - self.limits.addresses / 2) {
                self.addresses.remove(k);
            }
        }
    }

    /// Addresses remembered now (for tests and metrics).
    pub fn remembered(&self) -> usize {
        self.addresses.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn limits() -> Limits {
        Limits {
            server_wide: 1000,
            ..Limits::default()
        }
    }

    #[test]
    fn the_tenth_failure_in_a_minute_blocks_the_address_for_a_minute() {
        let t0 = Instant::now();
        let mut t = Throttle::new(limits(), t0);
        let a = ip("192.0.2.7");
        for i in 0..9 {
            assert!(
                t.failed(Attempt::PairingCode, a, t0).is_empty(),
                "failure {i}"
            );
            assert_eq!(t.check(a, t0), Ok(()));
        }
        let alarms = t.failed(Attempt::PairingCode, a, t0);
        assert_eq!(
            alarms,
            vec![Alarm {
                attempt: Attempt::PairingCode,
                address: Some(a),
                failures: 10,
                blocked_for: Duration::from_secs(60)
            }]
        );
        assert_eq!(
            t.check(a, t0 + Duration::from_secs(1)),
            Err(Duration::from_secs(59))
        );
        // Another address is not held up.
        assert_eq!(t.check(ip("192.0.2.8"), t0), Ok(()));
        assert_eq!(t.check(a, t0 + Duration::from_secs(60)), Ok(()));
    }

    #[test]
    fn nine_failures_a_minute_never_block_but_spread_out_they_do_not_add_up() {
        let t0 = Instant::now();
        let mut t = Throttle::new(limits(), t0);
        let a = ip("192.0.2.7");
        for minute in 0..5 {
            let now = t0 + Duration::from_secs(61 * minute);
            for _ in 0..9 {
                assert!(t.failed(Attempt::Password, a, now).is_empty());
            }
            assert_eq!(t.check(a, now), Ok(()));
        }
    }

    #[test]
    fn blocks_in_a_row_double_up_to_an_hour() {
        let t0 = Instant::now();
        let mut t = Throttle::new(limits(), t0);
        let a = ip("192.0.2.7");
        let mut now = t0;
        let mut lengths = Vec::new();
        for _ in 0..8 {
            let alarms = (0..10)
                .flat_map(|_| t.failed(Attempt::PairingCode, a, now))
                .collect::<Vec<_>>();
            let length = alarms[0].blocked_for;
            lengths.push(length.as_secs());
            now += length;
            assert_eq!(t.check(a, now), Ok(()));
        }
        assert_eq!(lengths, [60, 120, 240, 480, 960, 1920, 3600, 3600]);
        // An hour of quiet after a block: the next starts at a minute again.
        now += Duration::from_secs(3600);
        let alarms = (0..10)
            .flat_map(|_| t.failed(Attempt::PairingCode, a, now))
            .collect::<Vec<_>>();
        assert_eq!(alarms[0].blocked_for, Duration::from_secs(60));
    }

    #[test]
    fn many_addresses_together_meet_the_server_wide_ceiling() {
        let t0 = Instant::now();
        let mut t = Throttle::new(Limits::default(), t0);
        let mut alarms = Vec::new();
        for i in 0..30u32 {
            // Three guesses from each of ten addresses: none blocked alone.
            let a = IpAddr::from([10, 0, 0, (i % 10) as u8]);
            alarms.extend(t.failed(Attempt::PairingCode, a, t0));
        }
        assert_eq!(alarms.len(), 1, "{alarms:?}");
        assert_eq!(alarms[0].address, None);
        assert!(t.check(ip("10.0.0.99"), t0).is_err(), "everyone waits");
        assert_eq!(
            t.check(ip("10.0.0.99"), t0 + Duration::from_secs(60)),
            Ok(())
        );
    }

    #[test]
    fn one_addresss_burst_counts_server_wide_only_up_to_its_own_limit() {
        let t0 = Instant::now();
        let mut t = Throttle::new(Limits::default(), t0);
        // Fifty guesses in flight from one laptop when it is blocked.
        for _ in 0..50 {
            t.failed(Attempt::PairingCode, ip("192.0.2.7"), t0);
        }
        assert!(t.check(ip("192.0.2.7"), t0).is_err());
        assert_eq!(t.check(ip("192.0.2.8"), t0), Ok(()), "others go on");
    }

    #[test]
    fn a_success_forgives_earlier_failures() {
        let t0 = Instant::now();
        let mut t = Throttle::new(limits(), t0);
        let a = ip("192.0.2.7");
        for _ in 0..9 {
            t.failed(Attempt::Password, a, t0);
        }
        t.succeeded(a);
        for _ in 0..9 {
            assert!(t.failed(Attempt::Password, a, t0).is_empty());
        }
    }

    #[test]
    fn an_ipv6_machine_counts_once_for_its_whole_prefix() {
        let t0 = Instant::now();
        let mut t = Throttle::new(limits(), t0);
        for i in 0..10u16 {
            let a = IpAddr::from([0x2001, 0xdb8, 0, 1, i, i, i, i]);
            t.failed(Attempt::PairingCode, a, t0);
        }
        assert!(t.check(ip("2001:db8:0:1::42"), t0).is_err());
        assert_eq!(t.check(ip("2001:db8:0:2::42"), t0), Ok(()));
        // An IPv4 peer seen through an IPv6 socket is the same IPv4 peer.
        for _ in 0..10 {
            t.failed(Attempt::PairingCode, ip("::ffff:192.0.2.9"), t0);
        }
        assert!(t.check(ip("192.0.2.9"), t0).is_err());
    }

    #[test]
    fn a_flood_of_new_addresses_stays_within_the_memory_limit() {
        let t0 = Instant::now();
        let mut t = Throttle::new(
            Limits {
                addresses: 1000,
                server_wide: u32::MAX,
                ..Limits::default()
            },
            t0,
        );
        for i in 0..10_000u32 {
            t.failed(Attempt::PairingCode, IpAddr::from(i.to_be_bytes()), t0);
        }
        assert!(t.remembered() <= 1000, "{}", t.remembered());
    }

    #[test]
    fn an_address_that_goes_on_trying_while_blocked_is_turned_away_until_the_block_ends() {
        let t0 = Instant::now();
        let mut t = Throttle::new(limits(), t0);
        let a = ip("192.0.2.7");
        for _ in 0..10 {
            t.failed(Attempt::PairingCode, a, t0);
        }
        // Blocked, not yet turned away: it may read why and wait.
        assert!(!t.turns_away(a, t0));
        for _ in 0..29 {
            t.refused(a, t0);
        }
        assert!(!t.turns_away(a, t0));
        t.refused(a, t0);
        assert!(t.turns_away(a, t0));
        assert!(!t.turns_away(ip("192.0.2.8"), t0));
        // The block ends: served again; the next block starts afresh.
        let later = t0 + Duration::from_secs(61);
        assert!(!t.turns_away(a, later));
        for _ in 0..10 {
            t.failed(Attempt::PairingCode, a, later);
        }
        assert!(t.check(a, later).is_err());
        assert!(!t.turns_away(a, later));
        // Refusals of an address that is not itself blocked (the whole
        // server is) never turn it away.
        let mut t = Throttle::new(
            Limits {
                server_wide: 10,
                ..Limits::default()
            },
            t0,
        );
        for i in 0..10u8 {
            t.failed(Attempt::PairingCode, IpAddr::from([192, 0, 2, i]), t0);
        }
        let b = ip("192.0.2.0");
        assert!(t.check(b, t0).is_err());
        for _ in 0..20 {
            t.refused(b, t0);
        }
        assert!(!t.turns_away(b, t0));
    }
}
