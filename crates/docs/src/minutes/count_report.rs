//! The ballot-count report of a secret poll (biên bản kiểm phiếu): seats,
//! delegates present, ballots issued, returned, valid and invalid, then
//! each count with its share of the total seats.

use crate::pdf::compose::{Align, Composer, Paragraph, TextStyle};
use crate::pdf::fonts::Style;
use crate::pdf::letterhead::letterhead;
use kyhop_domain::vi::percent;
use kyhop_domain::{date_line, Poll, PollResult};

/// The figures of the report, from a closed poll's result.
pub fn count_lines(poll: &Poll, result: &PollResult) -> Vec<String> {
    let seats = u64::from(result.total_seats);
    let returned = u64::from(result.ballots_cast);
    // An electronic ballot is issued to each delegate present and cannot be
    // spoiled; a confidence ballot that leaves an official unrated is
    // invalid for that official only (shown with the official).
    let mut lines = vec![
        format!("Tổng số đại biểu Hội đồng nhân dân: {seats}."),
        format!("Số đại biểu có mặt: {}.", result.present),
        format!("Số phiếu phát ra: {}.", result.present),
        format!("Số phiếu thu vào: {returned}."),
        format!("Số phiếu hợp lệ: {returned}."),
        "Số phiếu không hợp lệ: 0.".to_owned(),
    ];
    if result.officials.is_empty() {
        lines.extend(result.options.iter().map(|o| {
            format!(
                "{}: {} phiếu, bằng {} tổng số đại biểu.",
                o.label, o.count, o.percent_of_seats
            )
        }));
    } else {
        for o in &result.officials {
            lines.push(format!(
                "{}: tín nhiệm cao {} phiếu ({}); tín nhiệm {} phiếu ({}); tín nhiệm thấp {} phiếu ({}); không đánh giá {} phiếu ({}).",
                o.label,
                o.high,
                o.high_percent,
                o.medium,
                o.medium_percent,
                o.low,
                o.low_percent,
                o.invalid,
                percent(o.invalid, seats)
            ));
        }
    }
    if let Some(sha256) = &result.verification_sha256 {
        // In groups of 16, so that it wraps and can be read aloud and compared.
        let groups: Vec<&str> = sha256
            .as_bytes()
            .chunks(16)
            .filter_map(|c| std::str::from_utf8(c).ok())
            .collect();
        lines.push(format!(
            "Hồ sơ kiểm chứng kết quả (mã SHA-256; kiểm tra bằng lệnh kyhop poll verify): {}.",
            groups.join(" ")
        ));
    }
    if let Some(passed) = result.passed {
        lines.push(format!(
            "Kết quả: {} ({}).",
            if passed {
                "THÔNG QUA"
            } else {
                "KHÔNG THÔNG QUA"
            },
            poll.title
        ));
    }
    lines
}

/// The report as a PDF; `anchors` are the event chains' heads as printed
/// ([`kyhop_domain::ChainAnchor::text`]).
pub fn count_report_pdf(
    council_name: &str,
    place_name: &str,
    poll: &Poll,
    result: &PollResult,
    date: chrono::NaiveDate,
    anchors: &[String],
) -> Vec<u8> {
    let mut c = Composer::new("Biên bản kiểm phiếu", super::pdf::page_frame());
    letterhead(
        &mut c,
        council_name,
        "Số:      /BB-KP",
        &date_line(place_name, date),
    );
    let p = |style: Style, align: Align, indent: f32| Paragraph {
        text: TextStyle::new(style, 14.0),
        align,
        first_indent: indent,
        leading: 16.8,
        space_after: 6.0,
    };
    c.paragraph("BIÊN BẢN KIỂM PHIẾU", p(Style::Bold, Align::Center, 0.0));
    c.paragraph(&poll.title, p(Style::Bold, Align::Center, 0.0));
    c.space(6.0);
    for line in count_lines(poll, result) {
        c.paragraph(&line, p(Style::Regular, Align::Justify, 36.0));
    }
    if !anchors.is_empty() {
        c.paragraph(
            super::outline::ANCHOR_INTRO,
            p(Style::Regular, Align::Justify, 36.0),
        );
        for anchor in anchors {
            c.paragraph(anchor, p(Style::Regular, Align::Left, 36.0));
        }
    }
    c.ensure(100.0);
    c.space(10.0);
    let mid = (c.frame.left + c.frame.right) / 2.0;
    let y = c.y - 14.0;
    c.line_at(
        mid,
        c.frame.right,
        y,
        "TM. BAN KIỂM PHIẾU",
        TextStyle::new(Style::Bold, 14.0),
        Align::Center,
    );
    c.line_at(
        mid,
        c.frame.right,
        y - 16.8,
        "TRƯỞNG BAN",
        TextStyle::new(Style::Bold, 14.0),
        Align::Center,
    );
    c.finish(2)
}
