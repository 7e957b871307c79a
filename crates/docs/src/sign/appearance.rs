//! Visible signature appearance: PNG images (with alpha → /SMask) placed
//! inside the widget rectangle, plus layout helpers for the two KyHop cases
//! (chair signature centred; council seal overlapping the left third of the
//! signature image).

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use lopdf::{dictionary, Object, Stream};

use crate::sign::error::SignError;

/// One PNG drawn at `rect` = [x0, y0, x1, y1] in points, relative to the
/// widget's lower-left corner.
#[derive(Debug, Clone)]
pub struct AppearanceImage {
    pub png: Vec<u8>,
    pub rect: [f32; 4],
}

/// What the widget shows. Images are painted in order (later on top).
#[derive(Debug, Clone, Default)]
pub struct Appearance {
    pub images: Vec<AppearanceImage>,
}

impl Appearance {
    /// One image, scaled to fit a widget of `width`×`height` points while
    /// keeping its aspect ratio, centred.
    pub fn centered(png: Vec<u8>, width: f32, height: f32) -> Result<Self, SignError> {
        let (w, h) = png_size(&png)?;
        let rect = fit_centered(w as f32, h as f32, [0.0, 0.0, width, height]);
        Ok(Self {
            images: vec![AppearanceImage { png, rect }],
        })
    }
}

/// Pixel size of a PNG.
pub fn png_size(png: &[u8]) -> Result<(u32, u32), SignError> {
    let dec = png::Decoder::new(std::io::Cursor::new(png));
    let reader = dec
        .read_info()
        .map_err(|e| SignError::InvalidImage(e.to_string()))?;
    let info = reader.info();
    Ok((info.width, info.height))
}

/// The largest rect with aspect `img_w:img_h` that fits in `area`, centred.
pub fn fit_centered(img_w: f32, img_h: f32, area: [f32; 4]) -> [f32; 4] {
    let (aw, ah) = (area[2] - area[0], area[3] - area[1]);
    let s = (aw / img_w).min(ah / img_h);
    let (w, h) = (img_w * s, img_h * s);
    let x0 = area[0] + (aw - w) / 2.0;
    let y0 = area[1] + (ah - h) / 2.0;
    [x0, y0, x0 + w, y0 + h]
}

/// Page rect for a round seal of `diameter` points whose right edge covers
/// the left third of `signature_image_rect` (a page rect), vertically
/// centred on it. Use it as the seal signature's widget rect.
pub fn seal_rect_over_signature(signature_image_rect: [f32; 4], diameter: f32) -> [f32; 4] {
    let [x0, y0, x1, y1] = signature_image_rect;
    let right = x0 + (x1 - x0) / 3.0;
    let cy = (y0 + y1) / 2.0;
    [
        right - diameter,
        cy - diameter / 2.0,
        right,
        cy + diameter / 2.0,
    ]
}

