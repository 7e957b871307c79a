//! A chamber's laptops connect at once (the sitting opens, the Wi-Fi comes
//! back): each connection must find room in the kernel's queue of those the
//! server has not accepted yet. One that finds the queue full has its SYN
//! dropped and waits a second before sending it again, which a delegate
//! sees as a ballot that hangs.

use crate::common;

use std::net::SocketAddr;
use std::time::Duration;

use common::Server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// The laptops of a large council, all connecting at once.
const LAPTOPS: usize = 2000;

/// Well under the second a dropped SYN waits before it is sent again.
const CONNECT_WITHIN: Duration = Duration::from_millis(600);

/// Opens `n` connections to `addr` at once; those made within
/// [`CONNECT_WITHIN`], and how many were not.
async fn connect_at_once(addr: SocketAddr, n: usize) -> (Vec<TcpStream>, usize) {
    let attempts: Vec<_> = (0..n)
        .map(|_| {
            tokio::spawn(async move {
                tokio::time::timeout(CONNECT_WITHIN, TcpStream::connect(addr))
                    .await
                    .ok()
                    .and_then(Result::ok)
            })
        })
        .collect();
    let mut made = Vec::with_capacity(n);
    for attempt in attempts {
        made.extend(attempt.await.unwrap());
    }
    let waited = n - made.len();
    (made, waited)
}

fn signal(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success(), "kill {signal} {pid}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chamber_connecting_at_once_waits_for_no_resent_syn() {
    // This process holds both ends of the control's connections.
    rlimit::increase_nofile_limit(u64::MAX).unwrap();
    let server = Server::start().await;
    let addr: SocketAddr = server
        .url
        .strip_prefix("http://")
        .expect("plain HTTP on loopback")
        .parse()
        .unwrap();
    let pid = server.child.id().unwrap();

    // The server stopped: it accepts nothing while the laptops connect, as
    // when a burst arrives faster than it accepts.
    signal(pid, "-STOP");
    let (mut connections, waited) = connect_at_once(addr, LAPTOPS).await;
    signal(pid, "-CONT");
    assert_eq!(
        waited, 0,
        "{waited} of {LAPTOPS} connections found the listen queue full"
    );

    // Every queued connection is then served.
    for connection in &mut connections {
        connection
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: kyhop\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
    }
    for connection in &mut connections {
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(30), connection.read_to_end(&mut answer))
            .await
            .expect("answered")
            .unwrap();
        assert!(
            answer.starts_with(b"HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&answer)
        );
    }

    // Control: a listener with the usual backlog of 1,024 that accepts
    // nothing turns the same burst's later connections away (their SYNs
    // dropped), so the measure above sees a full queue when there is one.
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1024).unwrap();
    let (_held, waited) = connect_at_once(listener.local_addr().unwrap(), LAPTOPS).await;
    assert!(
        waited >= LAPTOPS - 1024 - 64,
        "only {waited} connections waited on a queue of 1,024"
    );
}
