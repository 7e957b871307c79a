//! The resolution PDF in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I:
//! A4; margins 20 mm top and bottom, 30 mm left, 15 mm right; the issuing
//! body and the number top left, the national motto and the date top right;
//! the title, the subject with a short rule, the legal bases in italics,
//! "QUYẾT NGHỊ:", the articles justified with a first-line indent, then the
//! recipients on the left and the signature block on the right. Page
//! numbers centred at the top from page 2.

use super::compose::{mm, Align, Composer, Frame, Paragraph, Placement, TextStyle, A4_HEIGHT};
use super::fonts::Style;
use super::letterhead::{letterhead, upper};
use kyhop_domain::ResolutionContent;

/// Everything printed on a resolution.
#[derive(Debug, Clone)]
pub struct ResolutionSheet<'a> {
    /// "Hội đồng nhân dân thành phố Hải Phòng".
    pub council_name: &'a str,
    /// "KHÓA XVI, KỲ HỌP THỨ 23", under the council's name after the title.
    pub session_line: &'a str,
    /// "05/NQ-HĐND".
    pub number: &'a str,
    /// "Hải Phòng, ngày 05 tháng 01 năm 2025".
    pub date_line: &'a str,
    pub content: &'a ResolutionContent,
}

/// The PDF and where its signatures go.
#[derive(Debug, Clone)]
pub struct RenderedResolution {
    pub pdf: Vec<u8>,
    /// The space between the signer's title and name, for the signature image.
    pub signature: Placement,
}

const BODY: TextStyle = TextStyle::new(Style::Regular, 14.0);
const LEADING: f32 = 14.0 * 1.2;
const INDENT: f32 = 36.0; // 1.27 cm
/// Height left free for the signature image.
const SIGNATURE_SPACE: f32 = 78.0;

pub fn render(sheet: &ResolutionSheet) -> RenderedResolution {
    let frame = Frame {
        left: mm(30.0),
        right: mm(210.0 - 15.0),
        top: A4_HEIGHT - mm(20.0),
        bottom: mm(20.0),
    };
    let mut c = Composer::new(&format!("Nghị quyết {}", sheet.number), frame);
    letterhead(
        &mut c,
        sheet.council_name,
        &format!("Số: {}", sheet.number),
        sheet.date_line,
    );
    title(&mut c, sheet);

    let justified = |text: TextStyle| Paragraph {
        text,
        align: Align::Justify,
        first_indent: INDENT,
        leading: LEADING,
        space_after: 6.0,
    };
    let bases = &sheet.content.legal_bases;
    for (i, basis) in bases.iter().enumerate() {
        let end = if i + 1 == bases.len() { '.' } else { ';' };
        c.paragraph(
            &format!("{basis}{end}"),
            justified(TextStyle::new(Style::Italic, 14.0)),
        );
    }
    c.space(4.0);
    c.paragraph(
        "QUYẾT NGHỊ:",
        Paragraph {
            align: Align::Center,
            first_indent: 0.0,
            ..justified(TextStyle::new(Style::Bold, 14.0))
        },
    );
    for (i, article) in sheet.content.articles.iter().enumerate() {
        let heading = format!("Điều {}. {}", i + 1, article.heading);
        c.paragraph(
            heading.trim_end(),
            justified(TextStyle::new(Style::Bold, 14.0)),
        );
        for paragraph in &article.paragraphs {
            for line in paragraph.lines().filter(|l| !l.trim().is_empty()) {
                c.paragraph(line.trim(), justified(BODY));
            }
        }
    }
    let signature = signature_block(&mut c, sheet.content);
    RenderedResolution {
        pdf: c.finish(2),
        signature,
    }
}

fn title(c: &mut Composer, sheet: &ResolutionSheet) {
    let centred = |style: Style| Paragraph {
        text: TextStyle::new(style, 14.0),
        align: Align::Center,
        first_indent: 0.0,
        leading: LEADING,
        space_after: 0.0,
    };
    c.paragraph("NGHỊ QUYẾT", centred(Style::Bold));
    c.paragraph(&sheet.content.subject, centred(Style::Bold));
    let centre = (c.frame.left + c.frame.right) / 2.0;
    // The short rule sits clear of the subject's descenders.
    c.rule(centre, mm(40.0), c.y - 9.0);
    c.space(20.0);
    c.paragraph(&upper(sheet.council_name), centred(Style::Bold));
    if !sheet.session_line.is_empty() {
        c.paragraph(&upper(sheet.session_line), centred(Style::Bold));
    }
    c.space(10.0);
}

/// Recipients on the left, authority, title, signature space and name on
/// the right, kept together on one page.
fn signature_block(c: &mut Composer, content: &ResolutionContent) -> Placement {
    let recipients_height = 16.0 + 13.0 * content.recipients.len() as f32;
    let block_height = (3.0 * LEADING + SIGNATURE_SPACE).max(recipients_height) + 10.0;
    c.space(6.0);
    c.ensure(block_height);
    let top = c.y;
    let split = c.frame.left + (c.frame.right - c.frame.left) * 0.45;
    let right = (split, c.frame.right);

    // Nơi nhận: 12 pt bold italic; recipients 11 pt, "- …;", the last ending ".".
    let mut y = top - 14.0;
    c.line_at(
        c.frame.left,
        split,
        y,
        "Nơi nhận:",
        TextStyle::new(Style::BoldItalic, 12.0),
        Align::Left,
    );
    for (i, recipient) in content.recipients.iter().enumerate() {
        y -= 13.0;
        c.line_at(
            c.frame.left,
            split,
            y,
            &recipient_line(recipient, i + 1 == content.recipients.len()),
            TextStyle::new(Style::Regular, 11.0),
            Align::Left,
        );
    }

    let bold = TextStyle::new(Style::Bold, 14.0);
    let mut y = top - 14.0;
    if !content.authority.is_empty() {
        c.line_at(
            right.0,
            right.1,
            y,
            &upper(&content.authority),
            bold,
            Align::Center,
        );
        y -= LEADING;
    }
    c.line_at(
        right.0,
        right.1,
        y,
        &upper(&content.signer_title),
        bold,
        Align::Center,
    );
    let image_top = y - 6.0;
    let name_baseline = image_top - SIGNATURE_SPACE;
    c.line_at(
        right.0,
        right.1,
        name_baseline,
        &content.signer_name,
        bold,
        Align::Center,
    );
    c.y = name_baseline.min(y) - 6.0;
    let centre = (right.0 + right.1) / 2.0;
    let width = mm(50.0);
    Placement {
        page: c.page(),
        rect: [
            centre - width / 2.0,
            name_baseline + 16.0,
            centre + width / 2.0,
            image_top - 2.0,
        ],
    }
}

