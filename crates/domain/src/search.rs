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
    folded_chars(word).collect()
}

fn folded_chars(word: &str) -> impl Iterator<Item = char> + '_ {
    word.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
}

/// The folded words of what someone typed.
pub fn query_terms(query: &str) -> Vec<String> {
    words(query).map(|(_, w)| fold_word(w)).collect()
}

/// What a search index keeps of a text, or looks up for a query: every
/// folded syllable, and every two syllables that follow one another within
/// a phrase, joined by "_" ("ngân sách" → "ngan_sach"). A Vietnamese word
/// is mostly two or three syllables, and the same syllables recombine into
/// other words ("ngân hàng", "sách giáo khoa"), so a pair matches what the
/// reader means far better than its syllables do apart.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct IndexTerms {
    pub syllables: Vec<String>,
    /// Pairs do not reach across punctuation: "kinh tế - xã hội" has
    /// "kinh_te" and "xa_hoi", not "te_xa".
    pub pairs: Vec<String>,
}

pub fn index_terms(text: &str) -> IndexTerms {
    let mut terms = IndexTerms::default();
    let mut previous: Option<(usize, String)> = None;
    for (at, word) in words(text) {
        let folded = fold_word(word);
        if let Some((end, before)) = &previous {
            if text[*end..at].chars().all(char::is_whitespace) {
                terms.pairs.push(format!("{before}_{folded}"));
            }
        }
        previous = Some((at + word.len(), folded.clone()));
        terms.syllables.push(folded);
    }
    terms
}

/// Words (runs of letters and digits) with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// About `width` words of `text` around the place where most of `terms`
/// come together, HTML-escaped, matches in `<mark>…</mark>`, "…" where the
/// page goes on. One pass over the page: each word is folded once.
pub fn snippet(text: &str, terms: &[String], width: usize) -> String {
    // Each word with the index of the term it matches, if any.
    let all: Vec<(usize, &str, Option<usize>)> = words(text)
        .map(|(at, w)| {
            let term = terms.iter().position(|t| folded_chars(w).eq(t.chars()));
            (at, w, term)
        })
        .collect();
    if all.is_empty() {
        return String::new();
    }
    let width = width.max(1).min(all.len());
    // The window holding the most distinct terms; the earliest among equals.
    let mut in_window = vec![0usize; terms.len()];
    let mut distinct = 0;
    let mut best = (0, 0);
    for (i, &(_, _, term)) in all.iter().enumerate() {
        if let Some(t) = term {
            in_window[t] += 1;
            if in_window[t] == 1 {
                distinct += 1;
            }
        }
        if i >= width {
            if let Some(t) = all[i - width].2 {
                in_window[t] -= 1;
                if in_window[t] == 0 {
                    distinct -= 1;
                }
            }
        }
        if i + 1 >= width && distinct > best.1 {
            best = (i + 1 - width, distinct);
        }
    }
    // Start a little before the first match, as a reader would quote it.
    let first_match = all[best.0..]
        .iter()
        .position(|w| w.2.is_some())
        .unwrap_or(0)
        + best.0;
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
        if matched.is_some() {
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

    #[test]
    fn snippets_show_where_most_terms_meet_and_start_a_little_before() {
        let filler = "lorem ".repeat(40);
        let text = format!("ngân {filler} ngân sách tỉnh {filler}");
        let s = snippet(&text, &query_terms("ngan sach"), 8);
        assert_eq!(
            s,
            "…lorem lorem <mark>ngân</mark> <mark>sách</mark> tỉnh lorem lorem lorem…"
        );
    }

    #[test]
    fn index_terms_pair_syllables_within_a_phrase_only() {
        let t = index_terms("Ngân sách nhà nước; kinh tế - xã hội");
        assert_eq!(
            t.syllables,
            ["ngan", "sach", "nha", "nuoc", "kinh", "te", "xa", "hoi"]
        );
        assert_eq!(
            t.pairs,
            ["ngan_sach", "sach_nha", "nha_nuoc", "kinh_te", "xa_hoi"]
        );
        assert_eq!(index_terms("Đầu tư").pairs, index_terms("dau  tu").pairs);
        assert_eq!(index_terms(" , ").syllables.len(), 0);
    }
}
