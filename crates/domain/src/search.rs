//! What search needs beyond FTS5: Vietnamese folding and snippets.
//!
//! SQLite's `unicode61 remove_diacritics 2` folds case and tone marks, but
//! not "đ", which has no decomposition: "dai bieu" would not find "đại
//! biểu". So the index holds the text with đ/Đ written as d/D (one character
//! for one, so nothing else moves), typed queries are folded the same way,
//! and the snippet is cut from the original page text, with its đ intact.

use unicode_normalization::UnicodeNormalization;

/// The text as it goes into the search index: "đ" → "d", "Đ" → "D".
pub fn index_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// A word as search compares it: lower case, without any diacritic.
pub fn fold_word(word: &str) -> String {
    word.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// The folded words of what someone typed.
pub fn query_terms(query: &str) -> Vec<String> {
    words(query).map(|(_, w)| fold_word(w)).collect()
}

/// Words (runs of letters and digits) with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// About `width` words of `text` around the place where most of `terms`
/// come together, HTML-escaped, matches in `<mark>…</mark>`, "…" where the
/// page goes on.
pub fn snippet(text: &str, terms: &[String], width: usize) -> String {
    let all: Vec<(usize, &str, bool)> = words(text)
        .map(|(at, w)| (at, w, terms.contains(&fold_word(w))))
        .collect();
    if all.is_empty() {
        return String::new();
    }
    let width = width.max(1);
    // The window holding the most distinct terms; the earliest among equals.
    let mut best = (0, 0);
    for start in 0..all.len().saturating_sub(width - 1).max(1) {
        let window = &all[start..(start + width).min(all.len())];
        let mut seen: Vec<String> = window
            .iter()
            .filter(|w| w.2)
            .map(|w| fold_word(w.1))
            .collect();
        seen.sort();
        seen.dedup();
        if seen.len() > best.1 {
            best = (start, seen.len());
        }
    }
    // Start a little before the first match, as a reader would quote it.
    let first_match = all[best.0..].iter().position(|w| w.2).unwrap_or(0) + best.0;
    let start = first_match.saturating_sub(width / 4);
    let end = (start + width).min(all.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    for (i, &(at, word, matched)) in all[start..end].iter().enumerate() {
        if i > 0 {
            let previous_end = all[start + i - 1].0 + all[start + i - 1].1.len();
            escape_into(&mut out, &text[previous_end..at]);
        }
        if matched {
            out.push_str("<mark>");
            escape_into(&mut out, word);
            out.push_str("</mark>");
        } else {
            escape_into(&mut out, word);
        }
    }
    if end < all.len() {
        out.push('…');
    }
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_the_d_with_stroke_that_sqlite_keeps() {
        assert_eq!(index_text("Đại biểu đề nghị"), "Dại biểu dề nghị");
        assert_eq!(
            index_text("Đại biểu").chars().count(),
            "Đại biểu".chars().count()
        );
        assert_eq!(
            query_terms("Đại BIỂU, ngân-sách"),
            ["dai", "bieu", "ngan", "sach"]
        );
        assert_eq!(query_terms("dau tu"), query_terms("đầu tư"));
    }

    #[test]
    fn snippets_keep_the_original_letters_and_mark_the_matches() {
        let text =
            "Căn cứ Luật Ngân sách nhà nước; đại biểu đề nghị tăng đầu tư cho giáo dục <vùng> cao.";
        let s = snippet(text, &query_terms("dau tu giao duc"), 10);
        assert!(
            s.contains("<mark>đầu</mark> <mark>tư</mark> cho <mark>giáo</mark> <mark>dục</mark>"),
            "{s}"
        );
        assert!(s.starts_with('…'), "{s}");
        assert!(s.contains("&lt;vùng&gt;"), "{s}");
        let whole = snippet("Ngân sách", &query_terms("ngan sach"), 16);
        assert_eq!(whole, "<mark>Ngân</mark> <mark>sách</mark>");
        assert_eq!(snippet("", &query_terms("x"), 16), "");
    }
}
