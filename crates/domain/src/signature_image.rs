//! The council's own signature and seal images, shown in a resolution's
//! signature block: the seal per council, a signature per signer.
//!
//! NĐ 30/2020/NĐ-CP, Phụ lục I: the seal is red (màu đỏ) and overlaps about
//! a third of the signature on its left; the signature is blue ink. Both
//! are scans with a transparent background, printed at their true size.
//! What a PNG is (its size, whether its background is transparent, the
//! colour of its ink) is measured where untrusted files are parsed; the
//! rules it must meet live here.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::text_enum;

text_enum! {
    SignatureImageKind {
        /// The council's seal (con dấu), red.
        Seal => "seal",
        /// A signer's handwritten signature, blue.
        Signature => "signature",
    }
}

/// What was measured of an uploaded PNG.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ImageFacts {
    pub width: u32,
    pub height: u32,
    /// Share of pixels that are (nearly) fully transparent.
    pub transparent_share: f32,
    /// Share of pixels that are mostly opaque: the ink.
    pub ink_share: f32,
    /// Mean colour of the ink (RGB), when there is any.
    pub ink: Option<[u8; 3]>,
}

/// A council's image as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SignatureImage {
    pub kind: SignatureImageKind,
    /// The signer, for a signature; none for the seal.
    #[schema(required = true)]
    pub person_id: Option<i64>,
    pub sha256: String,
    pub width: u32,
    pub height: u32,
    pub uploaded_at: DateTime<Utc>,
}

/// Why an image cannot serve: a stable code (`seal_not_red`, …) and what
/// to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ImageRefusal {
    pub code: &'static str,
    pub message: String,
}

