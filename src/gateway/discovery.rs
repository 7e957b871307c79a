//! Finding the host on the chamber LAN: the host announces itself over
//! mDNS / DNS-SD (`_kyhop._tcp.local.`) with its certificate's fingerprint
//! in the TXT record; a delegate's first run lists what it hears.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use mdns_sd::{ServiceDaemon, ServiceEvent, ServiceInfo};
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

/// The mDNS daemon, started when first needed (a delegate who types the
/// address never starts it).
#[derive(Default)]
pub struct Discovery {
    daemon: Mutex<Option<ServiceDaemon>>,
    advertised: Mutex<Option<String>>,
}

impl Discovery {
    pub fn new() -> Self {
        Self::default()
    }

    fn with_daemon<T>(&self, f: impl FnOnce(&ServiceDaemon) -> T) -> Option<T> {
        let mut daemon = self.daemon.lock().ok()?;
        if daemon.is_none() {
            match ServiceDaemon::new() {
                Ok(d) => *daemon = Some(d),
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
        let ips: Vec<std::net::IpAddr> = super::host::lan_addresses();
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
                        .and_then(|fp| crate::tls::parse_fingerprint(fp).ok())
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
                            short_fingerprint: crate::tls::short_fingerprint(&fingerprint),
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
