//! Running the chamber server: open the store, make sure someone can sign
//! in, listen, and shut down cleanly.

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use tokio::net::{TcpListener, TcpSocket};
use tokio_rustls::TlsAcceptor;

use crate::connections::Serving;
use crate::http::{self, ApiConfig, AppState, ServerAddress};
use crate::private_file::write_private;
use crate::tls::TlsIdentity;
use kyhop_domain::Role;
use kyhop_store::{AccountRecord, Store};
use kyhop_store_sql::{redacted_url, Database};

/// Name of the file, in the data directory, that holds the first admin
/// password until the admin has changed it.
pub const INITIAL_ADMIN_PASSWORD_FILE: &str = "initial-admin-password";
/// The account made on an empty database.
pub const INITIAL_ADMIN: &str = "admin";

/// Removes the first admin password's file: the password it holds no
/// longer opens anything, and nobody should find it on the disk later.
pub fn forget_initial_password(data_dir: &Path) {
    let path = data_dir.join(INITIAL_ADMIN_PASSWORD_FILE);
    match std::fs::remove_file(&path) {
        Ok(()) => tracing::info!(path = %path.display(), "removed the initial admin password file"),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "could not remove the initial admin password file")
        }
    }
}

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub db_url: String,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub api: ApiConfig,
    pub transport: TransportArgs,
    /// Backups made while serving (`--backup-dir`).
    pub backups: Option<crate::services::backup::Schedule>,
}

/// HTTPS or plain HTTP. Any address other than loopback gets HTTPS unless
/// told otherwise: the chamber's Wi-Fi carries passwords, pairing codes,
/// tokens and signing keys.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TransportArgs {
    /// Serve HTTPS even on loopback (with the host's own certificate, made
    /// on first start in DATA_DIR/tls/, whose fingerprint delegates pin).
    #[arg(long)]
    pub tls: bool,
    /// The certificate (PEM, with its chain) from the council's own CA,
    /// instead of the host's own.
    #[arg(long, requires = "key")]
    pub cert: Option<PathBuf>,
    /// The private key (PEM) of `--cert`.
    #[arg(long, requires = "cert")]
    pub key: Option<PathBuf>,
    /// Serve plain HTTP on a non-loopback address (behind a reverse proxy
    /// that does TLS). Passwords, pairing codes and keys are then refused
    /// from any peer but loopback.
    #[arg(long, conflicts_with_all = ["tls", "cert"])]
    pub insecure_http: bool,
    /// The address delegates' laptops reach the server at, printed on
    /// every pairing card (e.g. https://192.168.1.10:8443, or the name a
    /// proxy serves). Default: the address served, or when that is every
    /// interface, the machine's first network address.
    #[arg(long, value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// The address of a reverse proxy in front of this server (nginx in
    /// front of several instances; repeatable): from it only, the client's
    /// address is taken from the last entry of X-Forwarded-For (the sign-in
    /// throttle counts each delegate's laptop, not the proxy) and HTTPS
    /// from X-Forwarded-Proto.
    #[arg(
        long = "trusted-proxy",
        env = "KYHOP_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// An absolute http(s) URL, without a trailing slash.
fn parse_public_url(text: &str) -> Result<String, String> {
    let url = text.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must start with https:// or http://")?;
    if rest.is_empty() || rest.contains(|c: char| c.is_whitespace() || c == '#' || c == '?') {
        return Err("must be a plain address such as https://192.168.1.10:8443".into());
    }
    Ok(url.to_owned())
}

/// The port of an http(s) URL, the scheme's default when none is given.
fn url_port(url: &str) -> Option<u16> {
    let (default, rest) = match url.split_once("://")? {
        ("https", rest) => (443, rest),
        ("http", rest) => (80, rest),
        _ => return None,
    };
    let authority = rest.split('/').next()?;
    match authority.rsplit_once(':') {
        Some((_, port)) if !port.contains(']') => port.parse().ok(),
        _ => Some(default),
    }
}

