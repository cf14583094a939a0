//! `--metadata`: which of a source's EXIF tags a thumbnail carries. The EXIF block (a TIFF
//! structure) is rebuilt with only the kept tags, so nothing left out can leak through offsets,
//! and no orientation is ever written (the pixels are upright already).

/// `--metadata`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MetadataPolicy {
    /// The ICC profile only (the default).
    #[default]
    Icc,
    /// The ICC profile, and EXIF Artist and Copyright.
    Copyright,
    /// The ICC profile, and every EXIF tag but orientation, GPS, the embedded thumbnail, maker
    /// notes and the pixel dimensions (which would be the source's).
    Exif,
    /// Nothing, not even the ICC profile: the smallest files.
    None,
}

impl MetadataPolicy {
    pub fn keeps_icc(self) -> bool {
        self != MetadataPolicy::None
    }
}

const ARTIST: u16 = 0x013B;
const COPYRIGHT: u16 = 0x8298;
const ORIENTATION: u16 = 0x0112;
const EXIF_IFD: u16 = 0x8769;
const GPS_IFD: u16 = 0x8825;
const INTEROP_IFD: u16 = 0xA005;
const MAKER_NOTE: u16 = 0x927C;
const PIXEL_X: u16 = 0xA002;
const PIXEL_Y: u16 = 0xA003;

struct Entry {
    tag: u16,
    kind: u16,
    count: u32,
    /// The value's bytes, in the source's byte order.
    value: Vec<u8>,
}

#[derive(Clone, Copy)]
struct Order {
    big: bool,
}

impl Order {
    fn u16(self, bytes: &[u8], at: usize) -> Option<u16> {
        let pair = [*bytes.get(at)?, *bytes.get(at + 1)?];
        Some(if self.big {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        })
    }
    fn u32(self, bytes: &[u8], at: usize) -> Option<u32> {
        let quad: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
        Some(if self.big {
            u32::from_be_bytes(quad)
        } else {
            u32::from_le_bytes(quad)
        })
    }
    fn put_u16(self, out: &mut Vec<u8>, value: u16) {
        out.extend_from_slice(&if self.big {
            value.to_be_bytes()
        } else {
            value.to_le_bytes()
        });
    }
    fn put_u32(self, out: &mut Vec<u8>, value: u32) {
        out.extend_from_slice(&if self.big {
            value.to_be_bytes()
        } else {
            value.to_le_bytes()
        });
    }
}

fn type_size(kind: u16) -> Option<usize> {
    match kind {
        1 | 2 | 6 | 7 => Some(1),
        3 | 8 => Some(2),
        4 | 9 | 11 => Some(4),
        5 | 10 | 12 => Some(8),
        _ => None,
    }
}

/// The entries of the IFD at `offset`, with their values; malformed entries are skipped.
fn read_ifd(tiff: &[u8], offset: usize, order: Order) -> Vec<Entry> {
    let Some(count) = order.u16(tiff, offset) else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    for index in 0..usize::from(count) {
        let at = offset + 2 + 12 * index;
        let (Some(tag), Some(kind), Some(count)) = (
            order.u16(tiff, at),
            order.u16(tiff, at + 2),
            order.u32(tiff, at + 4),
        ) else {
            break;
        };
        let Some(length) = type_size(kind).and_then(|size| size.checked_mul(count as usize)) else {
            continue;
        };
        let start = if length <= 4 {
            at + 8
        } else {
            match order.u32(tiff, at + 8) {
                Some(offset) => offset as usize,
                None => continue,
            }
        };
        if let Some(value) = tiff.get(start..start.saturating_add(length)) {
            entries.push(Entry {
                tag,
                kind,
                count,
                value: value.to_vec(),
            });
        }
    }
    entries
}

/// The EXIF block (from the TIFF header on) a thumbnail gets under `policy`, or `None`.
pub fn filtered(exif: &[u8], policy: MetadataPolicy) -> Option<Vec<u8>> {
    let order = match exif.get(0..2)? {
        b"MM" => Order { big: true },
        b"II" => Order { big: false },
        _ => return None,
    };
    let ifd0_offset = order.u32(exif, 4)? as usize;
    let ifd0 = read_ifd(exif, ifd0_offset, order);
    let (ifd0, sub): (Vec<Entry>, Vec<Entry>) = match policy {
        MetadataPolicy::Icc | MetadataPolicy::None => return None,
        MetadataPolicy::Copyright => (
            ifd0.into_iter()
                .filter(|entry| matches!(entry.tag, ARTIST | COPYRIGHT))
                .collect(),
            Vec::new(),
        ),
        MetadataPolicy::Exif => {
            let sub = ifd0
                .iter()
                .find(|entry| entry.tag == EXIF_IFD && entry.value.len() == 4)
                .and_then(|entry| order.u32(&entry.value, 0))
                .map(|offset| read_ifd(exif, offset as usize, order))
                .unwrap_or_default()
                .into_iter()
                .filter(|entry| !matches!(entry.tag, MAKER_NOTE | INTEROP_IFD | PIXEL_X | PIXEL_Y))
                .collect();
            let ifd0 = ifd0
                .into_iter()
                .filter(|entry| !matches!(entry.tag, ORIENTATION | EXIF_IFD | GPS_IFD))
                .collect();
            (ifd0, sub)
        }
    };
    if ifd0.is_empty() && sub.is_empty() {
        return None;
    }
    Some(write_tiff(order, ifd0, sub))
}

