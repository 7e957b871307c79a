//! Requests relayed by a reverse proxy the operator trusts
//! (`--trusted-proxy`, e.g. nginx in front of several instances): from that
//! proxy's address only, the client's address is read from the last entry
//! of `X-Forwarded-For` (the one the proxy itself appended; earlier entries
//! are whatever the client claimed) and whether the client's connection
//! was encrypted from `X-Forwarded-Proto`. Without this, every client
//! behind the proxy shares its address: one delegate mistyping a card code
//! would lock the whole chamber out, and no secret would be taken from
//! anyone over the proxy's plain-HTTP hop. From any other peer the headers
//! are ignored: a client cannot choose the address it is throttled by.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;

use crate::connections::Encrypted;

/// The addresses of the reverse proxies whose forwarding headers are read.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpAddr>);

impl TrustedProxies {
    pub fn new(addresses: impl IntoIterator<Item = IpAddr>) -> Self {
        Self(addresses.into_iter().map(|a| a.to_canonical()).collect())
    }

    fn trusts(&self, peer: IpAddr) -> bool {
        self.0.contains(&peer.to_canonical())
    }

    /// The client a request comes from and whether its connection was
    /// encrypted: the TCP peer's own, unless the peer is a trusted proxy
    /// that says otherwise.
    pub fn client(
        &self,
        peer: SocketAddr,
        encrypted: Encrypted,
        headers: &HeaderMap,
    ) -> (SocketAddr, Encrypted) {
        if !self.trusts(peer.ip()) {
            return (peer, encrypted);
        }
        let client = last_value(headers, "x-forwarded-for")
            .and_then(|v| v.parse::<IpAddr>().ok())
            .map_or(peer, |ip| SocketAddr::new(ip.to_canonical(), 0));
        let encrypted = match last_value(headers, "x-forwarded-proto").as_deref() {
            Some("https") => Encrypted(true),
            Some("http") => Encrypted(false),
            _ => encrypted,
        };
        (client, encrypted)
    }
}

/// The last comma-separated entry of the last `name` header, trimmed.
fn last_value(headers: &HeaderMap, name: &str) -> Option<String> {
    let line = headers.get_all(name).iter().next_back()?.to_str().ok()?;
    let last = line.rsplit(',').next()?.trim();
    (!last.is_empty()).then(|| last.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const PROXY: &str = "10.0.0.5:41000";

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, HeaderValue::from_static(value));
        }
        h
    }

    fn trusted() -> TrustedProxies {
        TrustedProxies::new(["10.0.0.5".parse().unwrap()])
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_its_scheme() {
        let (client, encrypted) = trusted().client(
            PROXY.parse().unwrap(),
            Encrypted(false),
            &headers(&[
                ("x-forwarded-for", "192.168.1.23"),
                ("x-forwarded-proto", "https"),
            ]),
        );
        assert_eq!(client.ip(), "192.168.1.23".parse::<IpAddr>().unwrap());
        assert_eq!(encrypted, Encrypted(true));
    }

    #[test]
    fn what_the_client_claimed_before_the_proxy_is_ignored() {
        // The client sent "X-Forwarded-For: 127.0.0.1"; the proxy appended
        // the address it saw.
        let (client, _) = trusted().client(
            PROXY.parse().unwrap(),
            Encrypted(false),
            &headers(&[("x-forwarded-for", "127.0.0.1, 192.168.1.23")]),
        );
        assert_eq!(client.ip(), "192.168.1.23".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn anyone_else_cannot_choose_their_address_or_scheme() {
        let peer: SocketAddr = "192.168.1.66:5000".parse().unwrap();
        let (client, encrypted) = trusted().client(
            peer,
            Encrypted(false),
            &headers(&[
                ("x-forwarded-for", "192.168.1.23"),
                ("x-forwarded-proto", "https"),
            ]),
        );
        assert_eq!((client, encrypted), (peer, Encrypted(false)));
    }

    #[test]
    fn a_proxy_that_says_nothing_is_the_client() {
        let peer: SocketAddr = PROXY.parse().unwrap();
        let (client, encrypted) = trusted().client(
            peer,
            Encrypted(true),
            &headers(&[("x-forwarded-for", "not an address")]),
        );
        assert_eq!((client, encrypted), (peer, Encrypted(true)));
    }

    #[test]
    fn an_ipv4_proxy_is_trusted_on_a_dual_stack_socket() {
        let mapped: SocketAddr = "[::ffff:10.0.0.5]:41000".parse().unwrap();
        let (client, _) = trusted().client(
            mapped,
            Encrypted(false),
            &headers(&[("x-forwarded-for", "192.168.1.23")]),
        );
        assert_eq!(client.ip(), "192.168.1.23".parse::<IpAddr>().unwrap());
    }
}
