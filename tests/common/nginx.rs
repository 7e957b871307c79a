//! nginx in front of several `kyhop serve` instances, as a province's
//! deployment puts it: round robin, the live streams unbuffered, the
//! client's address and scheme passed on (the instances trust it with
//! `--trusted-proxy 127.0.0.1`), and a request that cannot reach an
//! instance sent to the next (GETs only: nginx never repeats a POST).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Nginx {
    pub url: String,
    child: Child,
    dir: tempfile::TempDir,
}

/// Debian's nginx (`scripts/setup.sh` installs nginx-light).
fn program() -> PathBuf {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .expect("nginx is not installed: run scripts/setup.sh")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The configuration, in nginx's own words.
fn config(dir: &Path, port: u16, upstreams: &[&str]) -> String {
    let servers: String = upstreams
        .iter()
        .map(|u| {
            let host = u.trim_start_matches("http://");
            format!("    server {host} max_fails=1 fail_timeout=5s;\n")
        })
        .collect();
    let d = dir.display();
    format!(
        "daemon off;
master_process off;
worker_rlimit_nofile 8192;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {d}/body;
  proxy_temp_path {d}/proxy;
  fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi;
  scgi_temp_path {d}/scgi;
  client_max_body_size 200m;
  upstream kyhop {{
{servers}    keepalive 64;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://kyhop;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_buffering off;
      proxy_read_timeout 1h;
      proxy_connect_timeout 2s;
      proxy_next_upstream error timeout;
    }}
  }}
}}
"
    )
}

impl Nginx {
    /// Starts nginx on a free loopback port in front of `upstreams`
    /// (`http://127.0.0.1:port` each) and waits until it answers.
    pub fn start(upstreams: &[&str]) -> Nginx {
        let dir = tempfile::tempdir().expect("a directory for nginx");
        let port = free_port();
        let conf = dir.path().join("nginx.conf");
        std::fs::write(&conf, config(dir.path(), port, upstreams)).unwrap();
        let child = Command::new(program())
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(&conf)
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let nginx = Nginx {
            url: format!("http://127.0.0.1:{port}"),
            child,
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nginx did not start: {}",
                nginx.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        nginx
    }

    /// nginx's error log.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
