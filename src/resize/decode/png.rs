//! PNG sources, decoded row by row and shrunk on the fly.
//!
//! A full decode of a 5120x2880 PNG holds 44 MB of pixels that the thumbnails then read three
//! times. Here each row is box-averaged into an accumulator as soon as it is inflated, so only an
//! intermediate image k times smaller in each axis is ever held: still at least `HEADROOM` times
//! the largest thumbnail, which the Lanczos step in `thumbnail.rs` then brings to the exact sizes.
//! Those sizes are computed from the original dimensions in `SourceInfo`, so shrinking here
//! changes no output dimension.
//!
//! The box filter is an area average: exact for an integer factor, no aliasing, and cheap (one
//! vectorised add per sample, the boxes summed across once per band of rows). With alpha, colours
//! are averaged weighted by alpha (premultiplied), so transparent pixels' colours do not leak into
//! edges; rows whose pixels are all opaque (most of an exported PNG's, often all of them) weigh
//! every colour by 255 and take the vectorised path, with the same sums.
//!
//! Interlaced and animated PNGs, and images too small to shrink, return `None` and take the full
//! decode path. Pixels, ICC profile, orientation and error reasons match that path.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use image::metadata::Orientation;
use image::{DynamicImage, GrayAlphaImage, GrayImage, ImageFormat, RgbImage, RgbaImage};

use super::icc::{read_png_profile, PngProfile};
use super::{
    allocation_limits, looks_truncated, swaps_axes, DecodeRequest, DecodedImage, SourceInfo,
};
use crate::resize::error::SourceError;

/// The intermediate image is at least this many times the largest thumbnail in each axis, so
/// the final Lanczos step still has real pixels to work with (at 2x, PSNR against vipsthumbnail equals the full decode's).
const HEADROOM: f64 = 2.0;

/// Largest box side: keeps the alpha-weighted sums (255 * 255 per sample) within a u32.
const MAX_FACTOR: u32 = 255;

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

thread_local! {
    /// One row of decoded samples and the sums of `BoxShrink`, reused across images on a thread.
    static SCRATCH: RefCell<Scratch> = const {
        RefCell::new(Scratch {
            row: Vec::new(),
            sums: Sums {
                columns: Vec::new(),
                boxes: Vec::new(),
            },
        })
    };
}

struct Scratch {
    row: Vec<u8>,
    sums: Sums,
}

/// What `BoxShrink` adds the rows of a band into.
struct Sums {
    /// One sum per source sample (column), over the rows of the band so far: every row without
    /// alpha, and the opaque rows of an image with alpha. Adding a row is one add per sample,
    /// which the compiler vectorises; the boxes are summed across once per band. At most
    /// `MAX_FACTOR` rows of 255 fit in a u16.
    columns: Vec<u16>,
    /// With alpha: one alpha-weighted sum per output sample (box), over the rows of the band
    /// that have a pixel not fully opaque.
    boxes: Vec<u32>,
}

/// What `decode` did with a file.
pub enum PngDecode {
    /// Not a PNG (or too short to be one): the full path sniffs and reports it.
    NotPng,
    Decoded(DecodedImage),
    /// A PNG the full path must decode (interlaced, animated, or no shrink possible), with its
    /// profile already read under the cap (see icc.rs).
    FullPath(PngProfile),
}

/// Decodes `path` if it is a PNG worth shrinking while decoding. Its ICC profile is read first,
/// under the cap of icc.rs; a larger one is dropped with a warning naming the file.
pub fn decode(path: &Path, request: &DecodeRequest) -> Result<PngDecode, SourceError> {
    let mut file = File::open(path).map_err(SourceError::Read)?;
    let mut signature = [0u8; 8];
    match file.read_exact(&mut signature) {
        Ok(()) if signature == PNG_SIGNATURE => {}
        // Not a PNG, or too short to be one: the full path sniffs and reports it.
        Ok(()) => return Ok(PngDecode::NotPng),
        Err(error) if error.kind() == io::ErrorKind::UnexpectedEof => return Ok(PngDecode::NotPng),
        Err(error) => return Err(SourceError::Read(error)),
    }
    let profile = read_png_profile(&mut BufReader::with_capacity(8 << 10, &mut file))
        .map_err(SourceError::Read)?;
    if let PngProfile::Dropped { why, .. } = &profile {
        tracing::warn!(
            "{}: ICC profile dropped, {why}; colours are read as sRGB",
            path.display()
        );
    }
    let source_bytes = file.metadata().map_err(SourceError::Read)?.len();
    file.seek(SeekFrom::Start(0)).map_err(SourceError::Read)?;
    let reader = BufReader::with_capacity(64 << 10, file);
    let icc_profile = match &profile {
        PngProfile::Found(found) => Some(found.as_slice()),
        _ => None,
    };
    Ok(
        match decode_reader(reader, source_bytes, request, icc_profile)? {
            Some(decoded) => PngDecode::Decoded(decoded),
            None => PngDecode::FullPath(profile),
        },
    )
}

