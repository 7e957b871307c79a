//! Serving HTTP/1.1 connections with the limits a hostile network needs,
//! which `axum::serve` does not set: a client must send a request's
//! headers within [`HEADER_READ_TIMEOUT`] of starting it (slow-header
//! attacks), and a kept-alive connection that sends nothing for as long is
//! closed (hyper starts the same timer when it waits for the next request).
//! Each request carries its peer's address (`ConnectInfo<SocketAddr>`) for
//! the sign-in throttle, and whether its connection is encrypted
//! ([`Encrypted`]), so that secrets are refused over plain HTTP.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::connect_info::ConnectInfo;
use axum::serve::Listener;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tower::ServiceExt;

/// How long a client may take to send a request's headers, and how long a
/// kept-alive connection may wait for its next request (nginx's defaults
/// are 60 s and 75 s; a chamber's laptops go quiet between votes).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(60);

/// Whether the request came over TLS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Encrypted(pub bool);

/// Serves `app` on `listener` until `shutdown` completes, then waits for
/// the requests in progress (live streams end with the hub's shutdown).
pub async fn serve<L>(
    mut listener: L,
    app: Router,
    encrypted: Encrypted,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) where
    L: Listener<Addr = SocketAddr>,
{
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (io, peer) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let service = app.clone().map_request(
            move |mut request: axum::extract::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.extensions_mut().insert(encrypted);
                request.map(axum::body::Body::new)
            },
        );
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(io), TowerToHyperService::new(service))
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::trace!(%peer, error = %e, "connection ended");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}
