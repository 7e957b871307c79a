//! Text in reading order, from where each glyph is drawn.
//!
//! Some producers (LibreOffice among them) draw a line's Vietnamese letters
//! from a second font subset after the rest of the line, so text taken in
//! drawing order comes out as "T  TRÌNHỜ". Like pdftotext, we place every
//! glyph, group glyphs into lines by their baseline, and read each line left
//! to right. pdf-extract interprets the page; this is the output device.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// One glyph where it was drawn (top-left origin, in points).
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

/// Collects the glyphs of one page at a time; `pages` holds each finished page's text.
#[derive(Default)]
pub(super) struct ReadingOrder {
    page_height: f64,
    glyphs: Vec<Glyph>,
    pub(super) pages: Vec<String>,
}

impl OutputDev for ReadingOrder {
    fn begin_page(
        &mut self,
        _: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_height = media_box.ury - media_box.lly;
        self.glyphs.clear();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        let text = lines(std::mem::take(&mut self.glyphs));
        self.pages.push(text);
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale).max(0.1);
        let x = trm.m31;
        let y = self.page_height - trm.m32;
        self.glyphs.push(Glyph {
            x,
            y,
            end: x + width * size,
            size,
            text: text.to_owned(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Groups glyphs into lines by baseline (top to bottom) and reads each line
/// left to right, with a space where the gap is wider than a thin space.
fn lines(mut glyphs: Vec<Glyph>) -> String {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (g.y - row[0].y).abs() <= row[0].size * 0.5 => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    let mut out = String::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut last_end: Option<f64> = None;
        for g in &row {
            if last_end.is_some_and(|end| g.x > end + g.size * 0.15) {
                out.push(' ');
            }
            out.push_str(&g.text);
            last_end = Some(g.end.max(last_end.unwrap_or(f64::MIN)));
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: f64, y: f64, text: &str) -> Glyph {
        Glyph {
            x,
            y,
            end: x + 6.0,
            size: 12.0,
            text: text.into(),
        }
    }

    #[test]
    fn letters_drawn_late_go_back_to_their_place() {
        // "TỜ TRÌNH" with "Ờ" drawn after the rest of the line.
        let glyphs = vec![
            g(0.0, 10.0, "T"),
            g(20.0, 10.0, "T"),
            g(26.0, 10.0, "R"),
            g(6.0, 10.0, "Ờ"),
            g(0.0, 30.0, "V"),
        ];
        assert_eq!(lines(glyphs), "TỜ TR\nV\n");
    }
}