/// The streaming decode, with the profile already read (`icc_profile`): the png crate skips the
/// iCCP chunk, which it would inflate up to its pixel allocation limit.
fn decode_reader<R: io::BufRead + io::Seek>(
    reader: R,
    source_bytes: u64,
    request: &DecodeRequest,
    icc_profile: Option<&[u8]>,
) -> Result<Option<DecodedImage>, SourceError> {
    let max_alloc = allocation_limits(request.max_pixels)
        .max_alloc
        .unwrap_or(u64::MAX);
    let limits = png::Limits {
        bytes: usize::try_from(max_alloc).unwrap_or(usize::MAX),
    };
    let mut decoder = png::Decoder::new_with_limits(reader, limits);
    decoder.set_ignore_iccp_chunk(true);
    let header = decoder.read_header_info().map_err(classify)?;
    let (width, height) = (header.width, header.height);
    // Checked from the header, before any pixel buffer exists.
    let pixels = u64::from(width) * u64::from(height);
    if pixels > request.max_pixels {
        return Err(SourceError::TooLarge {
            width,
            height,
            megapixels: pixels as f64 / 1e6,
            limit_megapixels: request.max_pixels as f64 / 1e6,
        });
    }
    if width == 0 || height == 0 {
        return Err(SourceError::DecodeFailed(format!(
            "the header says {width}x{height} pixels"
        )));
    }
    if header.interlaced {
        return Ok(None);
    }
    // Palette, low bit depths and tRNS become 8-bit gray, gray+alpha, RGB or RGBA; 16-bit
    // samples are rounded to 8 bits below, as `to_eight_bit` does on the full path.
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().map_err(classify)?;
    let info = reader.info();
    if info.animation_control.is_some() {
        return Ok(None);
    }
    // A broken EXIF block is not worth failing the image for: show it as stored.
    let orientation = info
        .exif_metadata
        .as_deref()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    let exif = info.exif_metadata.as_deref().map(<[u8]>::to_vec);
    let factor = shrink_factor((width, height), orientation, request);
    if factor == 1 {
        return Ok(None);
    }
    let icc_profile = icc_profile.map(<[u8]>::to_vec);
    let (colour, depth) = reader.output_color_type();
    let channels = colour.samples();
    let sixteen = depth == png::BitDepth::Sixteen;
    let has_alpha = matches!(
        colour,
        png::ColorType::GrayscaleAlpha | png::ColorType::Rgba
    );
    let mut shrinker = BoxShrink::new(width, height, factor, channels, has_alpha);
    let line_size = reader
        .output_line_size(width)
        .ok_or(SourceError::MemoryLimit(
            "a row does not fit in memory".into(),
        ))?;

    SCRATCH.with(|scratch| -> Result<(), SourceError> {
        let Scratch { row, sums } = &mut *scratch.borrow_mut();
        row.clear();
        row.resize(line_size, 0);
        sums.columns.clear();
        sums.boxes.clear();
        sums.columns.resize(width as usize * channels, 0);
        if has_alpha {
            sums.boxes.resize(shrinker.out_width as usize * channels, 0);
        }
        for _ in 0..height {
            if reader.read_row(row).map_err(classify)?.is_none() {
                return Err(SourceError::Truncated("the image data ends early".into()));
            }
            let samples = if sixteen {
                narrow_sixteen_bit(row)
            } else {
                &row[..]
            };
            shrinker.push_row(&samples[..width as usize * channels], sums);
        }
        reader.finish().map_err(classify)?;
        Ok(())
    })?;

    let (out_width, out_height) = (shrinker.out_width, shrinker.out_height);
    let buffer = shrinker.output;
    let pixels = match colour {
        png::ColorType::Grayscale => {
            GrayImage::from_raw(out_width, out_height, buffer).map(DynamicImage::ImageLuma8)
        }
        png::ColorType::GrayscaleAlpha => {
            GrayAlphaImage::from_raw(out_width, out_height, buffer).map(DynamicImage::ImageLumaA8)
        }
        png::ColorType::Rgb => {
            RgbImage::from_raw(out_width, out_height, buffer).map(DynamicImage::ImageRgb8)
        }
        png::ColorType::Rgba => {
            RgbaImage::from_raw(out_width, out_height, buffer).map(DynamicImage::ImageRgba8)
        }
        png::ColorType::Indexed => None,
    }
    .ok_or_else(|| SourceError::DecodeFailed("unexpected pixel layout after expansion".into()))?;
    Ok(Some(DecodedImage {
        info: SourceInfo {
            format: ImageFormat::Png,
            width,
            height,
            orientation,
            has_alpha,
        },
        pixels,
        icc_profile,
        exif,
        source_bytes,
        ycbcr: false,
    }))
}

