//! Where the desktop app keeps its sign-in: in the desktop's keyring (the
//! freedesktop Secret Service: GNOME Keyring, KWallet…) when the session has
//! one, else in a file only the owner can read.
//!
//! Every write goes to the keyring first; one it refuses (locked, gone
//! mid-session) is written to the file instead, so a sign-in is never lost.
//! A laptop whose keyring was away at one start and is back at the next
//! moves the file's sign-in into it (and deletes the file) by itself.

use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    entry: Option<Entry>,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("file", &self.file)
            .field("keyring", &self.entry.is_some())
            .finish()
    }
}

impl Vault {
    /// The vault for the app-data directory `root`: its keyring item when
    /// the session has a Secret Service, and `file` either way.
    pub fn open(root: &Path, file: PathBuf) -> Arc<Self> {
        let entry = match keyring_entry(root) {
            Ok(entry) => Some(entry),
            Err(e) => {
                tracing::info!(reason = %e, "no desktop keyring: the sign-in is kept in a private file");
                None
            }
        };
        Arc::new(Self { file, entry })
    }

    /// The sign-in. A sign-in in the file is the newer one (the file is
    /// deleted whenever the keyring takes one, so it was written while the
    /// keyring refused): it is moved into the keyring when one answers.
    /// Otherwise the keyring's.
    pub fn load(&self) -> Secrets {
        let from_file: Secrets = read_json(&self.file).unwrap_or_default();
        if from_file.token.is_some() || from_file.local_token.is_some() {
            if self.entry.is_some() {
                // Best effort: if the keyring refuses, the file stays as it is.
                let _ = self.save(&from_file);
            }
            return from_file;
        }
        let Some(entry) = &self.entry else {
            return from_file;
        };
        match entry.get_secret() {
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

    /// Keeps `secrets` (an empty sign-in deletes it), in the keyring if it
    /// takes it, else in the file; returns where it went.
    pub fn save(&self, secrets: &Secrets) -> Result<SecretPlace, GatewayError> {
        if let Some(entry) = &self.entry {
            match store_in_keyring(entry, secrets) {
                Ok(()) => {
                    remove_file(&self.file)?;
                    return Ok(SecretPlace::Keyring);
                }
                Err(e) => {
                    tracing::warn!(reason = %e, "the desktop keyring refused the sign-in: keeping it in a private file")
                }
            }
        }
        if secrets.token.is_none() && secrets.local_token.is_none() {
            remove_file(&self.file)?;
        } else {
            write_json(&self.file, secrets, true)?;
        }
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

fn keyring_entry(root: &Path) -> Result<Entry, keyring_core::Error> {
    let store: Arc<CredentialStore> = dbus_secret_service_keyring_store::Store::new()?;
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
    if secrets.token.is_none() && secrets.local_token.is_none() {
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