/// A decoded image ready for PDF: 8-bit RGB plus optional 8-bit alpha.
pub(crate) struct PdfImage {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

pub(crate) fn decode_png(png: &[u8]) -> Result<PdfImage, SignError> {
    let bad = |e: &dyn std::fmt::Display| SignError::InvalidImage(e.to_string());
    let mut dec = png::Decoder::new(std::io::Cursor::new(png));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().map_err(|e| bad(&e))?;
    // Refused before its buffer is allocated: the header alone says the size.
    let (w, h) = (reader.info().width, reader.info().height);
    if w == 0 || h == 0 || w > 8000 || h > 8000 {
        return Err(SignError::InvalidImage(format!(
            "unreasonable size {w}x{h}"
        )));
    }
    let mut buf = vec![0u8; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).map_err(|e| bad(&e))?;
    let (w, h) = (frame.width, frame.height);
    if w == 0 || h == 0 || w > 8000 || h > 8000 {
        return Err(SignError::InvalidImage(format!(
            "unreasonable size {w}x{h}"
        )));
    }
    let data = &buf[..frame.buffer_size()];
    let n = (w * h) as usize;
    let mut rgb = Vec::with_capacity(n * 3);
    let mut alpha = Vec::with_capacity(n);
    let mut line = |px: &[u8]| match frame.color_type {
        png::ColorType::Rgba => {
            rgb.extend_from_slice(&px[..3]);
            alpha.push(px[3]);
        }
        png::ColorType::Rgb => rgb.extend_from_slice(&px[..3]),
        png::ColorType::GrayscaleAlpha => {
            rgb.extend_from_slice(&[px[0]; 3]);
            alpha.push(px[1]);
        }
        png::ColorType::Grayscale => rgb.extend_from_slice(&[px[0]; 3]),
        png::ColorType::Indexed => unreachable!("EXPAND removes palettes"),
    };
    let bpp = frame.color_type.samples();
    let stride = frame.line_size;
    for y in 0..h as usize {
        let row = &data[y * stride..y * stride + w as usize * bpp];
        for px in row.chunks_exact(bpp) {
            line(px);
        }
    }
    let alpha = if alpha.is_empty() || alpha.iter().all(|&a| a == 255) {
        None
    } else {
        Some(alpha)
    };
    Ok(PdfImage {
        width: w,
        height: h,
        rgb,
        alpha,
    })
}

pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

/// An image XObject and its optional /SMask.
pub(crate) type ImageStreams = (Stream, Option<Stream>);

/// The image streams of a PNG, decoded and compressed once per process:
/// a council signs with the same two images all day, and decoding plus
/// deflating them is most of the cost of a signature. A few entries only
/// (signature, seal, a test's odd image); the cache is cleared when full.
pub(crate) fn prepared_streams(png: &[u8]) -> Result<Arc<ImageStreams>, SignError> {
    use sha2::{Digest, Sha256};
    static PREPARED: OnceLock<Mutex<HashMap<[u8; 32], Arc<ImageStreams>>>> = OnceLock::new();
    const ENTRIES: usize = 8;
    let key: [u8; 32] = Sha256::digest(png).into();
    let cache = PREPARED.get_or_init(Default::default);
    if let Some(hit) = cache.lock().map_err(poisoned)?.get(&key) {
        return Ok(hit.clone());
    }
    let streams = Arc::new(image_streams(&decode_png(png)?));
    let mut cache = cache.lock().map_err(poisoned)?;
    if cache.len() >= ENTRIES {
        cache.clear();
    }
    cache.insert(key, streams.clone());
    Ok(streams)
}

fn poisoned<T>(_: std::sync::PoisonError<T>) -> SignError {
    SignError::Internal("image cache poisoned".into())
}

/// Image XObject stream (RGB) and, if there is transparency, its /SMask
/// stream (DeviceGray). The caller wires /SMask to the mask's object id.
pub(crate) fn image_streams(img: &PdfImage) -> ImageStreams {
    let stream = |color_space: &str, samples: &[u8]| {
        Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => img.width as i64,
                "Height" => img.height as i64,
                "ColorSpace" => color_space,
                "BitsPerComponent" => 8,
                "Filter" => "FlateDecode",
            },
            deflate(samples),
        )
    };
    (
        stream("DeviceRGB", &img.rgb),
        img.alpha.as_ref().map(|a| stream("DeviceGray", a)),
    )
}

/// Content stream of the appearance form: each image `i` (resource /Im{i})
/// drawn at its rect.
pub(crate) fn form_content(rects: &[[f32; 4]]) -> Vec<u8> {
    let mut s = String::new();
    for (i, r) in rects.iter().enumerate() {
        s.push_str(&format!(
            "q {} 0 0 {} {} {} cm /Im{} Do Q\n",
            num(r[2] - r[0]),
            num(r[3] - r[1]),
            num(r[0]),
            num(r[1]),
            i
        ));
    }
    s.into_bytes()
}

/// PDF number without exponent, at most 4 decimals.
pub(crate) fn num(x: f32) -> String {
    let s = format!("{:.4}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

pub(crate) fn real(x: f32) -> Object {
    Object::Real(x)
}