/// The machine's IPv4 network addresses the chamber's laptops may reach
/// it at, likeliest first: loopback, link-local (169.254/16) and the
/// bridges and tunnels of containers and VPNs left out, private
/// (192.168/16, 10/8, 172.16/12) before public.
pub fn lan_addresses() -> Vec<std::net::IpAddr> {
    let Ok(interfaces) = if_addrs::get_if_addrs() else {
        return Vec::new();
    };
    let mut found: Vec<(String, std::net::Ipv4Addr)> = interfaces
        .into_iter()
        .filter_map(|i| match i.ip() {
            std::net::IpAddr::V4(ip) => Some((i.name, ip)),
            std::net::IpAddr::V6(_) => None,
        })
        .collect();
    found.retain(|(name, ip)| likely_lan(name, *ip));
    found.sort_by_key(|(_, ip)| !ip.is_private());
    found.into_iter().map(|(_, ip)| ip.into()).collect()
}

/// Whether an interface's address is one a laptop in the room could use.
fn likely_lan(interface: &str, ip: std::net::Ipv4Addr) -> bool {
    const VIRTUAL: [&str; 9] = [
        "docker",
        "br-",
        "veth",
        "virbr",
        "vmnet",
        "tun",
        "tap",
        "wg",
        "tailscale",
    ];
    !ip.is_loopback()
        && !ip.is_link_local()
        && !ip.is_unspecified()
        && !VIRTUAL.iter().any(|prefix| interface.starts_with(prefix))
}

impl TransportArgs {
    /// The TLS identity to serve `bind` with, or none for plain HTTP.
    pub fn identity(
        &self,
        bind: SocketAddr,
        data_dir: &Path,
    ) -> anyhow::Result<Option<TlsIdentity>> {
        if let (Some(cert), Some(key)) = (&self.cert, &self.key) {
            return Ok(Some(TlsIdentity::from_pem_files(cert, key)?));
        }
        let exposed = !bind.ip().to_canonical().is_loopback();
        if self.tls || (exposed && !self.insecure_http) {
            return Ok(Some(TlsIdentity::load_or_create(data_dir)?));
        }
        if exposed {
            let warning = format!(
                "WARNING: serving plain HTTP on {bind} (--insecure-http): everything but \
                 passwords, pairing codes and keys crosses the network readable by anyone on it; \
                 those are refused from any peer but loopback. Put a TLS proxy in front, or drop \
                 --insecure-http."
            );
            eprintln!("{warning}");
            tracing::warn!("{warning}");
        }
        Ok(None)
    }
}

/// The database URL used when none is given: a file in the data directory.
pub fn default_db_url(data_dir: &Path) -> String {
    format!("sqlite://{}", data_dir.join("kyhop.db").display())
}

/// Opens the store in `data_dir` (created if needed, and made the owner's
/// only: it holds the database, confidential documents and secrets).
pub async fn open_store(db_url: &str, data_dir: &Path) -> anyhow::Result<Database> {
    crate::private_file::owner_only();
    crate::private_file::check_owner(data_dir)?;
    crate::private_file::private_dir(data_dir)?;
    Database::open(db_url)
        .await
        .with_context(|| format!("opening database {}", redacted_url(db_url)))
}

/// On an empty database, creates the administrator with a random one-time
/// password written to `DIR/initial-admin-password` (readable by the owner
/// only). The password must be changed at first sign-in. Returns the
/// administrator's account id, if one was created.
pub async fn bootstrap_admin(store: &dyn Store, data_dir: &Path) -> anyhow::Result<Option<i64>> {
    if store.account_count().await? > 0 {
        // Left by a version that did not remove it at the change.
        let changed = store
            .account_by_username(INITIAL_ADMIN)
            .await?
            .is_none_or(|(account, _)| !account.must_change_password);
        if changed {
            forget_initial_password(data_dir);
        }
        return Ok(None);
    }
    let password = crate::auth::new_password();
    let hash = crate::auth::hash_password(&password)?;
    let path = data_dir.join(INITIAL_ADMIN_PASSWORD_FILE);
    write_private(&path, format!("{password}\n"))?;
    let record = AccountRecord {
        username: INITIAL_ADMIN.into(),
        display_name: "Quản trị hệ thống".into(),
        role: Role::Admin,
        council_id: None,
        person_id: None,
        password_hash: Some(hash),
        must_change_password: true,
    };
    let account = store.create_account(None, record).await?;
    tracing::info!(path = %path.display(), "created the admin account; its one-time password is in the file");
    Ok(Some(account.id))
}