/// The box side k: the largest integer such that the source shrunk k times is still at least
/// `HEADROOM` times the largest thumbnail (after `--fit`) in each axis. 1 means no shrink.
fn shrink_factor(stored: (u32, u32), orientation: Orientation, request: &DecodeRequest) -> u32 {
    let display = if swaps_axes(orientation) {
        (stored.1, stored.0)
    } else {
        stored
    };
    let scale = request.fit.scale(display, request.needed_box);
    // A zero box (or NaN from a zero-sized image) gives nothing to shrink towards.
    if scale.is_nan() || scale <= 0.0 {
        return 1;
    }
    let factor = (1.0 / (HEADROOM * scale)).floor();
    if factor < 1.0 {
        1
    } else {
        (factor as u32).min(MAX_FACTOR)
    }
}

/// Big-endian 16-bit samples rounded to 8 bits in place (as the image crate converts them); the
/// first half of `row` holds the result.
fn narrow_sixteen_bit(row: &mut [u8]) -> &[u8] {
    let samples = row.len() / 2;
    for i in 0..samples {
        let value = u32::from(u16::from_be_bytes([row[2 * i], row[2 * i + 1]]));
        row[i] = ((value * 255 + 32767) / 65535) as u8;
    }
    &row[..samples]
}

/// Area-average shrink by an integer factor, fed one source row at a time.
struct BoxShrink {
    factor: u32,
    channels: usize,
    has_alpha: bool,
    height: u32,
    out_width: u32,
    out_height: u32,
    /// Source rows added into the sums since the last output row.
    rows_in_band: u32,
    /// Whether one of them had a pixel not fully opaque (it went into `Sums::boxes`).
    translucent_in_band: bool,
    rows_seen: u32,
    /// The shrunk image, `out_width * channels` samples a row, filled a row per band.
    output: Vec<u8>,
    rows_emitted: usize,
}

impl BoxShrink {
    fn new(width: u32, height: u32, factor: u32, channels: usize, has_alpha: bool) -> BoxShrink {
        let out_width = width.div_ceil(factor);
        let out_height = height.div_ceil(factor);
        BoxShrink {
            factor,
            channels,
            has_alpha,
            height,
            out_width,
            out_height,
            rows_in_band: 0,
            translucent_in_band: false,
            rows_seen: 0,
            output: vec![0; out_width as usize * out_height as usize * channels],
            rows_emitted: 0,
        }
    }

    /// The output row the band being emitted goes to.
    fn next_output_row(&mut self) -> &mut [u8] {
        let length = self.out_width as usize * self.channels;
        let start = self.rows_emitted * length;
        self.rows_emitted += 1;
        &mut self.output[start..start + length]
    }

    /// Adds one row of 8-bit samples (`width * channels` of them) into `sums`, and emits an
    /// output row when a band of `factor` rows (or the last, shorter one) is complete.
    fn push_row(&mut self, row: &[u8], sums: &mut Sums) {
        let factor = self.factor as usize;
        let opaque = match (self.channels, self.has_alpha) {
            (_, false) => true,
            (2, true) => is_opaque::<2>(row),
            (_, true) => is_opaque::<4>(row),
        };
        match (self.channels, opaque) {
            (_, true) => {
                for (sum, &sample) in sums.columns.iter_mut().zip(row) {
                    *sum += u16::from(sample);
                }
            }
            (2, false) => add_weighted_row::<2>(row, &mut sums.boxes, factor),
            (_, false) => add_weighted_row::<4>(row, &mut sums.boxes, factor),
        }
        self.translucent_in_band |= !opaque;
        self.rows_in_band += 1;
        self.rows_seen += 1;
        if self.rows_in_band == self.factor || self.rows_seen == self.height {
            if self.translucent_in_band {
                self.emit_weighted_row(&mut sums.columns, &mut sums.boxes);
            } else {
                // Every row opaque (or no alpha): the plain average of the column sums is the
                // alpha-weighted one (colours weighted 255 each; alpha comes out 255).
                self.emit_row(&mut sums.columns);
            }
            self.rows_in_band = 0;
            self.translucent_in_band = false;
        }
    }

    /// Without alpha: sums each box across its columns, and averages.
    fn emit_row(&mut self, columns: &mut [u16]) {
        match self.channels {
            1 => self.emit_plain::<1>(columns),
            2 => self.emit_plain::<2>(columns),
            3 => self.emit_plain::<3>(columns),
            _ => self.emit_plain::<4>(columns),
        }
        columns.fill(0);
    }

    fn emit_plain<const CH: usize>(&mut self, columns: &[u16]) {
        let (factor, rows) = (self.factor, self.rows_in_band);
        let full_box = RoundedDivision::by(factor * rows);
        let out = self.next_output_row();
        let box_samples = factor as usize * CH;
        for (pixel, samples) in out.chunks_exact_mut(CH).zip(columns.chunks(box_samples)) {
            let (sums, width) = box_sums::<CH>(samples);
            let division = if width == factor {
                full_box
            } else {
                RoundedDivision::by(width * rows)
            };
            for (value, sum) in pixel.iter_mut().zip(sums) {
                *value = division.of(sum) as u8;
            }
        }
    }

