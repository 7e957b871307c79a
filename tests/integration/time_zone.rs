//! Every time is kept in UTC; Vietnam time (UTC+7) is applied only where a
//! person reads it. The demo server runs here with `TZ=America/New_York`
//! (twelve hours from Vietnam): a sitting's time on its attendance paper,
//! the date line of a resolution issued now, and the documents' lead-time
//! figures are exactly what UTC+7 gives, never what New York's clock does.

use crate::common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::Server;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn vietnam(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    (at + Duration::hours(7)).naive_utc()
}

fn new_york(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    // Eastern Standard Time in March before the 8th's change: UTC−5.
    (at - Duration::hours(5)).naive_utc()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_people_read_is_in_vietnam_time_whatever_the_servers_zone() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let dir = data.to_str().unwrap();
    let demo = Server::spawn_with_env(
        &["demo", "--data-dir", dir, "--bind", "127.0.0.1:0"],
        &data,
        &[("TZ", "America/New_York")],
    )
    .await;
    // The process does see New York's zone (control: `date` under it).
    let shown = std::process::Command::new("date")
        .arg("+%Z")
        .env("TZ", "America/New_York")
        .output()
        .unwrap();
    let zone = String::from_utf8_lossy(&shown.stdout).trim().to_owned();
    assert!(zone == "EST" || zone == "EDT", "{zone}");

    let accounts: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(data.join("demo-accounts.json")).unwrap())
            .unwrap();
    let sign_in = |role: &str| {
        let account = accounts.iter().find(|a| a["role"] == role).unwrap().clone();
        let mut api = demo.api();
        async move {
            api.login(
                account["username"].as_str().unwrap(),
                account["password"].as_str().unwrap(),
            )
            .await;
            api
        }
    };
    let secretary = sign_in("secretary").await;
    let chair = sign_in("chair").await;

    // A sitting at 01:30 UTC: 08:30 in Hà Nội the same day, 20:30 the day
    // before in New York; the session's agenda paper lists it.
    let starts = Utc.with_ymd_and_hms(2027, 3, 2, 1, 30, 0).unwrap();
    secretary
        .create(
            "/api/sessions/1/sittings",
            json!({ "title": "Phiên họp sáng", "starts_at": starts }),
        )
        .await;
    let (status, paper) = secretary.pdf_text("/api/sessions/1/agenda.pdf").await;
    assert_eq!(status, StatusCode::OK);
    let paper = paper.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = |t: chrono::NaiveDateTime| t.format("%H:%M ngày %d/%m/%Y").to_string();
    assert!(paper.contains(&at(vietnam(starts))), "{paper}");
    assert_eq!(at(vietnam(starts)), "08:30 ngày 02/03/2027");
    assert!(!paper.contains(&at(new_york(starts))), "{paper}");

    // The documents' lead-time figures: whole days from the day each was
    // published in Vietnam to the session's planned start.
    let (_, snap) = secretary.get("/api/sessions/1/snapshot").await;
    let planned: NaiveDate = snap["session"]["planned_start"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let (_, council) = secretary.get("/api/councils/1").await;
    let lead = council["lead_time_days"].as_i64().unwrap();
    let (_, documents) = secretary.get("/api/sessions/1/documents").await;
    let mut checked = 0;
    for document in documents.as_array().unwrap() {
        let Some(published) = document["published_at"].as_str() else {
            continue;
        };
        let published: DateTime<Utc> = published.parse().unwrap();
        let days = (planned - vietnam(published).date()).num_days();
        assert_eq!(document["days_before_session"], days, "{document}");
        assert_eq!(document["late"], days < lead, "{document}");
        checked += 1;
    }
    assert!(checked > 0, "{documents}");

    // A resolution issued now carries Vietnam's date.
    let (_, delegates) = secretary.get("/api/councils/1/people?kind=delegate").await;
    let item = common::demo_chair_at_third_item(&chair, &secretary, &snap, &delegates).await;
    let before = vietnam(Utc::now()).date();
    let (pdf, _, _) = common::issue_on(&chair, &secretary, item, "Về việc thử giờ Việt Nam").await;
    let after = vietnam(Utc::now()).date();
    let text = common::pdftotext(&pdf);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = |d: NaiveDate| kyhop_domain::date_line("", d);
    assert!(
        text.contains(line(before).trim_start_matches(", "))
            || text.contains(line(after).trim_start_matches(", ")),
        "{} in {text}",
        line(before)
    );
    demo.stop().await;
}
