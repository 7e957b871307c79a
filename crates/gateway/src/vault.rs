//! Where the desktop app keeps its sign-in: in the desktop's keyring (the
//! freedesktop Secret Service: GNOME Keyring, KWallet…) when the session has
//! one, else in a file only the owner can read.
//!
//! Every write goes to the keyring first; one it refuses (locked, gone
//! mid-session, no answer in time) is written to the file instead, so a
//! sign-in is never lost and a sign-out always sticks. A laptop whose
//! keyring was away at one start and is back at the next moves the file's
//! word into it (and deletes the file) by itself.
//!
//! Only the desktop app asks for the keyring (`SecretPlace::Keyring`); the
//! tests and benchmarks keep to the file, so they never touch the keyring
//! of the person running them (tests/keyring.rs brings its own).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use keyring_core::{CredentialStore, Entry};
use serde::Serialize;

use super::settings::{read_json, write_json, Secrets};
use super::GatewayError;

/// The keyring item's `service` attribute; its `username` is the app-data
/// directory, so two app-data directories on one account never share a
/// sign-in.
pub const KEYRING_SERVICE: &str = "KyHop desktop";

/// Where the sign-in is kept now (shown in the app's status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SecretPlace {
    /// The desktop's keyring (Secret Service).
    Keyring,
    /// `secrets.json`, readable by the owner only.
    File,
}

pub struct Vault {
    file: PathBuf,
    entry: Option<Arc<Entry>>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("file", &self.file)
            .field("keyring", &self.entry.is_some())
            .finish()
    }
}

/// How long a keyring may take to answer (a locked one asks the person to
/// unlock it) before the app goes on with the private file.
const KEYRING_WAIT: Duration = Duration::from_secs(10);

impl Vault {
    /// The vault for the app-data directory `root`: with `SecretPlace::File`
    /// the file only; with `SecretPlace::Keyring` the desktop's keyring
    /// when the session has one that answers, and the file besides.
    pub fn open(root: &Path, file: PathBuf, prefer: SecretPlace) -> Arc<Self> {
        let entry = match prefer {
            SecretPlace::File => None,
            SecretPlace::Keyring => {
                // One item per app-data directory, however its path was spelled.
                let user = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
                match within_wait(KEYRING_WAIT, move || keyring_entry(&user)) {
                    Ok(entry) => Some(Arc::new(entry)),
                    Err(e) => {
                        tracing::info!(reason = %e, "no desktop keyring: the sign-in is kept in a private file");
                        None
                    }
                }
            }
        };
        Arc::new(Self { file, entry })
    }

    /// The sign-in. The file, when there is one, is the newer word (it is
    /// deleted whenever the keyring takes a sign-in, so it was written while
    /// the keyring refused or was away — a sign-out too): it is moved into
    /// the keyring when one answers. Otherwise the keyring's.
    pub fn load(&self) -> Secrets {
        if let Some(from_file) = read_json::<Secrets>(&self.file) {
            if self.entry.is_some() {
                // Best effort: if the keyring refuses, the file stays as it is.
                let _ = self.save(&from_file);
            }
            return from_file;
        }
        let Some(entry) = self.entry.clone() else {
            return Secrets::default();
        };
        match within_wait(KEYRING_WAIT, move || entry.get_secret()) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!(error = %e, "ignoring an unreadable sign-in in the keyring");
                Secrets::default()
            }),
            Err(keyring_core::Error::NoEntry) => Secrets::default(),
            Err(e) => {
                tracing::warn!(reason = %e, "the desktop keyring did not answer");
                Secrets::default()
            }
        }
    }

    /// Keeps `secrets` (an empty sign-in is a sign-out), in the keyring if
    /// it takes it, else in the file; returns where it went. A sign-out the
    /// keyring does not take is written to the file as an empty sign-in, so
    /// an older one left in the keyring never comes back.
    pub fn save(&self, secrets: &Secrets) -> Result<SecretPlace, GatewayError> {
        if let Some(entry) = self.entry.clone() {
            let kept = secrets.clone();
            match within_wait(KEYRING_WAIT, move || store_in_keyring(&entry, &kept)) {
                Ok(()) => {
                    remove_file(&self.file)?;
                    return Ok(SecretPlace::Keyring);
                }
                Err(e) => {
                    tracing::warn!(reason = %e, "the desktop keyring refused the sign-in: keeping it in a private file")
                }
            }
        }
        write_json(&self.file, secrets)?;
        Ok(SecretPlace::File)
    }

    /// Where the sign-in is now: the keyring unless the file holds it.
    pub fn place(&self) -> SecretPlace {
        if self.entry.is_some() && !self.file.exists() {
            SecretPlace::Keyring
        } else {
            SecretPlace::File
        }
    }
}

/// Runs a keyring call on its own thread, giving up after `wait` (the call
/// may still finish later; the file is then the newer word).
fn within_wait<T: Send + 'static>(
    wait: Duration,
    call: impl FnOnce() -> Result<T, keyring_core::Error> + Send + 'static,
) -> Result<T, keyring_core::Error> {
    let (answer, answered) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = answer.send(call());
    });
    answered.recv_timeout(wait).unwrap_or_else(|_| {
        Err(keyring_core::Error::NoStorageAccess(
            format!("no answer within {} ms", wait.as_millis()).into(),
        ))
    })
}

#[cfg(all(feature = "desktop-keyring", target_os = "linux"))]
fn desktop_store() -> Result<Arc<CredentialStore>, keyring_core::Error> {
    Ok(dbus_secret_service_keyring_store::Store::new()?)
}

/// Built without the `desktop-keyring` feature (the server), or on a system
/// without a store here yet: no keyring, the file.
#[cfg(not(all(feature = "desktop-keyring", target_os = "linux")))]
fn desktop_store() -> Result<Arc<CredentialStore>, keyring_core::Error> {
    Err(keyring_core::Error::NoDefaultStore)
}

fn keyring_entry(root: &Path) -> Result<Entry, keyring_core::Error> {
    let store = desktop_store()?;
    let user = root.to_string_lossy();
    let label = format!("KyHop — đăng nhập / sign-in ({user})");
    let modifiers = std::collections::HashMap::from([("label", label.as_str())]);
    let entry = Entry::new_in_store_with_modifiers(&store, KEYRING_SERVICE, &user, &modifiers)?;
    // A store that connected but cannot be read (no Secret Service on the
    // bus, a keyring that stays locked) is no keyring: find out now, once.
    match entry.get_secret() {
        Ok(_) | Err(keyring_core::Error::NoEntry) => Ok(entry),
        Err(e) => Err(e),
    }
}

fn store_in_keyring(entry: &Entry, secrets: &Secrets) -> Result<(), keyring_core::Error> {
    if secrets.is_empty() {
        return match entry.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(e),
        };
    }
    let bytes = serde_json::to_vec(secrets)
        .map_err(|e| keyring_core::Error::Invalid("secrets".into(), e.to_string()))?;
    entry.set_secret(&bytes)
}

fn remove_file(path: &Path) -> Result<(), GatewayError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(GatewayError::disk(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyring_that_does_not_answer_in_time_is_given_up() {
        let slow = within_wait(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(2));
            Ok(())
        });
        assert!(
            matches!(slow, Err(keyring_core::Error::NoStorageAccess(_))),
            "{slow:?}"
        );
        let quick = within_wait(Duration::from_secs(5), || Ok(7));
        assert_eq!(quick.ok(), Some(7));
    }
}
