//! Serving connections with the limits a hostile network needs, which
//! `axum::serve` does not set: a client must send a request's headers
//! within [`HEADER_READ_TIMEOUT`] of starting it (slow-header attacks), and
//! a kept-alive connection that sends nothing for as long is closed (hyper
//! starts the same timer when it waits for the next request); a TLS
//! handshake must end within [`HANDSHAKE_TIMEOUT`]; and a connection from
//! an address the [`Gate`] turns away is never read: no handshake, no
//! request. It is held open and silent for [`TURNED_AWAY_HOLD`] before it
//! is closed, because a client that is answered at once, even by a close,
//! comes straight back: closing cost the server as much CPU as answering a
//! guess did (benches/guess_flood.sh), holding costs it nothing. At most
//! [`TURNED_AWAY_HELD`] are held at once; beyond that they are closed.
//!
//! Each request carries its client's address (`ConnectInfo<SocketAddr>`:
//! the peer's, or what a trusted proxy says, see [`crate::proxy`]) for the
//! sign-in throttle, and whether its connection is encrypted
//! ([`Encrypted`]), so that secrets are refused over plain HTTP.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::connect_info::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// How long a client may take to send a request's headers, and how long a
/// kept-alive connection may wait for its next request (nginx's defaults
/// are 60 s and 75 s; a chamber's laptops go quiet between votes).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// A TLS handshake that takes longer than this is dropped: a half-open
/// connection must not hold a slot.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a turned-away connection is held before it is closed.
pub const TURNED_AWAY_HOLD: Duration = Duration::from_secs(10);

/// Turned-away connections held at once (each holds a file descriptor).
pub const TURNED_AWAY_HELD: usize = 256;

/// Whether the request came over TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encrypted(pub bool);

/// Decides, at accept, which addresses are not served at all.
pub trait Gate: Send + Sync + 'static {
    fn turns_away(&self, peer: IpAddr) -> bool;
}

/// A gate that lets everyone in.
pub struct Open;

impl Gate for Open {
    fn turns_away(&self, _: IpAddr) -> bool {
        false
    }
}

/// How connections are served, the same for each.
#[derive(Clone)]
pub struct Serving {
    pub app: Router,
    /// `None`: plain HTTP.
    pub tls: Option<TlsAcceptor>,
    pub gate: Arc<dyn Gate>,
    pub header_read_timeout: Duration,
    /// Proxies whose forwarding headers name the client.
    pub trusted_proxies: crate::proxy::TrustedProxies,
}

/// Serves connections accepted on `listener` until `shutdown` completes,
/// then waits for the requests in progress (live streams end with the
/// hub's shutdown). The port is free again when this returns.
pub async fn serve(
    listener: TcpListener,
    serving: Serving,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    // HTTP/1.1 only (TLS offers only it by ALPN): over HTTP/2 the
    // header-read timeout and `Connection: close` would not apply.
    let mut http = Builder::new(TokioExecutor::new()).http1_only();
    http.http1()
        .timer(TokioTimer::new())
        .header_read_timeout(serving.header_read_timeout);
    let graceful = GracefulShutdown::new();
    let held = Arc::new(tokio::sync::Semaphore::new(TURNED_AWAY_HELD));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (tcp, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors and the like: wait, go on.
                tracing::warn!(error = %e, "accepting a connection");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if serving.gate.turns_away(peer.ip()) {
            if let Ok(slot) = held.clone().try_acquire_owned() {
                tokio::spawn(async move {
                    tokio::time::sleep(TURNED_AWAY_HOLD).await;
                    drop((tcp, slot));
                });
            }
            continue;
        }
        let _ = tcp.set_nodelay(true);
        let (serving, http, watcher) = (serving.clone(), http.clone(), graceful.watcher());
        tokio::spawn(async move {
            match &serving.tls {
                None => serve_one(tcp, peer, Encrypted(false), &serving, &http, watcher).await,
                Some(acceptor) => {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                        Ok(Ok(tls)) => {
                            serve_one(tls, peer, Encrypted(true), &serving, &http, watcher).await
                        }
                        Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                }
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

async fn serve_one<I>(
    io: I,
    peer: SocketAddr,
    encrypted: Encrypted,
    serving: &Serving,
    http: &Builder<TokioExecutor>,
    watcher: Watcher,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let proxies = serving.trusted_proxies.clone();
    let service = serving.app.clone().map_request(
        move |mut request: axum::extract::Request<hyper::body::Incoming>| {
            let (client, encrypted) = proxies.client(peer, encrypted, request.headers());
            request.extensions_mut().insert(ConnectInfo(client));
            request.extensions_mut().insert(encrypted);
            request.map(axum::body::Body::new)
        },
    );
    let connection = http
        .serve_connection_with_upgrades(TokioIo::new(io), TowerToHyperService::new(service))
        .into_owned();
    if let Err(e) = watcher.watch(connection).await {
        tracing::trace!(%peer, error = %e, "connection ended");
    }
}
