//! The session's agenda as a paper to print and send with the convening
//! notice (chương trình kỳ họp): when and where, its sittings, and every
//! item with its label, presenter and planned time, in the resolution's
//! typography.

use chrono::NaiveDate;

use super::heading::SessionHeading;
use super::pdf::{paper_pdf, standing_committee, Paper};
use super::{local_time, Block};
use kyhop_domain::date_line;

/// What the agenda paper says.
#[derive(Debug, Clone)]
pub struct AgendaPaper {
    pub heading: SessionHeading,
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
    let h = &p.heading;
    let mut out = vec![
        Title("CHƯƠNG TRÌNH".into()),
        Subtitle(h.session_name()),
        Text(format!(
            "Thời gian: từ ngày {} đến ngày {}. Địa điểm: {}.",
            h.planned_start.format("%d/%m/%Y"),
            h.planned_end.format("%d/%m/%Y"),
            h.place
        )),
    ];
    if !h.sittings.is_empty() {
        out.push(Heading("I. CÁC PHIÊN HỌP".into()));
        out.extend(
            h.sittings
                .iter()
                .map(|(title, at)| Line(format!("- {title}: bắt đầu lúc {}", local_time(*at)))),
        );
    }
    out.push(Heading(
        if h.sittings.is_empty() {
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
    paper_pdf(&Paper {
        pdf_title: "Chương trình kỳ họp".into(),
        issuer: p.heading.council_name.clone(),
        number_line: "Số:      /CTr-HĐND".into(),
        date_line: date_line(&p.heading.place_name, date),
        blocks: agenda_outline(p),
        sign_lines: standing_committee(),
        signer_name: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_agenda_lists_sittings_and_items_with_their_presenters() {
        let paper = AgendaPaper {
            heading: super::super::heading::tests::heading(),
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
