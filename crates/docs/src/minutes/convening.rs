//! The convening notice (thông báo triệu tập kỳ họp) sent to every delegate
//! with the agenda, and the invitations (giấy mời) to the officials and
//! guests, one page each: when, where and what, in the resolution's
//! typography, for the standing committee to sign.

use chrono::NaiveDate;

use super::heading::SessionHeading;
use super::pdf::{page_frame, paper_pdf, standing_committee, write_paper, Paper};
use super::Block;
use crate::pdf::compose::Composer;
use kyhop_domain::date_line;

/// What the convening notice says.
#[derive(Debug, Clone)]
pub struct ConveningNotice {
    pub heading: SessionHeading,
    /// The agenda's top-level items, in order.
    pub items: Vec<String>,
}

/// One invitee: an official or a guest of the session.
#[derive(Debug, Clone)]
pub struct Invitee {
    pub full_name: String,
    /// "Chủ tịch UBND xã", with the organisation when known.
    pub position: String,
}

/// The notice's text, block by block.
pub fn convening_outline(n: &ConveningNotice) -> Vec<Block> {
    use Block::*;
    let h = &n.heading;
    let mut out = vec![
        Title("THÔNG BÁO".into()),
        Subtitle(format!("Triệu tập {}", h.session_name())),
        Text(
            "Căn cứ Luật Tổ chức chính quyền địa phương và Quy chế làm việc của Hội đồng nhân dân;"
                .into(),
        ),
        Text(format!(
            "Thường trực Hội đồng nhân dân {} thông báo triệu tập {} như sau:",
            h.place_name,
            h.session_name()
        )),
        Text(format!("1. Thời gian: {}.", h.when())),
        Text(format!("2. Địa điểm: {}.", h.place)),
        Text("3. Nội dung: theo chương trình kỳ họp gửi kèm, gồm:".into()),
    ];
    out.extend(n.items.iter().map(|title| Line(format!("- {title};"))));
    out.extend([
        Text(format!(
            "4. Thành phần: các vị đại biểu Hội đồng nhân dân {}; đại biểu khách mời theo giấy mời.",
            h.place_name
        )),
        Text(
            "Tài liệu kỳ họp được gửi trên hệ thống kỳ họp không giấy. Đề nghị các vị đại biểu \
             sắp xếp công việc, nghiên cứu tài liệu và tham dự đầy đủ kỳ họp."
                .into(),
        ),
    ]);
    out
}

/// The notice as a PDF, dated `date`.
pub fn convening_notice_pdf(n: &ConveningNotice, date: NaiveDate) -> Vec<u8> {
    paper_pdf(&Paper {
        pdf_title: "Thông báo triệu tập kỳ họp".into(),
        issuer: n.heading.council_name.clone(),
        number_line: "Số:      /TB-HĐND".into(),
        date_line: date_line(&n.heading.place_name, date),
        blocks: convening_outline(n),
        sign_lines: standing_committee(),
        signer_name: None,
    })
}

/// One invitation's text.
pub fn invitation_outline(h: &SessionHeading, invitee: &Invitee) -> Vec<Block> {
    use Block::*;
    let mut out = vec![
        Title("GIẤY MỜI".into()),
        Subtitle(format!("Dự {}", h.session_name())),
        Text(format!(
            "Thường trực Hội đồng nhân dân {} trân trọng kính mời:",
            h.place_name
        )),
        Item(format!("Ông (Bà) {}", invitee.full_name)),
    ];
    if !invitee.position.is_empty() {
        out.push(Text(format!("{}.", invitee.position)));
    }
    out.extend([
        Text(format!(
            "Đến dự {} Hội đồng nhân dân {}.",
            h.session_name(),
            h.place_name
        )),
        Text(format!("Thời gian: {}.", h.when())),
        Text(format!("Địa điểm: {}.", h.place)),
        Text("Rất mong Ông (Bà) đến dự đúng giờ.".into()),
    ]);
    out
}

/// Every invitation, one page each, dated `date`.
pub fn invitations_pdf(h: &SessionHeading, invitees: &[Invitee], date: NaiveDate) -> Vec<u8> {
    let mut c = Composer::new("Giấy mời dự kỳ họp", page_frame());
    for (i, invitee) in invitees.iter().enumerate() {
        if i > 0 {
            c.new_page();
        }
        write_paper(
            &mut c,
            &Paper {
                pdf_title: String::new(),
                issuer: h.council_name.clone(),
                number_line: "Số:      /GM-HĐND".into(),
                date_line: date_line(&h.place_name, date),
                blocks: invitation_outline(h, invitee),
                sign_lines: standing_committee(),
                signer_name: None,
            },
        );
    }
    // Each invitation is a letter of its own: no page numbers.
    c.finish(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::super::heading::tests::heading;
    use super::*;

    #[test]
    fn the_notice_says_when_where_and_what() {
        let notice = ConveningNotice {
            heading: heading(),
            items: vec![
                "Khai mạc kỳ họp".into(),
                "Tờ trình về dự toán ngân sách năm 2027".into(),
            ],
        };
        let blocks = convening_outline(&notice);
        assert_eq!(blocks[0], Block::Title("THÔNG BÁO".into()));
        assert!(blocks.contains(&Block::Text(
            "1. Thời gian: khai mạc lúc 08:30 ngày 08/12/2026, họp từ ngày 08/12/2026 đến ngày 09/12/2026.".into()
        )));
        assert!(blocks.contains(&Block::Text("2. Địa điểm: Hội trường UBND xã.".into())));
        assert!(blocks.contains(&Block::Line(
            "- Tờ trình về dự toán ngân sách năm 2027;".into()
        )));
        assert!(
            convening_notice_pdf(&notice, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
                .starts_with(b"%PDF")
        );
    }

    #[test]
    fn an_invitation_names_its_guest() {
        let guest = Invitee {
            full_name: "Trịnh Văn Lộc".into(),
            position: "Chủ tịch UBND xã".into(),
        };
        let blocks = invitation_outline(&heading(), &guest);
        assert!(blocks.contains(&Block::Item("Ông (Bà) Trịnh Văn Lộc".into())));
        assert!(blocks.contains(&Block::Text("Chủ tịch UBND xã.".into())));
        let unnamed_post = Invitee {
            position: String::new(),
            ..guest
        };
        let blocks = invitation_outline(&heading(), &unnamed_post);
        assert!(!blocks.iter().any(|b| *b == Block::Text(".".into())));
    }
}