impl ImageRefusal {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// The largest side an image may have (a 36 mm seal at 1,200 dpi is 1,700).
pub const MOST_PIXELS: u32 = 4_000;
/// The seal is printed 36 mm wide: 250 dpi (sharp on paper, the least a
/// scan of it should have) needs 354 pixels.
pub const LEAST_SEAL_PIXELS: u32 = 354;
/// A signature is printed about 40 mm wide: 250 dpi needs 394 pixels.
pub const LEAST_SIGNATURE_WIDTH: u32 = 394;
/// A background must be transparent for the text and the seal to show
/// through: at least this share of the pixels.
const LEAST_TRANSPARENT: f32 = 0.2;
/// And there must be ink.
const LEAST_INK: f32 = 0.005;

/// Whether an image may serve as `kind`: its size, a transparent
/// background, some ink, and the ink's colour (a red seal, blue ink).
pub fn check_signature_image(
    kind: SignatureImageKind,
    facts: &ImageFacts,
) -> Result<(), ImageRefusal> {
    let ImageFacts { width, height, .. } = *facts;
    if width > MOST_PIXELS || height > MOST_PIXELS {
        return Err(ImageRefusal::new(
            "image_too_large",
            format!("the image is {width}×{height} pixels; at most {MOST_PIXELS} a side"),
        ));
    }
    match kind {
        SignatureImageKind::Seal => {
            if width.min(height) < LEAST_SEAL_PIXELS {
                return Err(ImageRefusal::new(
                    "image_too_small",
                    format!("a seal printed 36 mm wide needs {LEAST_SEAL_PIXELS}×{LEAST_SEAL_PIXELS} pixels (250 dpi); this one is {width}×{height}"),
                ));
            }
            // A round seal fills a square; a long image is not a seal.
            if width.max(height) * 10 > width.min(height) * 12 {
                return Err(ImageRefusal::new(
                    "seal_not_round",
                    format!("a seal's image is square around the round seal; this one is {width}×{height}"),
                ));
            }
        }
        SignatureImageKind::Signature => {
            if width < LEAST_SIGNATURE_WIDTH || height < LEAST_SIGNATURE_WIDTH / 5 {
                return Err(ImageRefusal::new(
                    "image_too_small",
                    format!("a signature printed about 40 mm wide needs at least {LEAST_SIGNATURE_WIDTH} pixels across (250 dpi); this one is {width}×{height}"),
                ));
            }
        }
    }
    if facts.transparent_share < LEAST_TRANSPARENT {
        return Err(ImageRefusal::new(
            "image_no_transparency",
            "the background must be transparent (a PNG with an alpha channel), or it would cover the text under it",
        ));
    }
    let ink = match facts.ink {
        Some(ink) if facts.ink_share >= LEAST_INK => ink,
        _ => return Err(ImageRefusal::new("image_empty", "the image holds no ink")),
    };
    let [r, g, b] = ink.map(f32::from);
    match kind {
        SignatureImageKind::Seal if !(r >= 120.0 && r > 1.6 * g && r > 1.6 * b) => {
            Err(ImageRefusal::new(
                "seal_not_red",
                format!("a seal is red (NĐ 30/2020); this one's ink is rgb({r}, {g}, {b})"),
            ))
        }
        SignatureImageKind::Signature if !(b >= 60.0 && b > 1.2 * r && b > 1.05 * g) => {
            Err(ImageRefusal::new(
                "signature_not_blue",
                format!(
                    "a signature is in blue ink (NĐ 30/2020); this one's ink is rgb({r}, {g}, {b})"
                ),
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(width: u32, height: u32, ink: [u8; 3]) -> ImageFacts {
        ImageFacts {
            width,
            height,
            transparent_share: 0.7,
            ink_share: 0.1,
            ink: Some(ink),
        }
    }

    fn code(result: Result<(), ImageRefusal>) -> &'static str {
        result.err().map_or("ok", |r| r.code)
    }

    #[test]
    fn a_red_seal_and_blue_ink_are_taken() {
        let seal = SignatureImageKind::Seal;
        let signature = SignatureImageKind::Signature;
        assert_eq!(
            code(check_signature_image(seal, &facts(600, 600, [200, 30, 40]))),
            "ok"
        );
        assert_eq!(
            code(check_signature_image(
                signature,
                &facts(900, 300, [25, 50, 150])
            )),
            "ok"
        );
        // Dark navy ink is blue too.
        assert_eq!(
            code(check_signature_image(
                signature,
                &facts(900, 300, [15, 25, 70])
            )),
            "ok"
        );
    }

    #[test]
    fn wrong_colours_sizes_and_backgrounds_are_refused() {
        let seal = SignatureImageKind::Seal;
        let signature = SignatureImageKind::Signature;
        assert_eq!(
            code(check_signature_image(seal, &facts(600, 600, [25, 50, 150]))),
            "seal_not_red"
        );
        assert_eq!(
            code(check_signature_image(
                signature,
                &facts(900, 300, [200, 30, 40])
            )),
            "signature_not_blue"
        );
        // Black ink is not blue.
        assert_eq!(
            code(check_signature_image(
                signature,
                &facts(900, 300, [20, 20, 20])
            )),
            "signature_not_blue"
        );
        assert_eq!(
            code(check_signature_image(seal, &facts(300, 300, [200, 30, 40]))),
            "image_too_small"
        );
        assert_eq!(
            code(check_signature_image(
                signature,
                &facts(300, 100, [25, 50, 150])
            )),
            "image_too_small"
        );
        assert_eq!(
            code(check_signature_image(
                seal,
                &facts(5000, 5000, [200, 30, 40])
            )),
            "image_too_large"
        );
        assert_eq!(
            code(check_signature_image(seal, &facts(900, 500, [200, 30, 40]))),
            "seal_not_round"
        );
        let opaque = ImageFacts {
            transparent_share: 0.0,
            ..facts(600, 600, [200, 30, 40])
        };
        assert_eq!(
            code(check_signature_image(seal, &opaque)),
            "image_no_transparency"
        );
        let empty = ImageFacts {
            ink_share: 0.0,
            ink: None,
            ..facts(600, 600, [200, 30, 40])
        };
        assert_eq!(code(check_signature_image(seal, &empty)), "image_empty");
    }
}