    /// With alpha: colour sums are alpha-weighted, so they are divided by the alpha sum to get
    /// straight colour back (fully transparent boxes become black, as they have no colour). The
    /// opaque rows' column sums join in weighted by 255, their alpha: the same sums as if every
    /// row had been weighted pixel by pixel.
    fn emit_weighted_row(&mut self, columns: &mut [u16], boxes: &mut [u32]) {
        match self.channels {
            2 => self.emit_weighted::<2>(columns, boxes),
            _ => self.emit_weighted::<4>(columns, boxes),
        }
        columns.fill(0);
        boxes.fill(0);
    }

    fn emit_weighted<const CH: usize>(&mut self, columns: &[u16], boxes: &[u32]) {
        let (rows, box_samples) = (self.rows_in_band, self.factor as usize * CH);
        let out = self.next_output_row();
        let boxes = columns.chunks(box_samples).zip(boxes.chunks_exact(CH));
        for (pixel, (samples, weighted)) in out.chunks_exact_mut(CH).zip(boxes) {
            let (opaque, width) = box_sums::<CH>(samples);
            // Colour weighted by alpha 255; the alpha sum is the weight itself.
            let alpha_sum = weighted[CH - 1] + opaque[CH - 1];
            for c in 0..CH - 1 {
                let colour_sum = weighted[c] + opaque[c] * 255;
                pixel[c] = if alpha_sum == 0 {
                    0
                } else {
                    ((u64::from(colour_sum) + u64::from(alpha_sum / 2)) / u64::from(alpha_sum))
                        as u8
                };
            }
            let count = width * rows;
            pixel[CH - 1] = ((alpha_sum + count / 2) / count) as u8;
        }
    }
}

/// `(n + d / 2) / d` for one divisor `d` and many `n` (a box's sums), by a multiply and a shift:
/// a hardware divide per output sample took tens of cycles. Exact for every divisor up to 2^16
/// and numerator below 2^25 (a box has at most 255 x 255 samples of at most 255): the multiplier
/// overshoots 2^shift / d by less than 1, which adds under 2^-7 / d to the quotient, less than
/// the 1 / d a quotient's fraction stays below 1 by.
#[derive(Clone, Copy)]
struct RoundedDivision {
    half: u32,
    multiplier: u64,
    shift: u32,
}

impl RoundedDivision {
    fn by(divisor: u32) -> RoundedDivision {
        debug_assert!((1..=1 << 16).contains(&divisor));
        // 32 + ceil(log2(divisor)): the multiplier stays below 2^33 + 1.
        let shift = 32 + (32 - (divisor - 1).leading_zeros());
        RoundedDivision {
            half: divisor / 2,
            multiplier: (1u64 << shift) / u64::from(divisor) + 1,
            shift,
        }
    }

    #[inline]
    fn of(self, numerator: u32) -> u32 {
        let rounded = u64::from(numerator + self.half);
        debug_assert!(rounded < 1 << 25);
        ((rounded * self.multiplier) >> self.shift) as u32
    }
}

/// A box's column sums added across, per channel, and its width in pixels: `CH` samples per
/// pixel (the last box of a row is narrower when the width is not a multiple of the factor).
#[inline]
fn box_sums<const CH: usize>(samples: &[u16]) -> ([u32; CH], u32) {
    let mut sums = [0u32; CH];
    for pixel in samples.chunks_exact(CH) {
        for c in 0..CH {
            sums[c] += u32::from(pixel[c]);
        }
    }
    (sums, (samples.len() / CH) as u32)
}

/// Whether every pixel of a row of `CH`-sample pixels (alpha last) is fully opaque: an AND over
/// the alpha samples, without an early exit, which the compiler vectorises.
fn is_opaque<const CH: usize>(row: &[u8]) -> bool {
    let alphas = row.chunks_exact(CH).map(|pixel| pixel[CH - 1]);
    alphas.fold(u8::MAX, |all, alpha| all & alpha) == u8::MAX
}

/// Adds a row into the box sums of an image with alpha: `CH` samples per pixel, the last one
/// alpha, boxes `factor` pixels wide; the colour samples are added multiplied by alpha.
#[inline]
fn add_weighted_row<const CH: usize>(row: &[u8], sums: &mut [u32], factor: usize) {
    let box_samples = factor * CH;
    for (pixels, sum) in row.chunks(box_samples).zip(sums.chunks_exact_mut(CH)) {
        let mut acc = [0u32; CH];
        for pixel in pixels.chunks_exact(CH) {
            let alpha = u32::from(pixel[CH - 1]);
            for c in 0..CH - 1 {
                acc[c] += u32::from(pixel[c]) * alpha;
            }
            acc[CH - 1] += alpha;
        }
        for c in 0..CH {
            sum[c] += acc[c];
        }
    }
}