/// Lets one server hold thousands of live connections: each delegate's
/// laptop keeps one open for the whole sitting.
pub fn raise_open_file_limit() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => tracing::debug!(limit = n, "open file limit"),
        Err(e) => tracing::warn!(error = %e, "could not raise the open file limit"),
    }
}

/// Where a server accepts its connections: plain HTTP, or TLS.
pub struct Listening {
    tcp: TcpListener,
    tls: Option<TlsAcceptor>,
    fingerprint: Option<String>,
}

impl Listening {
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.tcp.local_addr()
    }

    /// The base URL clients use.
    pub fn url(&self) -> std::io::Result<String> {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        Ok(format!("{scheme}://{}", self.local_addr()?))
    }

    /// Where delegates' laptops reach this server: `public_url` when
    /// given, else the address served, with the machine's first network
    /// address for "every interface".
    pub fn server_address(&self, public_url: Option<&str>) -> std::io::Result<ServerAddress> {
        let served_port = self.local_addr()?.port();
        // Behind a proxy (another port) the laptops see the proxy's
        // certificate, not ours: no fingerprint to pin then.
        let fingerprint = match public_url {
            Some(url) if url_port(url) != Some(served_port) => None,
            _ => self.fingerprint.clone(),
        };
        let url = match public_url {
            Some(url) => url.to_owned(),
            None => {
                let mut addr = self.local_addr()?;
                if addr.ip().is_unspecified() {
                    let lan = lan_addresses();
                    if lan.len() != 1 {
                        tracing::warn!(
                            addresses = ?lan,
                            "cannot tell which network address the chamber uses; \
                             pairing cards name the first (or loopback): pass --public-url"
                        );
                    }
                    let first = lan.into_iter().next();
                    addr.set_ip(first.unwrap_or(std::net::Ipv4Addr::LOCALHOST.into()));
                }
                let scheme = if self.tls.is_some() { "https" } else { "http" };
                format!("{scheme}://{addr}")
            }
        };
        Ok(ServerAddress {
            url,
            tls_fingerprint: fingerprint,
        })
    }
}

