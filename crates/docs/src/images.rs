//! Measuring an uploaded signature or seal image (a PNG) for the rules of
//! [`kyhop_domain::check_signature_image`]: its size, how much of it is
//! transparent, and the colour of its ink. Runs in the bounded child: the
//! file came from outside.

use kyhop_domain::{ImageFacts, ImageRefusal, MOST_PIXELS};

use crate::sign::appearance::decode_png;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// Alpha below this is background.
const TRANSPARENT_BELOW: u8 = 16;
/// Alpha from this is ink.
const INK_FROM: u8 = 128;

/// What `bytes` is as a signature image; refused when it is not a PNG or
/// is too large to decode.
pub fn measure_png(bytes: &[u8]) -> Result<ImageFacts, ImageRefusal> {
    let not_png = |why: String| ImageRefusal::new("image_not_png", why);
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Err(not_png("the file is not a PNG image".into()));
    }
    // The header first, read as it stands (the first chunk is IHDR, width
    // and height first in it): a claimed 100,000-pixel side is refused
    // before any decoder sets anything aside for it.
    let header = bytes
        .get(12..24)
        .filter(|h| h.starts_with(b"IHDR"))
        .ok_or_else(|| not_png("the PNG has no header".into()))?;
    let side = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (width, height) = (side(4), side(8));
    if width > MOST_PIXELS || height > MOST_PIXELS {
        return Err(ImageRefusal::new(
            "image_too_large",
            format!("the image is {width}×{height} pixels; at most {MOST_PIXELS} a side"),
        ));
    }
    let image = decode_png(bytes).map_err(|e| not_png(e.to_string()))?;
    let pixels = (u64::from(image.width) * u64::from(image.height)).max(1);
    let (mut transparent, mut ink) = (0u64, 0u64);
    let mut sum = [0u64; 3];
    for (i, rgb) in image.rgb.chunks_exact(3).enumerate() {
        let alpha = image.alpha.as_ref().map_or(255, |a| a[i]);
        if alpha < TRANSPARENT_BELOW {
            transparent += 1;
        } else if alpha >= INK_FROM {
            ink += 1;
            for (s, &c) in sum.iter_mut().zip(rgb) {
                *s += u64::from(c);
            }
        }
    }
    let mean = |s: u64| u8::try_from(s / ink.max(1)).unwrap_or(u8::MAX);
    Ok(ImageFacts {
        width: image.width,
        height: image.height,
        transparent_share: transparent as f32 / pixels as f32,
        ink_share: ink as f32 / pixels as f32,
        ink: (ink > 0).then(|| sum.map(mean)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use kyhop_domain::{check_signature_image, SignatureImageKind};

    #[test]
    fn the_demo_images_meet_the_rules() {
        let seal = measure_png(include_bytes!("../../../assets/demo/seal.png")).unwrap();
        check_signature_image(SignatureImageKind::Seal, &seal).unwrap();
        let signature = measure_png(include_bytes!("../../../assets/demo/signature.png")).unwrap();
        check_signature_image(SignatureImageKind::Signature, &signature).unwrap();
        // And each is refused as the other.
        assert!(check_signature_image(SignatureImageKind::Signature, &seal).is_err());
        assert!(check_signature_image(SignatureImageKind::Seal, &signature).is_err());
    }

    #[test]
    fn what_is_not_a_png_or_too_large_is_refused_before_decoding() {
        assert_eq!(
            measure_png(b"GIF89a...").map_err(|r| r.code),
            Err("image_not_png")
        );
        // A valid header claiming 100,000 × 100,000 pixels, and no data.
        let mut huge = PNG_SIGNATURE.to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend(100_000u32.to_be_bytes());
        ihdr.extend(100_000u32.to_be_bytes());
        ihdr.extend([8, 6, 0, 0, 0]);
        huge.extend(13u32.to_be_bytes());
        huge.extend(&ihdr);
        huge.extend([0; 4]);
        assert_eq!(
            measure_png(&huge).map_err(|r| r.code),
            Err("image_too_large")
        );
    }
}
