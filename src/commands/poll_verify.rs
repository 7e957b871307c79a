//! `kyhop poll verify FILE`: checks a secret poll's verification record
//! without the server, the database or any key.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use kyhop_tally::VerificationRecord;
use sha2::{Digest, Sha256};

/// Prints what the record proves (or why it does not) as JSON; the exit
/// code says whether it checks out.
pub fn run(file: &Path) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let checked = VerificationRecord::from_json(&bytes).and_then(|r| r.verify());
    let (report, code) = match checked {
        Ok(verified) => (
            serde_json::json!({
                "valid": true,
                "sha256": sha256,
                "poll_id": verified.poll_id,
                "ballots": verified.ballots,
                "totals": verified.counters.iter().zip(&verified.totals).map(|(c, t)| serde_json::json!({
                    "option_id": c.option_id,
                    "label": c.label,
                    "rating": c.rating,
                    "total": t,
                })).collect::<Vec<_>>(),
            }),
            ExitCode::SUCCESS,
        ),
        Err(e) => (
            serde_json::json!({ "valid": false, "sha256": sha256, "error": e.to_string() }),
            ExitCode::FAILURE,
        ),
    };
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(code)
}
