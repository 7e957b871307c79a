//! Sign-ins held in memory, so that a busy chamber does not read the tokens
//! table on every request.
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
pub(super) struct TokenCache {
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
    pub(super) fn get(&self, token_hash: &str) -> (Option<(Account, DateTime<Utc>)>, u64) {
        let inner = self.lock();
        (inner.entries.get(token_hash).cloned(), inner.generation)
    }

    pub(super) fn insert(
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
    pub(super) fn invalidate(&self) {
        let mut inner = self.lock();
        inner.generation += 1;
        inner.entries.clear();
    }
}
