//! The session's agenda as a paper to print and send with the convening
//! notice (chương trình kỳ họp): when and where, its sittings, and every
//! item with its label, presenter and planned time, in the resolution's
//! typography.

use chrono::{DateTime, NaiveDate, Utc};

use super::pdf::{page_frame, write_blocks};
use super::{local_time, Block};
use crate::pdf::compose::{Align, Composer, TextStyle};
use crate::pdf::fonts::Style;
use crate::pdf::letterhead::letterhead;
use kyhop_domain::date_line;

/// What the agenda paper says.
#[derive(Debug, Clone)]
pub struct AgendaPaper {
    pub council_name: String,
    pub place_name: String,
    pub term_name: String,
    pub session_number: u32,
    pub session_title: String,
    pub place: String,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    /// (title, start) of each sitting, in order.
    pub sittings: Vec<(String, DateTime<Utc>)>,
    pub items: Vec<AgendaLine>,
}

/// One item as printed.
#[derive(Debug, Clone)]
pub struct AgendaLine {
    /// "1", "2.1"…
    pub label: String,
    pub title: String,
    pub presenter: String,
    pub planned_minutes: u32,
}

/// The paper's text, block by block.
pub fn agenda_outline(p: &AgendaPaper) -> Vec<Block> {
    use Block::*;
    let mut out = vec![
        Title("CHƯƠNG TRÌNH".into()),
        Subtitle(format!(
            "Kỳ họp thứ {} – {} ({})",
            p.session_number, p.session_title, p.term_name
        )),
        Text(format!(
            "Thời gian: từ ngày {} đến ngày {}. Địa điểm: {}.",
            p.planned_start.format("%d/%m/%Y"),
            p.planned_end.format("%d/%m/%Y"),
            p.place
        )),
    ];
    if !p.sittings.is_empty() {
        out.push(Heading("I. CÁC PHIÊN HỌP".into()));
        out.extend(
            p.sittings
                .iter()
                .map(|(title, at)| Line(format!("- {title}: bắt đầu lúc {}", local_time(*at)))),
        );
    }
    out.push(Heading(
        if p.sittings.is_empty() {
            "NỘI DUNG"
        } else {
            "II. NỘI DUNG"
        }
        .into(),
    ));
    for item in &p.items {
        out.push(Item(format!("{}. {}", item.label, item.title)));
        let mut details = Vec::new();
        if !item.presenter.is_empty() {
            details.push(format!("Trình bày: {}", item.presenter));
        }
        if item.planned_minutes > 0 {
            details.push(format!("dự kiến {} phút", item.planned_minutes));
        }
        if !details.is_empty() {
            out.push(Text(format!("{}.", details.join("; "))));
        }
    }
    out
}

/// The agenda as a PDF, dated `date`, for the council's standing committee to sign.
pub fn agenda_pdf(p: &AgendaPaper, date: NaiveDate) -> Vec<u8> {
    let mut c = Composer::new("Chương trình kỳ họp", page_frame());
    letterhead(
        &mut c,
        &p.council_name,
        "Số:      /CTr-HĐND",
        &date_line(&p.place_name, date),
    );
    write_blocks(&mut c, agenda_outline(p));
    c.ensure(110.0);
    c.space(10.0);
    let mid = (c.frame.left + c.frame.right) / 2.0;
    let bold = TextStyle::new(Style::Bold, 14.0);
    let y = c.y - 14.0;
    c.line_at(
        mid,
        c.frame.right,
        y,
        "TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN",
        bold,
        Align::Center,
    );
    c.line_at(
        mid,
        c.frame.right,
        y - 17.0,
        "CHỦ TỊCH",
        bold,
        Align::Center,
    );
    c.y = y - 100.0;
    c.finish(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_agenda_lists_sittings_and_items_with_their_presenters() {
        let paper = AgendaPaper {
            council_name: "Hội đồng nhân dân xã Thuận Thành".into(),
            place_name: "Thuận Thành".into(),
            term_name: "Khóa XIII".into(),
            session_number: 12,
            session_title: "Kỳ họp thường lệ cuối năm 2026".into(),
            place: "Hội trường UBND xã".into(),
            planned_start: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
            planned_end: NaiveDate::from_ymd_opt(2026, 12, 9).unwrap(),
            sittings: vec![(
                "Phiên khai mạc".into(),
                chrono::DateTime::parse_from_rfc3339("2026-12-08T01:30:00Z")
                    .unwrap()
                    .to_utc(),
            )],
            items: vec![
                AgendaLine {
                    label: "1".into(),
                    title: "Khai mạc kỳ họp".into(),
                    presenter: "Chủ tịch HĐND xã".into(),
                    planned_minutes: 15,
                },
                AgendaLine {
                    label: "1.1".into(),
                    title: "Báo cáo thẩm tra".into(),
                    presenter: String::new(),
                    planned_minutes: 0,
                },
            ],
        };
        let blocks = agenda_outline(&paper);
        assert_eq!(blocks[0], Block::Title("CHƯƠNG TRÌNH".into()));
        assert!(blocks.contains(&Block::Line(
            "- Phiên khai mạc: bắt đầu lúc 08:30 ngày 08/12/2026".into()
        )));
        assert!(blocks.contains(&Block::Item("1. Khai mạc kỳ họp".into())));
        assert!(blocks.contains(&Block::Text(
            "Trình bày: Chủ tịch HĐND xã; dự kiến 15 phút.".into()
        )));
        // Nothing to say about an item without presenter or time.
        let after = blocks
            .iter()
            .position(|b| *b == Block::Item("1.1. Báo cáo thẩm tra".into()))
            .unwrap();
        assert_eq!(blocks.len(), after + 1);
        assert!(
            agenda_pdf(&paper, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).starts_with(b"%PDF")
        );
    }
}
