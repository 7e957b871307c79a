//! A small client of KyHop's HTTP API, for the load test and the
//! benchmarks: signs in, calls JSON routes, uploads files.

use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Context};
use serde_json::{json, Value};

/// A signed-in HTTP client.
#[derive(Clone)]
pub struct Client {
    pub http: reqwest::Client,
    pub url: String,
    pub token: Option<String>,
}

pub fn new_http() -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()?)
}

/// A client of a TLS host that trusts exactly its certificate (the
/// fingerprint `kyhop serve --tls` prints).
pub fn new_http_pinned(fingerprint: &str) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .use_preconfigured_tls(kyhop_server::tls::pinned_client_config(fingerprint)?)
        .build()?)
}

impl Client {
    /// Signs in as the server's admin with the password in `password_file`.
    /// On a fresh server the first password must change: the new one is
    /// written back to the same file.
    pub async fn admin(url: &str, password_file: &Path) -> anyhow::Result<Client> {
        Self::admin_over(new_http()?, url, password_file).await
    }

    /// `admin` over a given HTTP client (e.g. `new_http_pinned`).
    pub async fn admin_over(
        http: reqwest::Client,
        url: &str,
        password_file: &Path,
    ) -> anyhow::Result<Client> {
        let mut admin = Client {
            http,
            url: url.trim_end_matches('/').to_owned(),
            token: None,
        };
        let password = std::fs::read_to_string(password_file)
            .with_context(|| format!("reading {}", password_file.display()))?
            .trim()
            .to_owned();
        let signed_in = admin
            .sign_in(
                "/api/auth/login",
                json!({ "username": "admin", "password": password }),
            )
            .await?;
        if signed_in["account"]["must_change_password"] == true {
            let new_password = kyhop_server::auth::new_password();
            admin
                .post(
                    "/api/auth/password",
                    json!({ "current_password": password, "new_password": new_password }),
                )
                .await?;
            kyhop_server::private_file::write_private(password_file, format!("{new_password}\n"))?;
            eprintln!("changed the admin's first password; the new one is in the same file");
        }
        Ok(admin)
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> anyhow::Result<(u16, Value)> {
        let mut rb = self.http.request(method, format!("{}{path}", self.url));
        if let Some(t) = &self.token {
            rb = rb.bearer_auth(t);
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let resp = rb.send().await.with_context(|| format!("calling {path}"))?;
        let status = resp.status().as_u16();
        let text = resp.text().await?;
        Ok((
            status,
            if text.is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            },
        ))
    }

    pub async fn post(&self, path: &str, body: Value) -> anyhow::Result<Value> {
        let (status, v) = self.call(reqwest::Method::POST, path, Some(body)).await?;
        if !(200..300).contains(&status) {
            bail!("POST {path}: {status} {v}");
        }
        Ok(v)
    }

    pub async fn sign_in(&mut self, path: &str, body: Value) -> anyhow::Result<Value> {
        let v = self.post(path, body).await?;
        self.token = Some(v["token"].as_str().context("no token")?.to_owned());
        Ok(v)
    }

    /// Uploads a PDF as a new document of `session`.
    pub async fn upload(&self, session: i64, meta: Value, file: &Path) -> anyhow::Result<Value> {
        let bytes = tokio::fs::read(file).await?;
        let form = reqwest::multipart::Form::new()
            .text("document", meta.to_string())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes)
                    .file_name("document.pdf")
                    .mime_str("application/pdf")?,
            );
        let mut rb = self
            .http
            .post(format!("{}/api/sessions/{session}/documents", self.url))
            .multipart(form);
        if let Some(t) = &self.token {
            rb = rb.bearer_auth(t);
        }
        let resp = rb.send().await?;
        let status = resp.status();
        let v: Value = resp.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            bail!("upload: {status} {v}");
        }
        Ok(v)
    }
}
