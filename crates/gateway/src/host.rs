//! Host mode: the chamber server running inside the desktop app, on the LAN
//! address the secretariat chose, with HTTPS from the host's own
//! certificate and its data in the app-data directory.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tokio::sync::oneshot;

use super::settings::PairedHost;
use super::GatewayError;
use kyhop_server::http::ApiConfig;
use kyhop_server::services::counting_key;
use kyhop_server::startup::{self, INITIAL_ADMIN_PASSWORD_FILE};
use kyhop_server::tls::TlsIdentity;

/// What the host's screen shows delegates, and what mDNS announces.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct HostInfo {
    /// Addresses delegates can type: one per LAN address when the server
    /// listens on all of them.
    pub urls: Vec<String>,
    pub port: u16,
    /// SHA-256 of the host's certificate, which delegates pin.
    pub fingerprint: String,
    /// The first 16 digits, grouped, for people to compare.
    pub short_fingerprint: String,
    /// What the QR code on the host's screen holds: the first address with
    /// the fingerprint (`https://…/#/?fp=…`), which the delegate app reads.
    pub pairing_link: String,
    /// Where the first administrator password was written (the file, not
    /// the password: this status is readable by any program on the machine).
    pub initial_password_file: Option<String>,
}

pub struct HostServer {
    info: HostInfo,
    /// The address this machine uses to reach its own server.
    local_url: String,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl HostServer {
    /// Opens (or creates) the council database in `data_dir` and serves it
    /// on `bind` over TLS.
    pub async fn start(data_dir: &Path, bind: SocketAddr) -> Result<Self, GatewayError> {
        let internal = |e: anyhow::Error| GatewayError::Internal(e);
        let identity =
            TlsIdentity::load_or_create(data_dir).map_err(|e| GatewayError::Internal(e.into()))?;
        let store = startup::open_store(&startup::default_db_url(data_dir), data_dir)
            .await
            .map_err(internal)?;
        startup::bootstrap_admin(store.as_ref(), data_dir)
            .await
            .map_err(internal)?;
        let listening = startup::bind(bind, Some(&identity))
            .await
            .map_err(|e| GatewayError::Bind(bind, format!("{e:#}")))?;
        let local = listening
            .local_addr()
            .map_err(|e| GatewayError::Internal(e.into()))?;
        let info = host_info(local, &identity, data_dir);
        let loopback_ip = if local.ip().is_unspecified() {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            local.ip()
        };
        let local_url = format!("https://{}", SocketAddr::new(loopback_ip, local.port()));
        let (stop, stopped) = oneshot::channel::<()>();
        let data_dir: PathBuf = data_dir.to_owned();
        let task = tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            let served = startup::serve_on(
                listening,
                store.store(),
                &data_dir,
                ApiConfig {
                    counting_key: Some(counting_key::default_path(&data_dir)),
                    ..ApiConfig::default()
                },
                shutdown,
            )
            .await;
            if let Err(e) = served {
                tracing::error!(error = %e, "the chamber server stopped");
            }
            store.close().await;
        });
        Ok(Self {
            info,
            local_url,
            stop: Some(stop),
            task,
        })
    }

    pub fn info(&self) -> HostInfo {
        self.info.clone()
    }

    /// How this machine's own window reaches the server: like a delegate,
    /// pinned to the host's certificate.
    pub fn paired_host(&self) -> PairedHost {
        PairedHost {
            url: self.local_url.clone(),
            fingerprint: Some(self.info.fingerprint.clone()),
        }
    }

    /// Stops the server cleanly and waits for its database to close.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

fn host_info(local: SocketAddr, identity: &TlsIdentity, data_dir: &Path) -> HostInfo {
    let ips: Vec<IpAddr> = if local.ip().is_unspecified() {
        let mut ips: Vec<IpAddr> = lan_addresses();
        if ips.is_empty() {
            ips.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
        }
        ips
    } else {
        vec![local.ip()]
    };
    let urls: Vec<String> = ips
        .iter()
        .map(|ip| format!("https://{}", SocketAddr::new(*ip, local.port())))
        .collect();
    let fingerprint = identity.fingerprint();
    let password_file = data_dir.join(INITIAL_ADMIN_PASSWORD_FILE);
    HostInfo {
        pairing_link: format!(
            "{}/#/?fp={fingerprint}",
            urls.first().map(String::as_str).unwrap_or_default()
        ),
        urls,
        port: local.port(),
        short_fingerprint: kyhop_server::tls::short_fingerprint(&fingerprint),
        fingerprint,
        initial_password_file: password_file
            .exists()
            .then(|| password_file.display().to_string()),
    }
}

pub use kyhop_server::startup::lan_addresses;
