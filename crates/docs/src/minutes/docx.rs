//! The minutes as a Word document (opens in Word and LibreOffice), for the
//! secretary to finish by hand when needed.

use docx_rs::{AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Run, RunFonts};

use super::{outline, Block, Minutes};
use crate::pdf::letterhead::upper;
use kyhop_domain::date_line;

/// Twentieths of a point per millimetre.
fn twips(mm: f32) -> i32 {
    (mm * 56.7).round() as i32
}

fn run(text: &str, size_pt: usize) -> Run {
    Run::new().add_text(text).size(size_pt * 2).fonts(
        RunFonts::new()
            .ascii("Times New Roman")
            .hi_ansi("Times New Roman")
            .cs("Times New Roman"),
    )
}

fn centred(text: &str, bold: bool, italic: bool) -> Paragraph {
    let mut r = run(text, 14);
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    Paragraph::new().add_run(r).align(AlignmentType::Center)
}

pub fn minutes_docx(m: &Minutes, date: chrono::NaiveDate) -> Result<Vec<u8>, std::io::Error> {
    let mut doc = Docx::new().page_margin(
        PageMargin::new()
            .top(twips(20.0))
            .bottom(twips(20.0))
            .left(twips(30.0))
            .right(twips(15.0)),
    );
    doc = doc
        .add_paragraph(centred(&upper(&m.council_name), true, false))
        .add_paragraph(centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, false))
        .add_paragraph(centred("Độc lập - Tự do - Hạnh phúc", true, false))
        .add_paragraph(centred(&date_line(&m.place_name, date), false, true));
    for block in outline(m) {
        let paragraph = match block {
            Block::Title(t) | Block::Subtitle(t) => centred(&t, true, false),
            Block::Heading(t) | Block::Item(t) => Paragraph::new().add_run(run(&t, 14).bold()),
            Block::Text(t) => Paragraph::new()
                .add_run(run(&t, 14))
                .align(AlignmentType::Both)
                .indent(None, None, Some(twips(12.7)), None),
            Block::Line(t) => Paragraph::new().add_run(run(&t, 14)),
        };
        doc = doc.add_paragraph(paragraph.line_spacing(LineSpacing::new().after(120)));
    }
    doc = doc
        .add_paragraph(centred("THƯ KÝ KỲ HỌP", true, false))
        .add_paragraph(centred("CHỦ TỌA KỲ HỌP", true, false));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(std::io::Error::other)?;
    Ok(out.into_inner())
}
