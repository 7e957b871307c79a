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