/// One line of "Nơi nhận": "- name;" and the last "- name.", whatever
/// punctuation the secretary typed at the end ("Lưu: VT." gives one full
/// stop, not two).
fn recipient_line(recipient: &str, last: bool) -> String {
    let name = recipient
        .trim()
        .trim_end_matches(['.', ';', ','])
        .trim_end();
    format!("- {name}{}", if last { "." } else { ";" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipient_lines_end_in_one_mark() {
        assert_eq!(recipient_line("Như Điều 3", false), "- Như Điều 3;");
        assert_eq!(recipient_line("Lưu: VT.", true), "- Lưu: VT.");
        assert_eq!(recipient_line("Lưu: VT", true), "- Lưu: VT.");
        assert_eq!(
            recipient_line("Thường trực HĐND; ", false),
            "- Thường trực HĐND;"
        );
        assert_eq!(recipient_line("UBND tỉnh.", false), "- UBND tỉnh;");
    }
    use kyhop_domain::Article;
    use unicode_normalization::UnicodeNormalization;

    pub(crate) fn sample() -> ResolutionContent {
        ResolutionContent {
            subject: "Về dự toán thu ngân sách nhà nước trên địa bàn, thu, chi ngân sách địa phương năm 2027".into(),
            normative: false,
            legal_bases: vec![
                "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025".into(),
                "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015".into(),
                "Xét Tờ trình số 215/TTr-UBND ngày 20 tháng 11 năm 2026 của Ủy ban nhân dân thành phố; Báo cáo thẩm tra của Ban Kinh tế - Ngân sách; ý kiến thảo luận của đại biểu Hội đồng nhân dân thành phố tại kỳ họp".into(),
            ],
            articles: (1..=6)
                .map(|i| Article {
                    heading: format!("Nội dung thứ {i} của nghị quyết"),
                    paragraphs: vec![
                        "Phê chuẩn dự toán thu ngân sách nhà nước trên địa bàn năm 2027 là 98.500 tỷ đồng, trong đó thu nội địa 60.200 tỷ đồng, thu từ hoạt động xuất khẩu, nhập khẩu 38.300 tỷ đồng; đảm bảo chi đầu tư phát triển, chi thường xuyên và các nhiệm vụ chi khác theo quy định.".into(),
                        "Giao Ủy ban nhân dân thành phố tổ chức thực hiện Nghị quyết; Thường trực Hội đồng nhân dân, các Ban và đại biểu Hội đồng nhân dân thành phố giám sát việc thực hiện.".into(),
                    ],
                })
                .collect(),
            recipients: vec![
                "Ủy ban Thường vụ Quốc hội".into(),
                "Chính phủ".into(),
                "Thường trực Thành ủy".into(),
                "Lưu: VT, HSKH".into(),
            ],
            authority: "TM. Hội đồng nhân dân".into(),
            signer_title: "Chủ tịch".into(),
            signer_name: "Nguyễn Văn An".into(),
        }
    }

    fn collapse(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn every_word_comes_back_out_of_the_pdf() {
        let content = sample();
        let rendered = render(&ResolutionSheet {
            council_name: "Hội đồng nhân dân thành phố Hải Phòng",
            session_line: "Khóa XVI, Kỳ họp thứ 23",
            number: "05/NQ-HĐND",
            date_line: "Hải Phòng, ngày 05 tháng 01 năm 2027",
            content: &content,
        });
        if let Ok(path) = std::env::var("KYHOP_WRITE_SAMPLE_RESOLUTION") {
            std::fs::write(path, &rendered.pdf).unwrap();
        }
        let text: String = pdf_extract::extract_text_from_mem(&rendered.pdf)
            .unwrap()
            .nfc()
            .collect();
        let text = collapse(&text);
        for expected in [
            "HỘI ĐỒNG NHÂN DÂN",
            "Số: 05/NQ-HĐND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Hải Phòng, ngày 05 tháng 01 năm 2027",
            "QUYẾT NGHỊ:",
            "Điều 6. Nội dung thứ 6 của nghị quyết",
            &content.articles[0].paragraphs[0],
            "Nơi nhận:",
            "- Lưu: VT, HSKH.",
            "TM. HỘI ĐỒNG NHÂN DÂN",
            "Nguyễn Văn An",
        ] {
            assert!(
                text.contains(&collapse(expected)),
                "missing {expected:?} in {text}"
            );
        }
        assert!(text.contains("Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;"));
        assert!(
            text.contains("tại kỳ họp."),
            "the last basis ends with a full stop"
        );
        assert!(rendered.signature.page >= 2);
        let [x0, y0, x1, y1] = rendered.signature.rect;
        assert!(x1 - x0 > 100.0 && y1 - y0 > 40.0);
    }
}
