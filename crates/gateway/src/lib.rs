//! The desktop app's local gateway.
//!
//! The desktop window shows the same web UI as a browser, from a small HTTP
//! server on this laptop's loopback (`127.0.0.1`). That server
//! - serves the UI and passes `/api/…` on to the host, over TLS pinned to
//!   the host's certificate (a web view cannot be told to trust one
//!   self-signed certificate; this gateway can);
//! - keeps the sign-in token itself (in the desktop's keyring where there
//!   is one): the UI holds a token that means something to this gateway only;
//! - keeps the session packet and the last answer of every read-only
//!   request, so documents, notes and the last known agenda stay usable
//!   when the host or the network is gone; reads made offline are reported
//!   when the host is back; writes (a ballot!) answer `host_unreachable`;
//! - in host mode, also runs the chamber server in this process, and talks
//!   to it exactly as a delegate's laptop does.
//!
//! `/desktop/…` is its own small API for the UI's set-up screen and status.
//!
//! Other programs on this laptop (and web pages in its browser) can reach
//! the loopback port too: every change to the gateway, sign-in and sign-out
//! included, must carry the gateway's token, a secret made at each start
//! and handed to the app's own window only (`Gateway::gateway_token`).
#![forbid(unsafe_code)]

mod discovery;
mod error;
mod host;
mod offline;
mod packet;
mod private_fs;
mod proxy;
mod routes;
mod settings;
mod upstream;
mod vault;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use tokio::sync::{Mutex, RwLock};
use tokio_util::sync::CancellationToken;

pub use error::GatewayError;
pub use host::HostInfo;
pub use offline::OfflineStore;
pub use packet::{SyncProgress, SyncState};
pub use routes::{CONTENT_SECURITY_POLICY, GATEWAY_TOKEN_HEADER};
pub use settings::{AppDir, Mode, PairedHost, Secrets};
use upstream::Upstream;
pub use vault::{SecretPlace, KEYRING_SERVICE};

/// Shared state of a running gateway.
pub struct Inner {
    app: AppDir,
    offline: OfflineStore,
    sync: packet::PacketSync,
    secrets: Mutex<Secrets>,
    state: RwLock<State>,
    /// Where the gateway itself listens, for its `Host` header check.
    local: SocketAddr,
    /// The secret the app's own window proves itself with (64 hex digits,
    /// from the OS's random source, new at each start).
    gateway_token: String,
    /// Ends live streams at shutdown, or the graceful stop would wait on them.
    stopping: CancellationToken,
    discovery: discovery::Discovery,
}

#[derive(Default)]
struct State {
    mode: Mode,
    upstream: Option<Arc<Upstream>>,
    host: Option<host::HostServer>,
    /// Whether the last request to the host got an answer.
    online: bool,
    /// The last connection problem (code, message), for the UI to name.
    problem: Option<(String, String)>,
}

impl Inner {
    async fn upstream(&self) -> Option<Arc<Upstream>> {
        self.state.read().await.upstream.clone()
    }

    async fn set_online(&self, online: bool, problem: Option<(String, String)>) {
        let mut state = self.state.write().await;
        let was = state.online;
        state.online = online;
        state.problem = problem;
        drop(state);
        if online && !was {
            // Back: report offline reads, bring the packet up to date.
            self.sync.nudge();
        }
    }

    /// Tells the host about documents opened while it was away.
    async fn report_pending_reads(&self, upstream: &Upstream, token: Option<&str>) {
        for path in self.offline.pending_reads().await {
            let mut request = upstream.client.head(upstream.url(&path));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            match request.send().await {
                Ok(response)
                    if response.status().is_client_error() || response.status().is_success() =>
                {
                    // 404: the document is gone or no longer ours; nothing to report.
                    if let Err(e) = self.offline.remove_pending_read(&path).await {
                        tracing::warn!(error = %e, "forgetting a reported read");
                    }
                }
                _ => return,
            }
        }
    }

    /// Makes `mode` current: connects to the paired host, or starts this
    /// machine's server; saves it for the next start.
    async fn enter(&self, mode: Mode) -> Result<(), GatewayError> {
        let mut state = self.state.write().await;
        if let Some(old) = state.host.take() {
            old.stop().await;
        }
        let (mode, upstream, host) = match mode {
            Mode::Setup => (Mode::Setup, None, None),
            Mode::Delegate { host } => {
                let upstream = Arc::new(Upstream::new(host.clone())?);
                (Mode::Delegate { host }, Some(upstream), None)
            }
            Mode::Host { bind } => {
                let data = self.app.path().join("host");
                private_fs::create_dir_async(&data)
                    .await
                    .map_err(|e| GatewayError::disk(&data, e))?;
                let server = host::HostServer::start(&data, bind).await?;
                let upstream = Upstream::new(server.paired_host())?;
                self.discovery.advertise(&server.info());
                // The port the system chose is kept: the delegates paired
                // with it find the host there after a restart.
                let bind = std::net::SocketAddr::new(bind.ip(), server.info().port);
                (Mode::Host { bind }, Some(Arc::new(upstream)), Some(server))
            }
        };
        self.app.save_mode(&mode)?;
        *state = State {
            mode,
            upstream,
            host,
            online: false,
            problem: None,
        };
        Ok(())
    }

