//! Finding the host on the chamber LAN: the host announces itself over
//! mDNS / DNS-SD (`_kyhop._tcp.local.`) with its certificate's fingerprint
//! in the TXT record; a delegate's first run lists what it hears.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use mdns_sd::{IfKind, ServiceDaemon, ServiceEvent, ServiceInfo};
use serde::Serialize;

use super::host::HostInfo;

const SERVICE: &str = "_kyhop._tcp.local.";

/// A host heard on the LAN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DiscoveredHost {
    /// What the host calls itself (its machine name).
    pub name: String,
    pub url: String,
    pub fingerprint: String,
    pub short_fingerprint: String,
}

/// Set to `1`, mDNS stays on this machine's loopback: tests announce and
/// listen without sending anything onto a real network.
pub const LOOPBACK_ONLY_ENV: &str = "KYHOP_MDNS_LOOPBACK_ONLY";

/// The mDNS daemon, started when first needed (a delegate who types the
/// address never starts it).
pub struct Discovery {
    daemon: Mutex<Option<ServiceDaemon>>,
    advertised: Mutex<Option<String>>,
    loopback_only: bool,
}

impl Discovery {
    pub fn new() -> Self {
        Self::with_loopback_only(std::env::var(LOOPBACK_ONLY_ENV).is_ok_and(|v| v == "1"))
    }

    /// Announces and listens on loopback only (tests).
    #[cfg(test)]
    pub fn on_loopback() -> Self {
        Self::with_loopback_only(true)
    }

    fn with_loopback_only(loopback_only: bool) -> Self {
        Self {
            daemon: Mutex::new(None),
            advertised: Mutex::new(None),
            loopback_only,
        }
    }

    fn addresses(&self) -> Vec<std::net::IpAddr> {
        if self.loopback_only {
            vec![std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST)]
        } else {
            super::host::lan_addresses()
        }
    }

    fn with_daemon<T>(&self, f: impl FnOnce(&ServiceDaemon) -> T) -> Option<T> {
        let mut daemon = self.daemon.lock().ok()?;
        if daemon.is_none() {
            match ServiceDaemon::new() {
                Ok(d) => {
                    if self.loopback_only {
                        let _ = d.disable_interface(IfKind::All);
                        let _ = d.enable_interface(IfKind::LoopbackV4);
                    }
                    *daemon = Some(d);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "mDNS is not available; hosts must be typed in");
                    return None;
                }
            }
        }
        daemon.as_ref().map(f)
    }

    /// Announces this host (replacing an earlier announcement).
    pub fn advertise(&self, info: &HostInfo) {
        self.stop_advertising();
        let name = machine_name();
        let ips = self.addresses();
        if ips.is_empty() {
            return;
        }
        let properties = HashMap::from([
            ("fp".to_owned(), info.fingerprint.clone()),
            ("v".to_owned(), "1".to_owned()),
        ]);
        let host_name = format!("{}.local.", sanitize(&name));
        let service =
            match ServiceInfo::new(SERVICE, &name, &host_name, &ips[..], info.port, properties) {
                Ok(service) => service,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot describe this host for mDNS");
                    return;
                }
            };
        let fullname = service.get_fullname().to_owned();
        let registered = self.with_daemon(|d| d.register(service));
        match registered {
            Some(Ok(())) => {
                if let Ok(mut advertised) = self.advertised.lock() {
                    *advertised = Some(fullname);
                }
            }
            Some(Err(e)) => tracing::warn!(error = %e, "announcing this host over mDNS"),
            None => {}
        }
    }

    pub fn stop_advertising(&self) {
        let fullname = self.advertised.lock().ok().and_then(|mut a| a.take());
        if let Some(fullname) = fullname {
            let _ = self.with_daemon(|d| d.unregister(&fullname));
        }
    }

    /// Listens for `wait` and returns the hosts heard, by name.
    pub async fn browse(&self, wait: Duration) -> Vec<DiscoveredHost> {
        let Some(Ok(events)) = self.with_daemon(|d| d.browse(SERVICE)) else {
            return Vec::new();
        };
        let deadline = Instant::now() + wait;
        let mut found = BTreeMap::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match tokio::time::timeout(left, events.recv_async()).await {
                Ok(Ok(ServiceEvent::ServiceResolved(service))) => {
                    let Some(fingerprint) = service
                        .txt_properties
                        .get_property_val_str("fp")
                        .and_then(|fp| kyhop_server::tls::parse_fingerprint(fp).ok())
                    else {
                        continue;
                    };
                    let Some(ip) = service
                        .addresses
                        .iter()
                        .map(|a| a.to_ip_addr())
                        .find(|ip| ip.is_ipv4())
                    else {
                        continue;
                    };
                    let name = service
                        .fullname
                        .strip_suffix(&format!(".{SERVICE}"))
                        .unwrap_or(&service.fullname)
                        .to_owned();
                    found.insert(
                        name.clone(),
                        DiscoveredHost {
                            name,
                            url: format!("https://{}", std::net::SocketAddr::new(ip, service.port)),
                            short_fingerprint: kyhop_server::tls::short_fingerprint(&fingerprint),
                            fingerprint,
                        },
                    );
                }
                Ok(Ok(_)) => {}
                Ok(Err(_)) | Err(_) => break,
            }
        }
        let _ = self.with_daemon(|d| d.stop_browse(SERVICE));
        found.into_values().collect()
    }
}

impl Default for Discovery {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Discovery {
    fn drop(&mut self) {
        if let Ok(mut daemon) = self.daemon.lock() {
            if let Some(d) = daemon.take() {
                let _ = d.shutdown();
            }
        }
    }
}

fn machine_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "kyhop-host".to_owned())
}

/// A DNS label from a machine name.
fn sanitize(name: &str) -> String {
    let label: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(63)
        .collect();
    if label.is_empty() {
        "kyhop-host".to_owned()
    } else {
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A host announced by one daemon is heard by another, with the
    /// fingerprint delegates pin (on loopback: nothing leaves the machine).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_host_is_heard_with_its_fingerprint() {
        let fingerprint = "c0ffee".repeat(10) + "abcd";
        let host = Discovery::on_loopback();
        host.advertise(&HostInfo {
            urls: vec![],
            port: 48443,
            fingerprint: fingerprint.clone(),
            short_fingerprint: kyhop_server::tls::short_fingerprint(&fingerprint),
            pairing_link: String::new(),
            initial_password_file: None,
        });
        let delegate = Discovery::on_loopback();
        let mut heard = Vec::new();
        for _ in 0..5 {
            heard = delegate.browse(Duration::from_secs(2)).await;
            if heard.iter().any(|h| h.fingerprint == fingerprint) {
                break;
            }
        }
        let found = heard
            .iter()
            .find(|h| h.fingerprint == fingerprint)
            .unwrap_or_else(|| panic!("not heard: {heard:?}"));
        assert!(found.url.ends_with(":48443"), "{found:?}");
        assert_eq!(found.short_fingerprint, "C0FF EEC0 FFEE C0FF");
        host.stop_advertising();
    }
}
