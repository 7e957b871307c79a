//! The head of an official document (Nghị định 30/2020, Phụ lục I): the
//! issuing body in capitals with a short rule and the number on the left;
//! the national name, the motto with a rule as long as itself, and the place
//! and date in italics on the right.

use unicode_normalization::UnicodeNormalization;

use super::compose::{Align, Composer, TextStyle};
use super::fonts::Style;

/// Width of the left column (issuing body, number).
const LEFT_COLUMN: f32 = 175.0;

pub fn upper(s: &str) -> String {
    s.to_uppercase().nfc().collect()
}

/// "HỘI ĐỒNG NHÂN DÂN" (or "ỦY BAN NHÂN DÂN") on one line and the place on
/// the next, as councils write it; an issuer given on two lines — a body
/// and the committee within it — keeps its two lines.
fn body_lines(issuer: &str) -> Vec<String> {
    let lines: Vec<String> = issuer.lines().map(|l| upper(l.trim())).collect();
    if let [name] = lines.as_slice() {
        for body in ["HỘI ĐỒNG NHÂN DÂN", "ỦY BAN NHÂN DÂN"] {
            if let Some(rest) = name.strip_prefix(body).and_then(|r| r.strip_prefix(' ')) {
                return vec![body.to_owned(), rest.trim().to_owned()];
            }
        }
    }
    lines
}

pub fn letterhead(c: &mut Composer, council_name: &str, number_line: &str, date_line: &str) {
    let left = (c.frame.left, c.frame.left + LEFT_COLUMN);
    let right = (c.frame.left + LEFT_COLUMN, c.frame.right);
    let bold13 = TextStyle::new(Style::Bold, 13.0);
    let mut y = c.frame.top - 13.0;
    let lines = body_lines(council_name);
    for line in &lines {
        c.line_at(left.0, left.1, y, line, bold13, Align::Center);
        y -= 15.0;
    }
    let widest = lines
        .iter()
        .map(|l| Composer::width_of(l, bold13))
        .fold(0.0, f32::max);
    c.rule((left.0 + left.1) / 2.0, widest / 3.0, y + 10.0);
    let number_baseline = y - 12.0;
    c.line_at(
        left.0,
        left.1,
        number_baseline,
        number_line,
        TextStyle::new(Style::Regular, 13.0),
        Align::Center,
    );

    let mut y = c.frame.top - 13.0;
    c.line_at(
        right.0,
        right.1,
        y,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        TextStyle::new(Style::Bold, 12.0),
        Align::Center,
    );
    y -= 15.0;
    let motto = "Độc lập - Tự do - Hạnh phúc";
    let motto_style = TextStyle::new(Style::Bold, 13.0);
    c.line_at(right.0, right.1, y, motto, motto_style, Align::Center);
    c.rule(
        (right.0 + right.1) / 2.0,
        Composer::width_of(motto, motto_style),
        y - 3.0,
    );
    c.line_at(
        right.0,
        right.1,
        number_baseline,
        date_line,
        TextStyle::new(Style::Italic, 13.0),
        Align::Center,
    );
    c.y = number_baseline - 24.0;
}
