//! Hosts heard over mDNS are candidates, never trusted by themselves: any
//! laptop on the chamber LAN can announce `_kyhop._tcp` with a fingerprint
//! of its own. Pairing pins a host only when the fingerprint on the host's
//! screen (typed) or its pairing link (the QR code) matches what it
//! presents.
//!
//! Its own test program: mDNS stays on loopback here (nothing is announced
//! onto a real network), which the gateway reads from its environment.

mod common;

use std::time::Duration;

use common::{gateway_window, start_gateway, Api};
use kyhop_gateway::SecretPlace;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn post(window: &Api, path: &str, body: Value) -> (StatusCode, Value) {
    let response = window
        .client
        .post(format!("{}{path}", window.url))
        .json(&body)
        .send()
        .await
        .expect("the gateway answers");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[test]
fn a_host_heard_over_mdns_is_not_pinned_without_the_fingerprint_from_its_screen() {
    // Before any other thread exists (the runtime is built below).
    std::env::set_var("KYHOP_MDNS_LOOPBACK_ONLY", "1");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        // A laptop on the LAN runs a KyHop host, which announces itself
        // with its certificate's fingerprint.
        let announcer_dir = tempfile::tempdir().unwrap();
        let announcer = start_gateway(announcer_dir.path(), SecretPlace::File).await;
        let (status, hosting) = post(
            &gateway_window(&announcer),
            "/desktop/host",
            json!({ "bind": "127.0.0.1:0" }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{hosting}");
        let announced = hosting["host_info"]["fingerprint"]
            .as_str()
            .unwrap()
            .to_owned();
        let on_its_screen = hosting["host_info"]["short_fingerprint"]
            .as_str()
            .unwrap()
            .to_owned();

        // The delegate's laptop hears it.
        let app = tempfile::tempdir().unwrap();
        let gateway = start_gateway(app.path(), SecretPlace::File).await;
        let window = gateway_window(&gateway);
        let mut heard = None;
        for _ in 0..10 {
            let (status, hosts) = window.get("/desktop/hosts").await;
            assert_eq!(status, StatusCode::OK, "{hosts}");
            heard = hosts
                .as_array()
                .unwrap()
                .iter()
                .find(|h| h["fingerprint"] == announced.as_str())
                .cloned();
            if heard.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let heard = heard.expect("the host is heard over mDNS");
        let url = heard["url"].as_str().unwrap().to_owned();

        // What mDNS said is no confirmation: pairing with it is refused.
        for body in [
            json!({ "url": url, "fingerprint": announced }),
            json!({ "url": url }),
            json!({ "url": url, "confirmation": "" }),
        ] {
            let (status, answer) = post(&window, "/desktop/pair", body.clone()).await;
            assert_eq!(
                (status, answer["code"].as_str()),
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some("fingerprint_confirmation_required")
                ),
                "{body}: {answer}"
            );
        }
        // The chamber host's screen shows another fingerprint than the
        // machine that answered: refused, whatever mDNS said.
        let (status, answer) = post(
            &window,
            "/desktop/pair",
            json!({ "url": url, "confirmation": "ABAB ABAB ABAB ABAB" }),
        )
        .await;
        assert_eq!(
            (status, answer["code"].as_str()),
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some("fingerprint_mismatch")
            ),
            "{answer}"
        );
        // Too few digits to confirm anything.
        let (status, answer) = post(
            &window,
            "/desktop/pair",
            json!({ "url": url, "confirmation": &on_its_screen[..4] }),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        let (_, unpaired) = window.get("/desktop/status").await;
        assert_eq!(unpaired["mode"], "setup", "{unpaired}");
        assert_eq!(unpaired["host"], Value::Null, "{unpaired}");

        // The person types the fingerprint the host's screen shows: paired,
        // pinned to what the host presents.
        let (status, paired) = post(
            &window,
            "/desktop/pair",
            json!({ "url": url, "confirmation": on_its_screen }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{paired}");
        assert_eq!(paired["mode"], "delegate");
        assert_eq!(paired["host"]["fingerprint"], announced.as_str());

        // The pairing link (the QR code on the host's screen) confirms too.
        let other = tempfile::tempdir().unwrap();
        let second = start_gateway(other.path(), SecretPlace::File).await;
        let link = hosting["host_info"]["pairing_link"].as_str().unwrap();
        let (status, paired) = post(
            &gateway_window(&second),
            "/desktop/pair",
            json!({ "url": link }),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{paired}");
        assert_eq!(paired["host"]["fingerprint"], announced.as_str());

        second.shut_down().await;
        gateway.shut_down().await;
        announcer.shut_down().await;
    });
}