/// Serves `store` on `listening` until `shutdown` completes (for the
/// command line: `Shutdown::wait`, Ctrl-C or SIGTERM).
pub async fn serve_on(
    listening: Listening,
    store: Arc<dyn Store>,
    data_dir: &Path,
    api: ApiConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    if let Some(path) = &api.counting_key {
        crate::services::counting_key::prepare(path, data_dir, store.as_ref()).await?;
    }
    let interrupted = store.void_interrupted_issues().await?;
    if interrupted > 0 {
        tracing::warn!(
            numbers = interrupted,
            "resolution numbers of interrupted issues marked void"
        );
    }
    let blobs = kyhop_docs::blobs::BlobStore::open(data_dir.join("blobs"))
        .await
        .context("opening the blob store")?;
    let pdf_reader = std::env::current_exe()
        .context("finding this program, which reads PDFs in a child process")?;
    let server_address = listening.server_address(api.public_url.as_deref())?;
    tracing::info!(url = %server_address.url, "pairing cards name this address");
    let api = ApiConfig {
        data_dir: Some(data_dir.to_owned()),
        server_address: Some(server_address),
        ..api
    };
    let timeout = api.header_read_timeout;
    let trusted_proxies = crate::proxy::TrustedProxies::new(api.trusted_proxies.iter().copied());
    let sign_in_guard = Arc::new(crate::services::throttle::SignInGuard::new(
        crate::services::throttle::Limits::default(),
    ));
    let index_dir = api
        .search_index
        .clone()
        .unwrap_or_else(|| data_dir.join("search-index"));
    let index = open_search_index(&index_dir, &store);
    let blobs = Arc::new(blobs);
    let (recogniser, recognising) = crate::services::recognition::Recogniser::start(
        store.clone(),
        blobs.clone(),
        pdf_reader.clone(),
        api.recognition.clone(),
    )
    .await;
    let state = AppState {
        store: store.clone(),
        search: match &index {
            Some(index) => index.clone(),
            None => store.clone(),
        },
        config: Arc::new(api),
        blobs,
        pdf_children: kyhop_docs::child::PdfChildren::per_core(pdf_reader),
        pairing_key: Arc::new(crate::auth::PairingKey::load_or_create(data_dir)?),
        sign_in_guard: sign_in_guard.clone(),
        live_streams: Arc::default(),
        speech_clock: Arc::default(),
        recogniser,
        metrics: Arc::default(),
    };
    state.metrics.watch_ballot_batches(store.as_ref());
    let admin = match state.config.metrics_bind {
        Some(address) => Some(serve_admin(address, state.clone()).await?),
        None => None,
    };
    let speech_clock = tokio::spawn(state.speech_clock.clone().keep(store.clone()));
    let app = http::app(state);
    let stopping = async move {
        shutdown.await;
        tracing::info!("shutting down");
        // End the live streams, or the graceful shutdown would wait on them.
        store.hub().shut_down();
    };
    let serving = Serving {
        app,
        tls: listening.tls,
        // An address that keeps guessing while blocked is not served at all
        // until its block ends (no handshake, no request read).
        gate: sign_in_guard,
        header_read_timeout: timeout,
        trusted_proxies,
    };
    crate::connections::serve(listening.tcp, serving, stopping).await;
    if let Some(index) = index {
        index.close().await;
    }
    // Gives the clock up (dropping its lease) for another instance.
    speech_clock.abort();
    let _ = speech_clock.await;
    // A page being read is read again after the restart.
    recognising.abort();
    let _ = recognising.await;
    if let Some(admin) = admin {
        admin.abort();
    }
    Ok(())
}

/// Serves `/metrics`, `/healthz` and `/readyz` on the admin address (plain
/// HTTP: keep it on loopback or the administrators' network).
async fn serve_admin(
    address: SocketAddr,
    state: AppState,
) -> anyhow::Result<tokio::task::JoinHandle<()>> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("listening for metrics on {address}"))?;
    let bound = listener.local_addr()?;
    println!("KyHop metrics on http://{bound}/metrics");
    tracing::info!(address = %bound, "serving /metrics");
    let app = http::health::admin_router(state);
    Ok(tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    }))
}

/// The search index in `dir`, brought up to date in the background; none
/// (the store answers searches) if it cannot open, e.g. because another
/// instance uses the directory.
fn open_search_index(dir: &Path, store: &Arc<dyn Store>) -> Option<Arc<kyhop_search::PageIndex>> {
    match kyhop_search::PageIndex::open(dir, store.clone()) {
        Ok(index) => {
            let warming = index.clone();
            tokio::spawn(async move {
                let started = std::time::Instant::now();
                match warming.follow_all().await {
                    Ok(()) => tracing::info!(
                        seconds = started.elapsed().as_secs_f64(),
                        "search index up to date"
                    ),
                    Err(e) => tracing::warn!(error = %e, "search index not brought up to date"),
                }
            });
            Some(index)
        }
        Err(e) => {
            tracing::warn!(dir = %dir.display(), error = %e,
                "search index cannot open (give each instance its own --search-index): \
                 searches use the database's own index");
            None
        }
    }
}

/// `kyhop serve`.
pub async fn serve(opts: ServeOptions) -> anyhow::Result<()> {
    raise_open_file_limit();
    let shutdown = Shutdown::install()?;
    let store = open_store(&opts.db_url, &opts.data_dir).await?;
    bootstrap_admin(store.as_ref(), &opts.data_dir).await?;
    let tls = opts.transport.identity(opts.bind, &opts.data_dir)?;
    let listening = bind(opts.bind, tls.as_ref()).await?;
    let api = ApiConfig {
        public_url: opts.transport.public_url.clone(),
        trusted_proxies: opts.transport.trusted_proxies.clone(),
        ..opts.api
    };
    let backups = opts.backups.map(|schedule| {
        let source = crate::services::backup::Source {
            db_url: opts.db_url.clone(),
            data_dir: opts.data_dir.clone(),
        };
        tokio::spawn(crate::services::backup::run_schedule(source, schedule))
    });
    let served = serve_on(
        listening,
        store.store(),
        &opts.data_dir,
        api,
        shutdown.wait(),
    )
    .await;
    if let Some(backups) = backups {
        backups.abort();
    }
    served?;
    store.close().await;
    Ok(())
}

