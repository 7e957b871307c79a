//! The minutes as a PDF, with the same typography as a resolution.

use super::{outline, Block, Minutes};
use crate::pdf::compose::{mm, Align, Composer, Frame, Paragraph, TextStyle, A4_HEIGHT};
use crate::pdf::fonts::Style;
use crate::pdf::letterhead::letterhead;
use kyhop_domain::date_line;

/// The page of every session paper: A4 with NĐ 30's margins.
pub(super) fn page_frame() -> Frame {
    Frame {
        left: mm(30.0),
        right: mm(195.0),
        top: A4_HEIGHT - mm(20.0),
        bottom: mm(20.0),
    }
}

/// Writes an outline's blocks in the resolution's typography.
pub(super) fn write_blocks(c: &mut Composer, blocks: impl IntoIterator<Item = Block>) {
    let p = |style: Style, align: Align, indent: f32, after: f32| Paragraph {
        text: TextStyle::new(style, 14.0),
        align,
        first_indent: indent,
        leading: 16.8,
        space_after: after,
    };
    for block in blocks {
        match block {
            Block::Title(t) => c.paragraph(&t, p(Style::Bold, Align::Center, 0.0, 2.0)),
            Block::Subtitle(t) => c.paragraph(&t, p(Style::Bold, Align::Center, 0.0, 10.0)),
            Block::Heading(t) => {
                c.ensure(40.0);
                c.paragraph(&t, p(Style::Bold, Align::Left, 0.0, 6.0));
            }
            Block::Item(t) => {
                c.ensure(40.0);
                c.paragraph(&t, p(Style::Bold, Align::Justify, 36.0, 4.0));
            }
            Block::Text(t) => c.paragraph(&t, p(Style::Regular, Align::Justify, 36.0, 6.0)),
            Block::Line(t) => c.paragraph(&t, p(Style::Regular, Align::Left, 0.0, 1.0)),
        }
    }
}

/// A paper in the resolution's typography: the issuer's letterhead with its
/// number and date lines, the text, and the signature block.
#[derive(Debug, Clone)]
pub struct Paper {
    /// The PDF's document title.
    pub pdf_title: String,
    /// Who issues it; a second line after a line break names a body within
    /// ("Hội đồng nhân dân thành phố Hải Phòng\nBan Kinh tế - Ngân sách").
    pub issuer: String,
    /// "Số: 215/TTr-UBND" (empty for none).
    pub number_line: String,
    pub date_line: String,
    pub blocks: Vec<Block>,
    /// Who signs, in capitals: "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH".
    pub sign_lines: Vec<String>,
    /// The signer's name under the space for the signature, if printed.
    pub signer_name: Option<String>,
}

/// Typesets `paper` on A4 pages, numbered from the second.
pub fn paper_pdf(paper: &Paper) -> Vec<u8> {
    let mut c = Composer::new(&paper.pdf_title, page_frame());
    write_paper(&mut c, paper);
    c.finish(2)
}

/// Writes `paper` from the top of the current page.
pub(super) fn write_paper(c: &mut Composer, paper: &Paper) {
    letterhead(c, &paper.issuer, &paper.number_line, &paper.date_line);
    write_blocks(c, paper.blocks.iter().cloned());
    sign_off(c, &paper.sign_lines, paper.signer_name.as_deref());
}

/// The signature block at the right of the page: who signs, in capitals,
/// the space for the signature, and the signer's name when given.
fn sign_off(c: &mut Composer, lines: &[String], signer_name: Option<&str>) {
    c.ensure(130.0);
    c.space(10.0);
    let mid = (c.frame.left + c.frame.right) / 2.0;
    let bold = TextStyle::new(Style::Bold, 14.0);
    let mut y = c.y - 14.0;
    for line in lines {
        c.line_at(mid, c.frame.right, y, line, bold, Align::Center);
        y -= 17.0;
    }
    y -= 70.0;
    if let Some(name) = signer_name {
        c.line_at(mid, c.frame.right, y, name, bold, Align::Center);
    }
    c.y = y - 13.0;
}

/// The standing committee's signature, under which the council's notices go.
pub(super) fn standing_committee() -> Vec<String> {
    vec![
        "TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN".into(),
        "CHỦ TỊCH".into(),
    ]
}

pub fn minutes_pdf(m: &Minutes, date: chrono::NaiveDate) -> Vec<u8> {
    let mut c = Composer::new("Biên bản kỳ họp", page_frame());
    letterhead(
        &mut c,
        &m.council_name,
        "Số:      /BB-HĐND",
        &date_line(&m.place_name, date),
    );
    write_blocks(&mut c, outline(m));
    // Signatures of the secretary and the chair of the session.
    c.ensure(110.0);
    c.space(10.0);
    let mid = (c.frame.left + c.frame.right) / 2.0;
    let bold = TextStyle::new(Style::Bold, 14.0);
    let y = c.y - 14.0;
    c.line_at(c.frame.left, mid, y, "THƯ KÝ KỲ HỌP", bold, Align::Center);
    c.line_at(mid, c.frame.right, y, "CHỦ TỌA KỲ HỌP", bold, Align::Center);
    c.y = y - 80.0;
    c.finish(2)
}
