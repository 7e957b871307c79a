//! nginx (the Debian package) on a free loopback port with a config
//! written here: the reference the benchmarks hold KyHop against.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::Context;

/// An nginx master and its two workers, stopped on drop.
pub struct Nginx {
    child: Child,
    pub url: String,
}

impl Nginx {
    /// Starts nginx in `dir` with `server` as the body of its one server
    /// block (after its `listen`), over TLS when `tls` gives a certificate
    /// and key (PEM files).
    pub fn start(dir: &Path, server: &str, tls: Option<(&Path, &Path)>) -> anyhow::Result<Nginx> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let d = dir.display();
        std::fs::create_dir_all(dir.join("tmp"))?;
        let (listen, scheme) = match tls {
            Some((cert, key)) => (
                format!(
                    "listen 127.0.0.1:{port} ssl backlog=4096; ssl_certificate {}; \
                     ssl_certificate_key {}; ssl_protocols TLSv1.2 TLSv1.3;",
                    cert.display(),
                    key.display()
                ),
                "https",
            ),
            None => (format!("listen 127.0.0.1:{port} backlog=4096;"), "http"),
        };
        let config = format!(
            "worker_processes 2;\nworker_rlimit_nofile 16384;\nuser root;\ndaemon off;\n\
             pid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
             events {{ worker_connections 8192; }}\n\
             http {{\n  access_log off;\n  sendfile on;\n  tcp_nopush on;\n\
               keepalive_timeout 300s;\n  keepalive_requests 1000000;\n\
               client_body_temp_path {d}/tmp; proxy_temp_path {d}/tmp; fastcgi_temp_path {d}/tmp;\n\
               uwsgi_temp_path {d}/tmp; scgi_temp_path {d}/tmp;\n\
               types {{ application/pdf pdf; }}\n\
               server {{ {listen} {server} }}\n}}\n"
        );
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, config)?;
        let nginx = ["/usr/sbin/nginx", "nginx"]
            .into_iter()
            .find(|p| {
                Command::new(p)
                    .arg("-v")
                    .stderr(Stdio::null())
                    .status()
                    .is_ok()
            })
            .context("nginx is not installed: run benches/delivery.sh, which installs it")?;
        let child = Command::new(nginx)
            .arg("-c")
            .arg(&conf)
            .arg("-p")
            .arg(dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let url = format!("{scheme}://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(Nginx { child, url });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        anyhow::bail!("nginx did not start; see {d}/error.log")
    }

    /// The master's process id (its workers are its children).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM, so that the master stops its workers too (SIGKILL would orphan them).
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}
