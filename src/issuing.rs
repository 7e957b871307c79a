//! Issuing a resolution: number it, render it, sign it, keep it.
//!
//! The order matters for the rule that a number is never reused: the keys
//! are opened first (a wrong password or PIN fails here, before anything is
//! numbered), then the number is taken and committed, then the PDF is
//! rendered and signed — chair, then seal, each an incremental update —
//! and stored. If anything fails after the number was taken, the number is
//! marked void and stays used.

use chrono::{Datelike, NaiveDate, Utc};

use crate::domain::{date_line, Resolution};
use crate::pdf::resolution::{render, RenderedResolution, ResolutionSheet};
use crate::store::{Store, StoreError};

/// "KHÓA XVI, KỲ HỌP THỨ 23" when the term is named "Khóa …", else "KỲ HỌP THỨ 23".
fn session_line(term_name: &str, session_number: u32) -> String {
    if term_name.to_lowercase().starts_with("khóa") {
        format!("{term_name}, Kỳ họp thứ {session_number}")
    } else {
        format!("Kỳ họp thứ {session_number}")
    }
}

/// Today in Vietnam (UTC+7, no daylight saving).
pub fn vietnam_today() -> NaiveDate {
    (Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// The resolution as a PDF with `number` and `date` printed on it (an
/// unsigned preview when the number is a blank).
pub async fn render_resolution(
    store: &dyn Store,
    resolution: &Resolution,
    number: &str,
    date: NaiveDate,
) -> Result<RenderedResolution, StoreError> {
    let council = store.council(resolution.council_id).await?;
    let session = store.session(resolution.session_id).await?;
    let term = store.term(session.term_id).await?;
    let line = session_line(&term.name, session.number);
    let dated = date_line(&council.settings.place_name, date);
    let content = resolution.content.clone();
    let council_name = council.name.clone();
    let number = number.to_owned();
    // Typesetting is CPU work: off the async workers.
    tokio::task::spawn_blocking(move || {
        render(&ResolutionSheet {
            council_name: &council_name,
            session_line: &line,
            number: &number,
            date_line: &dated,
            content: &content,
        })
    })
    .await
    .map_err(|e| StoreError::Corrupt(format!("rendering failed: {e}")))
}

/// The number line of a draft preview: the number is given only at issue.
pub fn draft_number(resolution: &Resolution) -> String {
    let year = vietnam_today().year();
    if resolution.content.normative {
        format!("      /{year}/NQ-HĐND")
    } else {
        "      /NQ-HĐND".into()
    }
}

#[cfg(test)]
mod tests {
    use super::session_line;

    #[test]
    fn names_the_term_when_it_is_a_khoa() {
        assert_eq!(session_line("Khóa XVI", 23), "Khóa XVI, Kỳ họp thứ 23");
        assert_eq!(session_line("Nhiệm kỳ 2026-2031", 2), "Kỳ họp thứ 2");
    }
}