/// Sorts the png crate's errors into the same reasons as the full decode path
/// (`decode::classify_image_error`, which sees them wrapped by the image crate).
fn classify(error: png::DecodingError) -> SourceError {
    match error {
        png::DecodingError::IoError(io_error)
            if io_error.kind() == io::ErrorKind::UnexpectedEof =>
        {
            SourceError::Truncated("the data ends early".into())
        }
        png::DecodingError::IoError(io_error) => SourceError::Read(io_error),
        png::DecodingError::LimitsExceeded => {
            SourceError::MemoryLimit("the PNG decoder's allocation limit".into())
        }
        other => {
            let message = other.to_string();
            if looks_truncated(&message) {
                SourceError::Truncated(message)
            } else {
                SourceError::DecodeFailed(message)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use image::codecs::png::PngEncoder;
    use image::{ExtendedColorType, GenericImageView, ImageEncoder};

    use super::*;

    /// The streamed decode, if `decode` streamed the file.
    fn decode(path: &Path, request: &DecodeRequest) -> Result<Option<DecodedImage>, SourceError> {
        super::decode(path, request).map(|outcome| match outcome {
            PngDecode::Decoded(decoded) => Some(decoded),
            PngDecode::NotPng | PngDecode::FullPath(_) => None,
        })
    }
    use crate::resize::decode::to_eight_bit;
    use crate::resize::plan::Fit;
    use crate::resize::plan::ThumbnailSpec;
    use crate::resize::thumbnail::Thumbnailer;

    const WIDTH: u32 = 1001;
    const HEIGHT: u32 = 677;

    /// Smooth gradients, a hard-edged checkerboard in the middle third and a thin diagonal line:
    /// something for a box filter to get wrong. Returns RGBA; alpha fades to 0 over the outer
    /// 60 pixels, where the (invisible) colour is black.
    fn picture(x: u32, y: u32) -> [u8; 4] {
        let checker =
            (WIDTH / 3..2 * WIDTH / 3).contains(&x) && (x / 13 + y / 17).is_multiple_of(2);
        let line = x.abs_diff(y) < 3;
        let rgb = if checker || line {
            [240, 240, 240]
        } else {
            [
                (x * 255 / (WIDTH - 1)) as u8,
                (y * 255 / (HEIGHT - 1)) as u8,
                ((x + y) % 256) as u8,
            ]
        };
        let edge = x.min(y).min(WIDTH - 1 - x).min(HEIGHT - 1 - y);
        let alpha = (edge * 255 / 60).min(255) as u8;
        if alpha == 0 {
            [0, 0, 0, 0]
        } else {
            [rgb[0], rgb[1], rgb[2], alpha]
        }
    }

    #[derive(Clone, Copy, Debug)]
    enum Kind {
        Rgb,
        Rgba,
        Gray,
        PaletteTrns,
        Rgb16,
    }

    /// Encodes the picture as a PNG of the given kind.
    fn encode(kind: Kind) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
        let mut data = Vec::new();
        let mut palette = Vec::new();
        let mut trns = Vec::new();
        for y in 0..HEIGHT {
            for x in 0..WIDTH {
                let [r, g, b, a] = picture(x, y);
                match kind {
                    Kind::Rgb => data.extend_from_slice(&[r, g, b]),
                    Kind::Rgba => data.extend_from_slice(&[r, g, b, a]),
                    Kind::Gray => data.push(r / 2 + g / 2),
                    Kind::Rgb16 => {
                        for v in [r, g, b] {
                            // Low byte varies too, so 16-to-8-bit rounding is exercised.
                            let wide = u16::from(v) * 257 - u16::from(v % 2) * 100;
                            data.extend_from_slice(&wide.to_be_bytes());
                        }
                    }
                    Kind::PaletteTrns => {
                        // 64 colours: 8 levels each of red and green; level 0 is transparent.
                        let index = (r / 32) * 8 + g / 32;
                        data.push(if a < 128 { 0 } else { index.max(1) });
                    }
                }
            }
        }
        match kind {
            Kind::Rgb => encoder.set_color(png::ColorType::Rgb),
            Kind::Rgba => encoder.set_color(png::ColorType::Rgba),
            Kind::Gray => encoder.set_color(png::ColorType::Grayscale),
            Kind::Rgb16 => {
                encoder.set_color(png::ColorType::Rgb);
                encoder.set_depth(png::BitDepth::Sixteen);
            }
            Kind::PaletteTrns => {
                encoder.set_color(png::ColorType::Indexed);
                for index in 0..64u8 {
                    palette.extend_from_slice(&[(index / 8) * 36, (index % 8) * 36, 90]);
                    trns.push(if index == 0 { 0 } else { 255 });
                }
                encoder.set_palette(palette);
                encoder.set_trns(trns);
            }
        }
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&data).unwrap();
        writer.finish().unwrap();
        bytes
    }

    fn write_temp(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        file
    }

    fn request(largest: u32) -> DecodeRequest<'static> {
        DecodeRequest::for_square_box(largest)
    }

    /// What the full decode path hands the thumbnailer for the same file.
    fn full_decode(bytes: &[u8], streamed: &DecodedImage) -> DecodedImage {
        let pixels = to_eight_bit(image::load_from_memory(bytes).unwrap());
        DecodedImage {
            info: streamed.info,
            pixels,
            icc_profile: None,
            exif: None,
            source_bytes: bytes.len() as u64,
            ycbcr: false,
        }
    }

    /// Mean and largest visible difference per sample: colour differences are weighted by the
    /// larger of the two alphas, so the colour of a (nearly) transparent pixel, which nobody
    /// sees, does not count.
    fn difference(a: &DynamicImage, b: &DynamicImage) -> (f64, u8) {
        let (a, b) = (a.to_rgba8(), b.to_rgba8());
        let (mut total, mut count, mut worst) = (0u64, 0u64, 0u8);
        for (p, q) in a.pixels().zip(b.pixels()) {
            let coverage = u32::from(p.0[3].max(q.0[3]));
            for c in 0..4 {
                let raw = u32::from(p.0[c].abs_diff(q.0[c]));
                let diff = if c == 3 { raw } else { raw * coverage / 255 } as u8;
                total += u64::from(diff);
                count += 1;
                worst = worst.max(diff);
            }
        }
        (total as f64 / count.max(1) as f64, worst)
    }

    #[test]
    fn streamed_thumbnails_match_the_full_decode() {
        let mut thumbnailer = Thumbnailer::new();
        for kind in [
            Kind::Rgb,
            Kind::Rgba,
            Kind::Gray,
            Kind::PaletteTrns,
            Kind::Rgb16,
        ] {
            let bytes = encode(kind);
            let file = write_temp(&bytes);
            // Largest box 150: k = 3; largest 240: k = 2. Neither divides 1001 or 677.
            for (largest, factor) in [(150, 3), (240, 2)] {
                let streamed = decode(file.path(), &request(largest))
                    .unwrap()
                    .expect("a non-interlaced PNG this large is streamed");
                assert_eq!((streamed.info.width, streamed.info.height), (WIDTH, HEIGHT));
                assert_eq!(
                    streamed.pixels.dimensions(),
                    (WIDTH.div_ceil(factor), HEIGHT.div_ceil(factor)),
                    "{kind:?}: shrunk by {factor}"
                );
                let full = full_decode(&bytes, &streamed);
                assert_eq!(streamed.pixels.color(), full.pixels.color(), "{kind:?}");
                assert_eq!(streamed.info.has_alpha, full.pixels.color().has_alpha());
                for size in [60, largest / 2, largest] {
                    let spec = ThumbnailSpec {
                        name: "t".into(),
                        width: size,
                        height: size,
                    };
                    let ours = thumbnailer
                        .make(&streamed, &spec, Fit::Contain, false)
                        .unwrap();
                    let reference = thumbnailer.make(&full, &spec, Fit::Contain, false).unwrap();
                    assert_eq!(ours.dimensions(), reference.dimensions(), "{kind:?} {size}");
                    let expected_height =
                        (f64::from(HEIGHT) * f64::from(size) / f64::from(WIDTH)).round() as u32;
                    assert_eq!(ours.dimensions(), (size, expected_height));
                    let (mean, worst) = difference(&ours, &reference);
                    assert!(
                        // The picture is a worst case (13x17 px checker, a 3 px diagonal line):
                        // shrinking by k first then Lanczos differs from Lanczos alone by about
                        // 1% on it; on the photo corpus the two agree at 77 dB PSNR.
                        mean < 3.0 && worst < 120,
                        "{kind:?} at {size}: mean abs diff {mean:.2}, worst {worst}"
                    );
                }
            }
        }
    }

    #[test]
    fn transparent_edges_get_no_dark_fringe() {
        let bytes = encode(Kind::Rgba);
        let file = write_temp(&bytes);
        let streamed = decode(file.path(), &request(150)).unwrap().unwrap();
        let DynamicImage::ImageRgba8(pixels) = &streamed.pixels else {
            panic!("RGBA expected, got {:?}", streamed.pixels.color());
        };
        // Along the top edge the visible colour is the gradient's red = x * 255 / 1000 and
        // green near 0; black from the transparent pixels must not pull it down.
        for x in 40..100 {
            let [r, _, _, a] = pixels.get_pixel(x, 2).0;
            let expected = (x * 3 + 1) * 255 / (WIDTH - 1);
            assert!(a > 0 && a < 255, "edge row is partly transparent");
            assert!(
                u32::from(r).abs_diff(expected) <= 3,
                "x={x}: red {r}, expected about {expected} (dark fringe?)"
            );
        }
        // The corner box averages 3x3 source pixels whose alpha is 0, 4 or 8 (edge distance 0-2):
        // (4 + 4 + 4 + 8) / 9 = 2.7, so nearly transparent, as a box filter must give.
        let corner_alpha = pixels.get_pixel(0, 0).0[3];
        assert!(
            corner_alpha <= 3,
            "corner alpha {corner_alpha}, expected about 2.7"
        );
    }

    #[test]
    fn orientation_and_icc_profile_are_read_and_small_images_are_left_alone() {
        let mut profile = vec![0u8; 132];
        profile[16..20].copy_from_slice(b"RGB ");
        // Big-endian TIFF with one IFD entry: orientation (0x0112) = 6, a quarter turn.
        let exif = [
            b"MM\0\x2a\0\0\0\x08\0\x01".as_slice(),
            &[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0],
            &[0, 0, 0, 0],
        ]
        .concat();
        let pixels = RgbImage::from_fn(900, 400, |x, y| image::Rgb([x as u8, y as u8, 7]));
        let mut bytes = Vec::new();
        let mut encoder = PngEncoder::new(&mut bytes);
        encoder.set_icc_profile(profile.clone()).unwrap();
        encoder.set_exif_metadata(exif).unwrap();
        encoder
            .write_image(pixels.as_raw(), 900, 400, ExtendedColorType::Rgb8)
            .unwrap();
        let file = write_temp(&bytes);

        // Displayed 400x900: a 140 box needs scale 0.156, so k = 3 in stored orientation.
        let streamed = decode(file.path(), &request(140)).unwrap().unwrap();
        assert_eq!(streamed.info.orientation, Orientation::Rotate90);
        assert_eq!(streamed.info.display_dimensions(), (400, 900));
        assert_eq!(streamed.pixels.dimensions(), (300, 134));
        assert_eq!(streamed.icc_profile.as_deref(), Some(profile.as_slice()));
        let thumbnail = Thumbnailer::new()
            .make(
                &streamed,
                &ThumbnailSpec {
                    name: "t".into(),
                    width: 140,
                    height: 140,
                },
                Fit::Contain,
                false,
            )
            .unwrap();
        // Sized from the original, upright dimensions.
        assert_eq!(thumbnail.dimensions(), (62, 140));

        // Cover fills the box: the short side decides, 400 -> 140 needs scale 0.35, k = 1.
        let cover = DecodeRequest {
            fit: Fit::Cover,
            ..request(140)
        };
        assert!(decode(file.path(), &cover).unwrap().is_none());
        // A box as large as the image: nothing to shrink, the full path decodes it.
        assert!(decode(file.path(), &request(900)).unwrap().is_none());
    }

    #[test]
    fn the_box_shrink_averages_each_box_including_the_narrower_last_ones() {
        // 5x3 RGB by 2: boxes of 2x2, 1x2 (right edge), 2x1 (bottom edge) and 1x1 (corner).
        let (width, height, factor) = (5u32, 3u32, 2u32);
        let sample = |x: u32, y: u32, c: u32| (x * 40 + y * 70 + c * 9) as u8;
        let mut shrinker = BoxShrink::new(width, height, factor, 3, false);
        let mut sums = Sums {
            columns: vec![0; width as usize * 3],
            boxes: Vec::new(),
        };
        for y in 0..height {
            let row: Vec<u8> = (0..width)
                .flat_map(|x| (0..3).map(move |c| sample(x, y, c)))
                .collect();
            shrinker.push_row(&row, &mut sums);
        }
        assert_eq!((shrinker.out_width, shrinker.out_height), (3, 2));
        let mut expected = Vec::new();
        for (y0, y1) in [(0, 2), (2, 3)] {
            for (x0, x1) in [(0, 2), (2, 4), (4, 5)] {
                for c in 0..3 {
                    let values: Vec<u32> = (y0..y1)
                        .flat_map(|y| (x0..x1).map(move |x| u32::from(sample(x, y, c))))
                        .collect();
                    let count = values.len() as u32;
                    expected.push(((values.iter().sum::<u32>() + count / 2) / count) as u8);
                }
            }
        }
        assert_eq!(shrinker.output, expected);
        // The column sums are cleared for the next band (and the next image on this thread).
        assert!(sums.columns.iter().all(|&sum| sum == 0));
    }

    /// An RGBA image of `width` x `height` `pixel`s shrunk by `factor` with `BoxShrink`, and
    /// the alpha-weighted box averages worked out pixel by pixel.
    fn shrunk_and_expected(
        (width, height, factor): (u32, u32, u32),
        pixel: impl Fn(u32, u32) -> [u8; 4],
    ) -> (Vec<u8>, Vec<u8>) {
        let mut shrinker = BoxShrink::new(width, height, factor, 4, true);
        let mut sums = Sums {
            columns: vec![0; width as usize * 4],
            boxes: vec![0; width.div_ceil(factor) as usize * 4],
        };
        for y in 0..height {
            let row: Vec<u8> = (0..width).flat_map(|x| pixel(x, y)).collect();
            shrinker.push_row(&row, &mut sums);
        }
        assert!(sums.columns.iter().all(|&sum| sum == 0));
        assert!(sums.boxes.iter().all(|&sum| sum == 0));
        let bands = |length: u32| {
            (0..length.div_ceil(factor)).map(move |i| (i * factor, ((i + 1) * factor).min(length)))
        };
        let mut expected = Vec::new();
        for (y0, y1) in bands(height) {
            for (x0, x1) in bands(width) {
                let (mut colour, mut alpha_sum) = ([0u64; 3], 0u64);
                for y in y0..y1 {
                    for x in x0..x1 {
                        let [r, g, b, a] = pixel(x, y).map(u64::from);
                        for (sum, value) in colour.iter_mut().zip([r, g, b]) {
                            *sum += value * a;
                        }
                        alpha_sum += a;
                    }
                }
                for sum in colour {
                    expected.push(((sum + alpha_sum / 2) / alpha_sum) as u8);
                }
                let count = u64::from((x1 - x0) * (y1 - y0));
                expected.push(((alpha_sum + count / 2) / count) as u8);
            }
        }
        (shrinker.output, expected)
    }

    #[test]
    fn opaque_rows_of_an_image_with_alpha_give_the_alpha_weighted_average() {
        // 7x5 RGBA by 3: rows 1 and 4 have pixels not fully opaque (one fully transparent), the
        // others are opaque and take the column sums; every box mixes both kinds.
        let alpha = |x: u32, y: u32| match y {
            1 => (x * 40) as u8,
            4 => 255 - (x * 30) as u8,
            _ => 255,
        };
        let colour = |x: u32, y: u32| {
            let [r, g, b] = [x * 37 + y * 11, 200 - x * 13 - y * 7, (x * y * 29) % 256];
            [r as u8, g as u8, b as u8]
        };
        let pixel = |x, y| {
            let [r, g, b] = colour(x, y);
            [r, g, b, alpha(x, y)]
        };
        let (shrunk, expected) = shrunk_and_expected((7, 5, 3), pixel);
        assert_eq!(shrunk, expected);
        // Bands with every row opaque take the plain average: the same, for odd and even box
        // sizes (3x3, 3x2, 1x3, 4x4, 4x1, ...), rounding included.
        for (width, height, factor) in [(7, 5, 3), (9, 9, 4), (11, 6, 5)] {
            let opaque = |x, y| {
                let [r, g, b] = colour(x, y);
                [r, g, b, 255]
            };
            let (shrunk, expected) = shrunk_and_expected((width, height, factor), opaque);
            assert_eq!(shrunk, expected, "{width}x{height} by {factor}");
        }
    }

    #[test]
    fn rounded_division_by_multiplying_is_exact() {
        // Every divisor a box can have (up to 255 x 255 samples), at the numerators where a
        // quotient changes and at the largest sum.
        for divisor in 1..=255 * 255u32 {
            let division = RoundedDivision::by(divisor);
            let largest = 255 * divisor;
            for numerator in [
                0,
                1,
                divisor / 2,
                divisor - 1,
                divisor,
                largest - 1,
                largest,
            ] {
                let numerator = numerator.min(largest);
                assert_eq!(
                    division.of(numerator),
                    (numerator + divisor / 2) / divisor,
                    "{numerator} / {divisor}"
                );
            }
            // Either side of every step of the quotient.
            for step in 1..=255 {
                let first = step * divisor - divisor / 2;
                for n in [first - 1, first] {
                    assert_eq!(
                        division.of(n),
                        step - 1 + u32::from(n == first),
                        "{n} / {divisor}"
                    );
                }
            }
        }
    }

    #[test]
    fn limits_and_broken_files_fail_with_the_full_paths_reasons() {
        let bytes = encode(Kind::Rgb);
        let file = write_temp(&bytes);
        let small_limit = DecodeRequest {
            max_pixels: 1000,
            ..request(150)
        };
        assert!(matches!(
            decode(file.path(), &small_limit),
            Err(SourceError::TooLarge { width: WIDTH, .. })
        ));
        let cut = write_temp(&bytes[..bytes.len() * 2 / 3]);
        let error = decode(cut.path(), &request(150)).err().expect("truncated");
        assert!(matches!(error, SourceError::Truncated(_)), "{error:?}");
        let mut corrupt = bytes.clone();
        let middle = corrupt.len() / 2;
        corrupt[middle..middle + 64].fill(0x55);
        let error = decode(write_temp(&corrupt).path(), &request(150))
            .err()
            .expect("corrupt");
        assert!(matches!(error, SourceError::DecodeFailed(_)), "{error:?}");
        // Not a PNG: left to the full path.
        assert!(decode(write_temp(b"GIF89a....").path(), &request(150))
            .unwrap()
            .is_none());
    }
}