    /// Keeps a sign-in (empty: a sign-out) in the vault and in memory
    /// together: one change at a time, carried to the end even if the
    /// request that asked for it goes away meanwhile.
    async fn set_secrets(self: &Arc<Self>, secrets: Secrets) -> Result<(), GatewayError> {
        let inner = self.clone();
        tokio::spawn(async move {
            let mut current = inner.secrets.lock().await;
            inner.app.keep_secrets(secrets.clone()).await?;
            *current = secrets;
            Ok(())
        })
        .await
        .map_err(|e| GatewayError::Internal(e.into()))?
    }

    /// Back to first-run set-up: forgets the host, the sign-in and
    /// everything kept for reading offline.
    async fn reset(self: &Arc<Self>) -> Result<(), GatewayError> {
        self.enter(Mode::Setup).await?;
        self.discovery.stop_advertising();
        self.set_secrets(Secrets::default()).await?;
        self.sync.forget().await;
        self.offline.clear().await
    }
}

/// 32 bytes from the operating system's random source, as hex.
fn new_gateway_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A running gateway.
pub struct Gateway {
    inner: Arc<Inner>,
    server: tokio::task::JoinHandle<()>,
}

impl Gateway {
    /// Starts the gateway for the app-data directory `app_dir`, listening on
    /// `bind` (normally `127.0.0.1:0`), in the mode saved there.
    ///
    /// `secrets` says where the sign-in may go: `SecretPlace::Keyring` (the
    /// desktop app) uses the desktop's keyring where there is one;
    /// `SecretPlace::File` (tests, benchmarks) only the private file.
    pub async fn start(
        app_dir: &Path,
        bind: SocketAddr,
        secrets: SecretPlace,
    ) -> Result<Self, GatewayError> {
        // Opening the vault and reading the sign-in may wait on a keyring.
        let dir = app_dir.to_owned();
        let (app, signed_in) = tokio::task::spawn_blocking(move || {
            let app = AppDir::open_with(&dir, secrets)?;
            let signed_in = app.secrets();
            Ok::<_, GatewayError>((app, signed_in))
        })
        .await
        .map_err(|e| GatewayError::Internal(e.into()))??;
        let offline = OfflineStore::open(&app.path().join("offline"))?;
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|e| GatewayError::Bind(bind, e.to_string()))?;
        let local = listener
            .local_addr()
            .map_err(|e| GatewayError::Internal(e.into()))?;
        let saved = app.mode();
        let inner = Arc::new(Inner {
            app,
            offline,
            sync: packet::PacketSync::new(),
            secrets: Mutex::new(signed_in),
            state: RwLock::new(State::default()),
            local,
            gateway_token: new_gateway_token(),
            stopping: CancellationToken::new(),
            discovery: discovery::Discovery::new(),
        });
        if let Err(e) = inner.enter(saved).await {
            // A host address that is gone (another network, the port taken):
            // the app still starts, on the set-up screen, which says why.
            tracing::warn!(error = %e, "could not resume the saved mode");
            let mut state = inner.state.write().await;
            state.problem = Some(e.summary());
            state.mode = Mode::Setup;
        }
        let router = routes::router(inner.clone());
        let stopping = inner.stopping.clone();
        let server = tokio::spawn(async move {
            let served = axum::serve(listener, router)
                .with_graceful_shutdown(stopping.cancelled_owned())
                .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "the desktop gateway stopped");
            }
        });
        tokio::spawn(packet::run(inner.clone()));
        Ok(Self { inner, server })
    }

    /// The address the desktop window opens.
    pub fn url(&self) -> String {
        format!("http://{}/", self.inner.local)
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.inner.local
    }

    /// The secret that changes to the gateway (`/desktop/…`, sign-in,
    /// sign-out) must carry in the `x-kyhop-gateway-token` header. Only the
    /// app's own window may get it; it changes at every start.
    pub fn gateway_token(&self) -> &str {
        &self.inner.gateway_token
    }

    /// The token the app's own window uses (the gateway keeps the real
    /// one), to hand to a window whose storage was cleared.
    pub async fn window_token(&self) -> Option<String> {
        self.inner.secrets.lock().await.local_token.clone()
    }

    /// Whether this app runs the chamber server (so closing the window
    /// must not stop it).
    pub async fn is_host(&self) -> bool {
        matches!(self.inner.state.read().await.mode, Mode::Host { .. })
    }

    /// Stops serving, the host server too (cleanly: its event log and
    /// database are closed), and waits for both.
    pub async fn shut_down(self) {
        self.inner.stopping.cancel();
        self.inner.discovery.stop_advertising();
        if let Some(host) = self.inner.state.write().await.host.take() {
            host.stop().await;
        }
        let _ = self.server.await;
    }
}
