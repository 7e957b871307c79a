//! A small typesetter for the documents KyHop writes (resolutions, minutes):
//! A4 pages, the shipped serif font, paragraphs broken into lines and
//! justified, rules, page numbers. printpdf draws; this decides where.
//!
//! Justified lines keep their real space characters (so `pdftotext` gives
//! the text back exactly) and widen each space with a TJ offset: PDF's own
//! word spacing (`Tw`) does not apply to the two-byte codes of an embedded
//! Unicode font.

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, Point, Pt, Rgb,
    TextItem,
};

use super::fonts::{Face, Style};

pub const A4_WIDTH: f32 = 595.28;
pub const A4_HEIGHT: f32 = 841.89;

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub style: Style,
    pub size: f32,
}

impl TextStyle {
    pub const fn new(style: Style, size: f32) -> Self {
        Self { style, size }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    /// Both edges straight; the last line of a paragraph starts left.
    Justify,
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paragraph {
    pub text: TextStyle,
    pub align: Align,
    /// Indent of the first line, in points.
    pub first_indent: f32,
    /// Distance between baselines, in points.
    pub leading: f32,
    /// Space after the paragraph, in points.
    pub space_after: f32,
}

/// The writing area of every page, in points from the bottom left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

/// A place on a page (1-based page number), for what is added later
/// (signature images).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub page: usize,
    pub rect: [f32; 4],
}

pub struct Composer {
    doc: PdfDocument,
    fonts: Vec<(Style, FontId)>,
    pages: Vec<Vec<Op>>,
    pub frame: Frame,
    /// The top of the next line on the current page.
    pub y: f32,
}

impl Composer {
    pub fn new(title: &str, frame: Frame) -> Self {
        let mut doc = PdfDocument::new(title);
        let fonts = Style::ALL
            .iter()
            .map(|&s| (s, doc.add_font(&Face::get(s).parsed)))
            .collect();
        Self {
            doc,
            fonts,
            pages: vec![Vec::new()],
            frame,
            y: frame.top,
        }
    }

    /// The current page, from 1.
    pub fn page(&self) -> usize {
        self.pages.len()
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.frame.top;
    }