fn ifd_size(entries: &[Entry]) -> usize {
    let values: usize = entries
        .iter()
        .filter(|entry| entry.value.len() > 4)
        .map(|entry| entry.value.len().next_multiple_of(2))
        .sum();
    2 + 12 * entries.len() + 4 + values
}

fn write_tiff(order: Order, mut ifd0: Vec<Entry>, sub: Vec<Entry>) -> Vec<u8> {
    let sub_offset = if sub.is_empty() {
        None
    } else {
        // The sub-IFD follows IFD0 and its values; its pointer entry adds 12 bytes to IFD0.
        let offset = 8 + ifd_size(&ifd0) + 12;
        let mut value = Vec::new();
        order.put_u32(&mut value, offset as u32);
        ifd0.push(Entry {
            tag: EXIF_IFD,
            kind: 4,
            count: 1,
            value,
        });
        Some(offset)
    };
    ifd0.sort_by_key(|entry| entry.tag);
    let mut out = Vec::new();
    out.extend_from_slice(if order.big { b"MM" } else { b"II" });
    order.put_u16(&mut out, 42);
    order.put_u32(&mut out, 8);
    write_ifd(&mut out, order, &ifd0);
    if let Some(offset) = sub_offset {
        debug_assert_eq!(out.len(), offset);
        write_ifd(&mut out, order, &sub);
    }
    out
}

fn write_ifd(out: &mut Vec<u8>, order: Order, entries: &[Entry]) {
    let start = out.len();
    let mut value_at = start + 2 + 12 * entries.len() + 4;
    order.put_u16(out, entries.len() as u16);
    for entry in entries {
        order.put_u16(out, entry.tag);
        order.put_u16(out, entry.kind);
        order.put_u32(out, entry.count);
        if entry.value.len() <= 4 {
            let mut inline = entry.value.clone();
            inline.resize(4, 0);
            out.extend_from_slice(&inline);
        } else {
            order.put_u32(out, value_at as u32);
            value_at += entry.value.len().next_multiple_of(2);
        }
    }
    order.put_u32(out, 0); // no next IFD: the source's thumbnail (IFD1) is not carried
    for entry in entries.iter().filter(|entry| entry.value.len() > 4) {
        out.extend_from_slice(&entry.value);
        if entry.value.len() % 2 == 1 {
            out.push(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian EXIF block with IFD0 {Artist, Orientation, Copyright, Make, GPS pointer,
    /// Exif pointer} and an Exif IFD {DateTimeOriginal, PixelXDimension}.
    fn sample() -> Vec<u8> {
        let order = Order { big: false };
        let ascii = |tag: u16, text: &str| Entry {
            tag,
            kind: 2,
            count: text.len() as u32 + 1,
            value: [text.as_bytes(), b"\0"].concat(),
        };
        let short = |tag: u16, value: u16| Entry {
            tag,
            kind: 3,
            count: 1,
            value: value.to_le_bytes().to_vec(),
        };
        let ifd0 = vec![
            ascii(0x010F, "Camera Maker"),
            short(ORIENTATION, 6),
            ascii(ARTIST, "A. Photographer"),
            ascii(COPYRIGHT, "(c) 2026 Someone"),
            Entry {
                tag: GPS_IFD,
                kind: 4,
                count: 1,
                value: 999u32.to_le_bytes().to_vec(),
            },
        ];
        let sub = vec![ascii(0x9003, "2026:12:02 08:00:00"), short(PIXEL_X, 4000)];
        write_tiff(order, ifd0, sub)
    }

    fn tags(tiff: &[u8]) -> (Vec<u16>, Vec<u16>) {
        let order = Order {
            big: &tiff[0..2] == b"MM",
        };
        let ifd0 = read_ifd(tiff, order.u32(tiff, 4).unwrap() as usize, order);
        let sub = ifd0
            .iter()
            .find(|entry| entry.tag == EXIF_IFD)
            .map(|entry| read_ifd(tiff, order.u32(&entry.value, 0).unwrap() as usize, order))
            .unwrap_or_default();
        (
            ifd0.iter().map(|entry| entry.tag).collect(),
            sub.iter().map(|entry| entry.tag).collect(),
        )
    }

    #[test]
    fn each_policy_keeps_what_it_says() {
        let exif = sample();
        assert_eq!(filtered(&exif, MetadataPolicy::Icc), None);
        assert_eq!(filtered(&exif, MetadataPolicy::None), None);
        let copyright = filtered(&exif, MetadataPolicy::Copyright).unwrap();
        assert_eq!(tags(&copyright), (vec![ARTIST, COPYRIGHT], vec![]));
        let order = Order { big: false };
        let entries = read_ifd(&copyright, 8, order);
        assert_eq!(entries[1].value, b"(c) 2026 Someone\0");
        let all = filtered(&exif, MetadataPolicy::Exif).unwrap();
        assert_eq!(
            tags(&all),
            (vec![0x010F, ARTIST, COPYRIGHT, EXIF_IFD], vec![0x9003])
        );
        let image_crate_view = image::metadata::Orientation::from_exif_chunk(&all);
        assert_eq!(image_crate_view, None, "no orientation written");
    }

    #[test]
    fn garbage_gives_nothing_and_no_panic() {
        for bad in [
            &b""[..],
            b"MM",
            b"II*\0\xff\xff\xff\xff",
            b"XX*\0\x08\0\0\0",
        ] {
            assert_eq!(filtered(bad, MetadataPolicy::Exif), None);
        }
    }
}
