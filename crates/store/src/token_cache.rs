//! Sign-ins held in memory, so that a busy chamber does not read the tokens
//! table on every request. Written once for every backend: a store
//! consults it in `token_account` and empties it on every change to accounts
//! or tokens.
//!
//! Any change to accounts or tokens empties the cache, and a lookup that
//! raced with such a change does not store what it read (the generation
//! moved on), so a sign-out, a password reset or a role change takes effect
//! on the very next request.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Utc};

use kyhop_domain::Account;

/// Entries kept at most; past this the cache starts over.
const CAPACITY: usize = 50_000;

#[derive(Default)]
pub struct TokenCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    generation: u64,
    entries: HashMap<String, (Account, DateTime<Utc>)>,
}

impl TokenCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cached account and expiry of a token hash, and the generation
    /// to pass to [`TokenCache::insert`] after a miss.
    pub fn get(&self, token_hash: &str) -> (Option<(Account, DateTime<Utc>)>, u64) {
        let inner = self.lock();
        (inner.entries.get(token_hash).cloned(), inner.generation)
    }

    pub fn insert(
        &self,
        generation: u64,
        token_hash: &str,
        account: Account,
        expires_at: DateTime<Utc>,
    ) {
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        if inner.entries.len() >= CAPACITY {
            inner.entries.clear();
        }
        inner
            .entries
            .insert(token_hash.to_owned(), (account, expires_at));
    }

    /// Forgets everything: accounts or tokens changed.
    pub fn invalidate(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kyhop_domain::Role;

    fn account() -> Account {
        Account {
            id: 1,
            username: "daibieu01".into(),
            display_name: "Nguyễn Văn A".into(),
            role: Role::Delegate,
            council_id: Some(1),
            person_id: Some(1),
            must_change_password: false,
            disabled: false,
            created_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_hit_after_a_miss_until_something_changes() {
        let cache = TokenCache::default();
        let (hit, generation) = cache.get("h");
        assert!(hit.is_none());
        cache.insert(generation, "h", account(), DateTime::<Utc>::UNIX_EPOCH);
        assert_eq!(cache.get("h").0.map(|(a, _)| a.id), Some(1));
        cache.invalidate();
        assert!(cache.get("h").0.is_none(), "a change empties the cache");
    }

    #[test]
    fn a_lookup_that_raced_with_a_change_is_not_kept() {
        let cache = TokenCache::default();
        let (_, generation) = cache.get("h");
        // A sign-out commits between the read of the table and the insert.
        cache.invalidate();
        cache.insert(generation, "h", account(), DateTime::<Utc>::UNIX_EPOCH);
        assert!(cache.get("h").0.is_none());
    }
}
