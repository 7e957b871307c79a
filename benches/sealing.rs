//! Benchmark: the secret count's CPU cost (issue "Secret ballots…").
//!
//! `cargo bench --bench sealing` (options: `-- --ballots 2000`). Measures,
//! in this thread's CPU time (clock_gettime's thread clock, so that other
//! load on the machine does not count), for each kind of secret poll: what
//! encrypting one ballot on receipt costs with nothing made ahead, what it
//! costs when its groups were made ahead (and what making them ahead cost);
//! what the close spends to decrypt 2,000 ballots' totals with their proofs
//! and write the record (from the running sum, and reading every ballot
//! back); and what `kyhop poll verify` spends on that record. The last
//! output line is JSON.

use std::time::Duration;

use kyhop_domain::{BallotContent, Choice, OptionKind, Poll, PollKind, PollOption, Rating};
use kyhop_tally::{
    count, BallotSealer, CountingKey, EncryptedSum, SealedPollKey, VerificationRecord,
};

/// CPU time this thread has run so far.
fn thread_cpu() -> Duration {
    cpu_time::ThreadTime::now().as_duration()
}

fn poll(kind: PollKind, options: usize) -> Poll {
    let option_kinds: Vec<OptionKind> = match kind {
        PollKind::Secret => vec![OptionKind::Yes, OptionKind::No, OptionKind::Abstain],
        PollKind::Election => vec![OptionKind::Candidate; options],
        _ => vec![OptionKind::Official; options],
    };
    let options = option_kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| PollOption {
            id: i as i64 + 1,
            position: i as u32 + 1,
            kind,
            label: format!("{i}"),
            person_id: Some(i as i64 + 100),
        })
        .collect();
    Poll {
        id: 1,
        max_choices: 3,
        ..Poll::sample(kind, options)
    }
}

fn content(kind: PollKind, i: usize) -> BallotContent {
    match kind {
        PollKind::Secret => {
            BallotContent::Choice([Choice::Yes, Choice::No, Choice::Abstain][i % 3])
        }
        PollKind::Election => {
            BallotContent::Candidates(vec![100 + (i % 10) as i64, 100 + ((i + 3) % 10) as i64])
        }
        _ => BallotContent::Ratings(
            (0..5)
                .map(|o| {
                    (
                        100 + o,
                        [Rating::High, Rating::Medium, Rating::Low][(i + o as usize) % 3],
                    )
                })
                .collect(),
        ),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let ballots: usize = args
        .iter()
        .position(|a| a == "--ballots")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    let counting = CountingKey::generate();
    let mut figures = serde_json::Map::new();
    figures.insert("ballots".into(), ballots.into());
    for (name, kind, options) in [
        ("secret", PollKind::Secret, 3),
        ("election_10_candidates", PollKind::Election, 10),
        ("confidence_5_officials", PollKind::Confidence, 5),
    ] {
        let poll = poll(kind, options);
        let key = SealedPollKey::generate(&counting, poll.id);
        let counters: Vec<_> = (0..ballots)
            .map(|i| poll.counters(&content(kind, i)).expect("fits"))
            .collect();
        let per_ballot = |d: Duration| d.as_secs_f64() * 1e6 / ballots as f64;
        let round = |us: f64| serde_json::Value::from((us * 10.0).round() / 10.0);

        // On receipt, with nothing made ahead.
        let cold = BallotSealer::new(&key.public_key, poll.ballot_layout()).unwrap();
        let start = thread_cpu();
        let sealed: Vec<_> = counters.iter().map(|c| cold.seal(c)).collect();
        let inline = per_ballot(thread_cpu() - start);

        // Made ahead while the poll waits to open, then taken on receipt.
        let warm = BallotSealer::new(&key.public_key, poll.ballot_layout()).unwrap();
        let target = warm.ready_target(ballots);
        let start = thread_cpu();
        while warm.prepare_one(target) {}
        let ahead = per_ballot(thread_cpu() - start);
        let start = thread_cpu();
        let taken: Vec<_> = counters.iter().map(|c| warm.seal(c)).collect();
        let on_receipt = per_ballot(thread_cpu() - start);
        println!(
            "{name}: encrypting on receipt {inline:.0} µs CPU per ballot; with groups made ahead \
             {on_receipt:.0} µs on receipt and {ahead:.0} µs per ballot beforehand; {} bytes each",
            taken[0].ballot.0.len()
        );
        figures.insert(
            format!("encrypt_{name}_inline_cpu_us_per_ballot"),
            round(inline),
        );
        figures.insert(
            format!("encrypt_{name}_on_receipt_cpu_us_per_ballot"),
            round(on_receipt),
        );
        figures.insert(
            format!("encrypt_{name}_ahead_cpu_us_per_ballot"),
            round(ahead),
        );
        if kind == PollKind::Secret {
            let stored: Vec<_> = sealed.iter().map(|s| s.ballot.clone()).collect();
            let mut running = EncryptedSum::zero(3);
            for s in &sealed {
                running.add(&s.sum);
            }
            let opened = key.open(&counting, poll.id).unwrap();
            kyhop_tally::totals_table(ballots as u64);
            let ms = |d: Duration| serde_json::Value::from((d.as_secs_f64() * 1e4).round() / 10.0);
            let start = thread_cpu();
            let counted = count(&poll, &opened, &stored, Some(&running)).unwrap();
            let close = thread_cpu() - start;
            let start = thread_cpu();
            let reread = count(&poll, &opened, &stored, None).unwrap();
            let close_reading = thread_cpu() - start;
            assert_eq!(counted.totals, reread.totals);
            let start = thread_cpu();
            let verified = VerificationRecord::from_json(&counted.record)
                .unwrap()
                .verify()
                .unwrap();
            let verify = thread_cpu() - start;
            assert_eq!(verified.totals.iter().sum::<u64>(), ballots as u64);
            println!(
                "secret, {ballots} ballots: the close counts and proves in {:.1} ms CPU \
                 ({:.1} ms when it must read every ballot back, after a restart); \
                 verifying the record {:.1} ms CPU; record {} KiB",
                close.as_secs_f64() * 1e3,
                close_reading.as_secs_f64() * 1e3,
                verify.as_secs_f64() * 1e3,
                counted.record.len() / 1024
            );
            figures.insert("close_count_cpu_ms".into(), ms(close));
            figures.insert("close_count_reading_back_cpu_ms".into(), ms(close_reading));
            figures.insert("verify_record_cpu_ms".into(), ms(verify));
            figures.insert("record_kib".into(), (counted.record.len() / 1024).into());
        }
    }
    println!("{}", serde_json::Value::Object(figures));
}