    /// Starts a new page unless `height` points still fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y - height < self.frame.bottom {
            self.new_page();
        }
    }

    pub fn space(&mut self, points: f32) {
        self.y -= points;
    }

    fn font(&self, style: Style) -> FontId {
        self.fonts
            .iter()
            .find(|(s, _)| *s == style)
            .map(|(_, id)| id.clone())
            .unwrap_or_else(|| self.fonts[0].1.clone())
    }

    pub fn width_of(text: &str, style: TextStyle) -> f32 {
        Face::get(style.style).width(text, style.size)
    }

    /// One line of text with its baseline at `y`, starting at `x`; `gaps`
    /// widens every space by that many points.
    fn show(&mut self, x: f32, y: f32, text: &str, style: TextStyle, gaps: f32) {
        let items = if gaps.abs() < 0.01 {
            vec![TextItem::Text(text.to_owned())]
        } else {
            let offset = -gaps / style.size * 1000.0;
            let mut items = Vec::new();
            let mut words = text.split(' ').peekable();
            while let Some(word) = words.next() {
                if words.peek().is_some() {
                    items.push(TextItem::Text(format!("{word} ")));
                    items.push(TextItem::Offset(offset));
                } else {
                    items.push(TextItem::Text(word.to_owned()));
                }
            }
            items
        };
        let font = self.font(style.style);
        let ops = self.pages.last_mut().expect("a composer always has a page");
        ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(style.size),
            },
            Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            },
            Op::ShowText { items },
            Op::EndTextSection,
        ]);
    }

    /// A single line at a fixed place, aligned within `x0..x1`.
    pub fn line_at(
        &mut self,
        x0: f32,
        x1: f32,
        baseline: f32,
        text: &str,
        style: TextStyle,
        align: Align,
    ) {
        let x = match align {
            Align::Center => x0 + ((x1 - x0) - Self::width_of(text, style)) / 2.0,
            Align::Left | Align::Justify => x0,
        };
        self.show(x, baseline, text, style, 0.0);
    }

    /// A horizontal rule of `length` points centred on `centre`, just under `baseline`.
    pub fn rule(&mut self, centre: f32, length: f32, y: f32) {
        let ops = self.pages.last_mut().expect("a composer always has a page");
        ops.extend([
            Op::SetOutlineColor {
                col: Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)),
            },
            Op::SetOutlineThickness { pt: Pt(0.6) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: Pt(centre - length / 2.0),
                                y: Pt(y),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: Pt(centre + length / 2.0),
                                y: Pt(y),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    /// Breaks `text` into lines that fit `width` (the first `first_indent` narrower).
    pub fn break_lines(text: &str, style: TextStyle, width: f32, first_indent: f32) -> Vec<String> {
        let face = Face::get(style.style);
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let room = if lines.is_empty() {
                width - first_indent
            } else {
                width
            };
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if !line.is_empty() && face.width(&candidate, style.size) > room {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Sets a paragraph across the frame's width (or `x0..x1`), breaking
    /// pages as it goes.
    pub fn paragraph(&mut self, text: &str, p: Paragraph) {
        self.paragraph_in(self.frame.left, self.frame.right, text, p);
    }

    pub fn paragraph_in(&mut self, x0: f32, x1: f32, text: &str, p: Paragraph) {
        let width = x1 - x0;
        let lines = Self::break_lines(text, p.text, width, p.first_indent);
        let count = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            self.ensure(p.leading);
            self.y -= p.leading;
            let indent = if i == 0 { p.first_indent } else { 0.0 };
            let natural = Self::width_of(&line, p.text);
            let spaces = line.matches(' ').count();
            match p.align {
                Align::Justify if i + 1 < count && spaces > 0 => {
                    let gaps = (width - indent - natural) / spaces as f32;
                    self.show(x0 + indent, self.y, &line, p.text, gaps);
                }
                Align::Center => {
                    self.show(x0 + (width - natural) / 2.0, self.y, &line, p.text, 0.0);
                }
                _ => self.show(x0 + indent, self.y, &line, p.text, 0.0),
            }
        }
        self.y -= p.space_after;
    }

    /// The finished PDF; page numbers centred in the top margin from page
    /// `numbers_from` on.
    pub fn finish(mut self, numbers_from: usize) -> Vec<u8> {
        let style = TextStyle::new(Style::Regular, 13.0);
        let total = self.pages.len();
        let centre = (self.frame.left + self.frame.right) / 2.0;
        let baseline = self.frame.top + (A4_HEIGHT - self.frame.top) / 2.0 - 4.0;
        for page in numbers_from..=total {
            let number = page.to_string();
            let x = centre - Self::width_of(&number, style) / 2.0;
            let font = self.font(style.style);
            self.pages[page - 1].extend([
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(font),
                    size: Pt(style.size),
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: Pt(x),
                        y: Pt(baseline),
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(number)],
                },
                Op::EndTextSection,
            ]);
        }
        let pages = self
            .pages
            .into_iter()
            .map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops))
            .collect();
        super::save(self.doc.with_pages(pages))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fit_their_width_and_keep_every_word() {
        let style = TextStyle::new(Style::Regular, 14.0);
        let text = "Hội đồng nhân dân thành phố quyết nghị phê chuẩn dự toán thu ngân sách nhà nước trên địa bàn và chi ngân sách địa phương năm 2027 như sau";
        let lines = Composer::break_lines(text, style, 200.0, 30.0);
        assert!(lines.len() > 2);
        assert!(Composer::width_of(&lines[0], style) <= 170.0);
        for line in &lines[1..] {
            assert!(Composer::width_of(line, style) <= 200.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }
}
