//! Seal and signature PNGs drawn by the tests: a round seal and a stroke
//! of ink on a transparent background, in any colour. Shared by
//! tests/integration/signature_images.rs and tests/integration/permissions.rs.
#![allow(dead_code)]

/// An RGBA PNG of `width`×`height`, `ink` where `inked(x, y)`, else clear.
pub fn png(width: u32, height: u32, ink: [u8; 3], inked: impl Fn(f32, f32) -> bool) -> Vec<u8> {
    let mut pixels = Vec::with_capacity((width * height * 4) as usize);
    for y in 0..height {
        for x in 0..width {
            let on = inked(x as f32 / width as f32, y as f32 / height as f32);
            pixels.extend_from_slice(&ink);
            pixels.push(if on { 255 } else { 0 });
        }
    }
    encode(width, height, png::ColorType::Rgba, &pixels)
}

pub fn encode(width: u32, height: u32, colour: png::ColorType, pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(pixels).unwrap();
    writer.finish().unwrap();
    out
}

/// A round seal: a thick ring and a bar across (the council's name).
pub fn seal(ink: [u8; 3], size: u32) -> Vec<u8> {
    png(size, size, ink, |x, y| {
        let r = ((x - 0.5).powi(2) + (y - 0.5).powi(2)).sqrt();
        (0.36..0.48).contains(&r) || ((0.45..0.55).contains(&y) && r < 0.36)
    })
}

/// A handwritten stroke: a thick wave across the image.
pub fn signature(ink: [u8; 3], width: u32) -> Vec<u8> {
    png(width, width * 3 / 8, ink, |x, y| {
        let wave = 0.5 + 0.3 * (x * 9.0).sin();
        (y - wave).abs() < 0.08 && (0.05..0.95).contains(&x)
    })
}
