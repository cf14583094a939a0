//! Embedded ICC profiles, read with a cap on what they may cost.
//!
//! A PNG keeps its profile deflated in an `iCCP` chunk, so a 2 MB file can hold a "profile" that
//! inflates to gigabytes. The png crate would inflate it up to its allocation limit (hundreds of
//! megabytes, sized for pixels) before giving up; here the chunk is found by walking the chunk
//! headers (it must come before PLTE and IDAT), inflated with a bound of `MAX_ICC_BYTES`, and
//! dropped with a warning beyond that. The png crate and the image crate are then told to skip it.
//!
//! JPEG (APP2 segments) and WebP (ICCP chunk) store profiles uncompressed: their cost is bounded
//! by the file, which is read anyway.

use std::io::{self, Read, Seek, SeekFrom};
use std::ops::Range;

/// The largest embedded profile kept: 4 MiB. Display and camera profiles are 0.5-60 KB, the
/// largest press and printer profiles with big colour lookup tables about 2-3 MB (ISOcoated_v2
/// is 1.8 MB); at 4 MiB no real profile is lost, and a thumbnail worker's memory for metadata
/// stays far below what its pixels take (a 12-megapixel photo decoded at 1/2 scale is 9 MB).
pub(crate) const MAX_ICC_BYTES: usize = 4 << 20;

/// What the iCCP chunk of a PNG held.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PngProfile {
    /// No iCCP chunk before the image data.
    Absent,
    Found(Vec<u8>),
    /// There is one, but it is not kept: why, for the warning. `chunk` is its byte range in the
    /// file, for a caller that must remove it before another decoder sees it.
    Dropped {
        why: String,
        chunk: Range<u64>,
    },
}

/// Walks the chunks of a PNG from just after its 8-byte signature (where `reader` must be) and
/// reads its iCCP chunk, if any, inflating at most `MAX_ICC_BYTES`. Leaves `reader` anywhere.
pub(crate) fn read_png_profile(reader: &mut (impl Read + Seek)) -> io::Result<PngProfile> {
    let mut at = 8u64;
    loop {
        let mut header = [0u8; 8];
        if reader.read_exact(&mut header).is_err() {
            // A cut-off file: the pixel decoder says so; there is no profile to keep.
            return Ok(PngProfile::Absent);
        }
        let length = u64::from(u32::from_be_bytes([
            header[0], header[1], header[2], header[3],
        ]));
        let kind = &header[4..8];
        // The specification puts iCCP before PLTE and IDAT: no need to look further.
        if matches!(kind, b"PLTE" | b"IDAT" | b"IEND") {
            return Ok(PngProfile::Absent);
        }
        let chunk = at..at + 12 + length;
        if kind == b"iCCP" {
            let dropped = |why: String| {
                Ok(PngProfile::Dropped {
                    why,
                    chunk: chunk.clone(),
                })
            };
            if length > MAX_ICC_BYTES as u64 {
                return dropped(format!(
                    "its compressed data alone is {length} bytes, over the {} MiB limit",
                    MAX_ICC_BYTES >> 20
                ));
            }
            let mut body = vec![0u8; length as usize];
            if reader.read_exact(&mut body).is_err() {
                return Ok(PngProfile::Absent);
            }
            return match inflate_iccp(&body) {
                Ok(profile) => Ok(PngProfile::Found(profile)),
                Err(why) => dropped(why),
            };
        }
        reader.seek(SeekFrom::Current(length as i64 + 4))?;
        at = chunk.end;
    }
}

/// The profile in an iCCP chunk body: a keyword of 1-79 bytes, a NUL, compression method 0,
/// then a zlib stream.
fn inflate_iccp(body: &[u8]) -> Result<Vec<u8>, String> {
    let name_end = body
        .iter()
        .take(80)
        .position(|&byte| byte == 0)
        .filter(|&end| end > 0)
        .ok_or("its chunk has no valid name")?;
    if body.get(name_end + 1) != Some(&0) {
        return Err("its chunk names an unknown compression method".into());
    }
    match fdeflate::decompress_to_vec_bounded(&body[name_end + 2..], MAX_ICC_BYTES) {
        Ok(profile) => Ok(profile),
        Err(fdeflate::BoundedDecompressionError::OutputTooLarge { .. }) => Err(format!(
            "it inflates to more than the {} MiB an ICC profile may take",
            MAX_ICC_BYTES >> 20
        )),
        Err(fdeflate::BoundedDecompressionError::DecompressionError { inner }) => {
            Err(format!("its compressed data is damaged ({inner:?})"))
        }
    }
}

/// `bytes` without the byte range `chunk`, for a decoder that must not see it.
pub(crate) fn without_range(bytes: &[u8], chunk: &Range<u64>) -> Vec<u8> {
    let (start, end) = (chunk.start as usize, (chunk.end as usize).min(bytes.len()));
    let mut kept = Vec::with_capacity(bytes.len() - (end - start));
    kept.extend_from_slice(&bytes[..start]);
    kept.extend_from_slice(&bytes[end..]);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn png_with_iccp(profile_inflated: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, 1, 1);
        encoder.set_color(png::ColorType::Rgb);
        let mut info_writer = encoder.write_header().unwrap();
        let mut body = b"test\0\0".to_vec();
        body.extend_from_slice(&fdeflate::compress_to_vec(profile_inflated));
        info_writer
            .write_chunk(png::chunk::ChunkType(*b"iCCP"), &body)
            .unwrap();
        info_writer.write_image_data(&[1, 2, 3]).unwrap();
        drop(info_writer);
        out
    }

    #[test]
    fn a_profile_under_the_cap_is_read_and_one_over_it_dropped_with_its_place() {
        let small = png_with_iccp(&[5u8; 3000]);
        let mut reader = Cursor::new(&small);
        reader.seek(SeekFrom::Start(8)).unwrap();
        assert_eq!(
            read_png_profile(&mut reader).unwrap(),
            PngProfile::Found(vec![5u8; 3000])
        );

        let bomb = png_with_iccp(&vec![0u8; MAX_ICC_BYTES + 1]);
        let mut reader = Cursor::new(&bomb);
        reader.seek(SeekFrom::Start(8)).unwrap();
        let PngProfile::Dropped { why, chunk } = read_png_profile(&mut reader).unwrap() else {
            panic!("not dropped");
        };
        assert!(why.contains("4 MiB"), "{why}");
        assert_eq!(
            &bomb[chunk.start as usize + 4..chunk.start as usize + 8],
            b"iCCP"
        );
        let stripped = without_range(&bomb, &chunk);
        let decoded = image::load_from_memory(&stripped).unwrap();
        assert_eq!(decoded.to_rgb8().into_raw(), vec![1, 2, 3]);
    }
}
