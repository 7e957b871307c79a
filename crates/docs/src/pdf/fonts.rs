//! The serif font KyHop writes its PDFs with: Liberation Serif, metric-
//! compatible with Times New Roman (the font Nghị định 30/2020 names), with
//! the Vietnamese letters. Shipped in `assets/fonts/` (SIL OFL, see LICENSE
//! there) and compiled in, gzipped by build.rs (1.5 MB → 0.8 MB of binary),
//! so a server never depends on system fonts.

use std::sync::OnceLock;

use printpdf::ParsedFont;

/// One of the shipped font styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Style {
    pub const ALL: [Style; 4] = [
        Style::Regular,
        Style::Bold,
        Style::Italic,
        Style::BoldItalic,
    ];

    fn packed(self) -> &'static [u8] {
        macro_rules! packed {
            ($name:literal) => {
                include_bytes!(concat!(env!("OUT_DIR"), "/", $name, ".gz"))
            };
        }
        match self {
            Style::Regular => packed!("LiberationSerif-Regular.ttf"),
            Style::Bold => packed!("LiberationSerif-Bold.ttf"),
            Style::Italic => packed!("LiberationSerif-Italic.ttf"),
            Style::BoldItalic => packed!("LiberationSerif-BoldItalic.ttf"),
        }
    }

    /// The font file, inflated.
    fn bytes(self) -> Vec<u8> {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(self.packed()), &mut bytes)
            // Compressed by build.rs and tested; failing here is a build defect.
            .expect("the shipped font inflates");
        bytes
    }
}

/// A parsed font face that can measure text.
pub struct Face {
    pub parsed: ParsedFont,
    units_per_em: f32,
}

impl Face {
    /// The face of a style, parsed once per process.
    pub fn get(style: Style) -> &'static Face {
        static FACES: [OnceLock<Face>; 4] = [const { OnceLock::new() }; 4];
        let slot = &FACES[style as usize];
        slot.get_or_init(|| {
            let parsed = ParsedFont::from_bytes(&style.bytes(), 0, &mut Vec::new())
                // The bytes are compiled in and tested; failing here is a build defect.
                .expect("the shipped font parses");
            let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
            Face {
                parsed,
                units_per_em,
            }
        })
    }

    /// The advance width of `text` at `size` points, as printpdf will set it
    /// (one glyph per character, no kerning).
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text
            .chars()
            .map(|c| {
                let glyph = self.parsed.lookup_glyph_index(c as u32).unwrap_or(0);
                u32::from(self.parsed.get_horizontal_advance(glyph))
            })
            .sum();
        units as f32 * size / self.units_per_em
    }
}

#[cfg(test)]
mod tests {
    use super::{Face, Style};

    #[test]
    fn every_vietnamese_letter_has_a_glyph() {
        let letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ";
        for style in Style::ALL {
            let face = Face::get(style);
            for c in letters.chars().chain(letters.to_uppercase().chars()) {
                assert!(
                    face.parsed
                        .lookup_glyph_index(c as u32)
                        .is_some_and(|g| g != 0),
                    "{style:?} lacks {c}"
                );
            }
        }
    }

    #[test]
    fn measures_like_times_new_roman() {
        // Times New Roman's advance for "n" is 1024/2048 em: 7 pt at 14 pt.
        let face = Face::get(Style::Regular);
        assert!((face.width("n", 14.0) - 7.0).abs() < 0.01);
        assert!((face.width("nn", 14.0) - 14.0).abs() < 0.01);
        assert!(face.width("ĐIỀU", 14.0) > face.width("DIEU", 14.0) - 0.01);
    }
}