/// Connections the kernel holds for the server before it accepts them
/// (capped by `net.core.somaxconn`, 4,096 on current kernels). A chamber's
/// 2,000 laptops connecting at once overflowed the default of 1,024: the
/// connections turned away waited a second for their SYN to be sent again.
pub const LISTEN_BACKLOG: u32 = 4096;

/// A listening socket on `addr` with the backlog above (`SO_REUSEADDR` as
/// the standard library sets it: a restart binds again at once).
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// Binds and announces the address on stdout (with port 0, the one chosen),
/// and with TLS the certificate's fingerprint that delegates pin.
pub async fn bind(addr: SocketAddr, tls: Option<&TlsIdentity>) -> anyhow::Result<Listening> {
    let listener = listen(addr).with_context(|| format!("binding {addr}"))?;
    let listening = Listening {
        tcp: listener,
        tls: tls
            .map(|identity| identity.server_config().map(TlsAcceptor::from))
            .transpose()?,
        fingerprint: tls.map(TlsIdentity::fingerprint),
    };
    println!("KyHop listening on {}", listening.url()?);
    if let Some(identity) = tls {
        println!("KyHop TLS fingerprint: {}", identity.fingerprint());
    }
    Ok(listening)
}

/// SIGTERM and Ctrl-C, listened for from before the server announces its
/// address: a stop request that arrives right after start is a clean stop
/// too, never the default "terminate at once".
pub struct Shutdown {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl Shutdown {
    pub fn install() -> anyhow::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Ok(Self {
                term: signal(SignalKind::terminate()).context("listening for SIGTERM")?,
                interrupt: signal(SignalKind::interrupt()).context("listening for SIGINT")?,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// Completes at the first SIGTERM or Ctrl-C.
    pub async fn wait(mut self) {
        self.next().await;
    }

    /// Completes at the next SIGTERM or Ctrl-C (a program that keeps
    /// listening can treat a second one as "stop now").
    pub async fn next(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.term.recv() => {},
            _ = self.interrupt.recv() => {},
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_is_a_plain_http_or_https_address() {
        assert_eq!(
            parse_public_url(" https://192.168.1.10:8443/ ").unwrap(),
            "https://192.168.1.10:8443"
        );
        assert_eq!(
            parse_public_url("http://hdnd.example/kyhop").unwrap(),
            "http://hdnd.example/kyhop"
        );
        for bad in [
            "hdnd.example",
            "ftp://x",
            "https://",
            "https://a b",
            "https://x/#/y",
        ] {
            assert!(parse_public_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_urls_port_is_its_own_or_its_schemes() {
        assert_eq!(url_port("https://192.168.1.10:8443"), Some(8443));
        assert_eq!(url_port("https://hdnd.example/kyhop"), Some(443));
        assert_eq!(url_port("http://hdnd.example"), Some(80));
        assert_eq!(url_port("https://[fe80::1]"), Some(443));
        assert_eq!(url_port("https://[fe80::1]:8443"), Some(8443));
    }

    #[test]
    fn container_bridges_and_link_local_addresses_are_not_the_chambers() {
        let ip = |s: &str| s.parse::<std::net::Ipv4Addr>().unwrap();
        assert!(likely_lan("wlan0", ip("192.168.1.10")));
        assert!(likely_lan("eth0", ip("203.0.113.7")));
        assert!(!likely_lan("docker0", ip("172.17.0.1")));
        assert!(!likely_lan("br-3f2a", ip("172.18.0.1")));
        assert!(!likely_lan("tun0", ip("10.8.0.2")));
        assert!(!likely_lan("eth0", ip("169.254.3.4")));
        assert!(!likely_lan("lo", ip("127.0.0.1")));
    }
}
