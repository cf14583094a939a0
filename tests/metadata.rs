//! `--metadata icc|copyright|exif|none` against the real binary: a JPEG with EXIF Artist,
//! Copyright, Make, Orientation 6 and a GPS block, and an ICC profile, thumbnailed to JPEG, PNG
//! and WebP; each thumbnail's EXIF tags and profile are read back.

mod common;

use std::path::Path;

use common::{testdata, TestDir};
use image::{GenericImageView, ImageDecoder, ImageReader};

const MAKE: u16 = 0x010F;
const ORIENTATION: u16 = 0x0112;
const ARTIST: u16 = 0x013B;
const COPYRIGHT: u16 = 0x8298;
const GPS: u16 = 0x8825;

/// A big-endian TIFF block with one IFD of (tag, type, count, inline-or-offset value) entries;
/// ASCII values longer than 4 bytes go after the IFD.
fn exif_block() -> Vec<u8> {
    let texts: [(u16, &str); 3] = [
        (MAKE, "Camera Maker"),
        (ARTIST, "A. Photographer"),
        (COPYRIGHT, "(c) 2026 Someone"),
    ];
    let entries = texts.len() + 2;
    let mut out = b"MM\0\x2a\0\0\0\x08".to_vec();
    let mut values = Vec::new();
    let values_at = 8 + 2 + 12 * entries + 4;
    out.extend_from_slice(&(entries as u16).to_be_bytes());
    let mut all: Vec<(u16, u16, u32, [u8; 4])> = Vec::new();
    for (tag, text) in texts {
        let bytes = [text.as_bytes(), b"\0"].concat();
        let offset = (values_at + values.len()) as u32;
        values.extend_from_slice(&bytes);
        if values.len() % 2 == 1 {
            values.push(0);
        }
        all.push((tag, 2, bytes.len() as u32, offset.to_be_bytes()));
    }
    all.push((ORIENTATION, 3, 1, [0, 6, 0, 0]));
    // A GPS pointer to an empty IFD placed after the values.
    let gps_at = (values_at + values.len()) as u32;
    values.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    all.push((GPS, 4, 1, gps_at.to_be_bytes()));
    all.sort_by_key(|entry| entry.0);
    for (tag, kind, count, value) in all {
        out.extend_from_slice(&tag.to_be_bytes());
        out.extend_from_slice(&kind.to_be_bytes());
        out.extend_from_slice(&count.to_be_bytes());
        out.extend_from_slice(&value);
    }
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&values);
    out
}

/// `jpeg` with its APP1 segments replaced by one holding `exif`.
fn with_exif(jpeg: &[u8], exif: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    let length = u16::try_from(2 + 6 + exif.len()).unwrap();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(exif);
    let mut at = 2;
    while jpeg[at] == 0xFF && jpeg[at + 1] != 0xDA {
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        if jpeg[at + 1] != 0xE1 {
            out.extend_from_slice(&jpeg[at..at + 2 + length]);
        }
        at += 2 + length;
    }
    out.extend_from_slice(&jpeg[at..]);
    out
}

/// The tags of IFD0 of an EXIF block, and the ASCII value of each text tag.
fn ifd0_tags(tiff: &[u8]) -> Vec<(u16, Option<String>)> {
    let big = &tiff[0..2] == b"MM";
    let u16_at = |at: usize| {
        let pair = [tiff[at], tiff[at + 1]];
        if big {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    };
    let u32_at = |at: usize| {
        let quad: [u8; 4] = tiff[at..at + 4].try_into().unwrap();
        if big {
            u32::from_be_bytes(quad)
        } else {
            u32::from_le_bytes(quad)
        }
    };
    let ifd = u32_at(4) as usize;
    (0..usize::from(u16_at(ifd)))
        .map(|index| {
            let at = ifd + 2 + 12 * index;
            let (tag, kind, count) = (u16_at(at), u16_at(at + 2), u32_at(at + 4) as usize);
            let text = (kind == 2).then(|| {
                let start = if count <= 4 {
                    at + 8
                } else {
                    u32_at(at + 8) as usize
                };
                String::from_utf8_lossy(&tiff[start..start + count])
                    .trim_end_matches('\0')
                    .to_string()
            });
            (tag, text)
        })
        .collect()
}

fn metadata_of(path: &Path) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    let mut decoder = ImageReader::open(path)
        .unwrap()
        .with_guessed_format()
        .unwrap()
        .into_decoder()
        .unwrap();
    (
        decoder.icc_profile().unwrap(),
        decoder.exif_metadata().unwrap(),
    )
}

#[test]
fn each_metadata_policy_writes_what_it_says_in_every_format() {
    let dir = TestDir::new();
    let jpeg = std::fs::read(testdata("color/icc-profile.jpg")).unwrap();
    dir.write("in/photo.jpg", with_exif(&jpeg, &exif_block()));
    let profile = metadata_of(&dir.join("in/photo.jpg"))
        .0
        .expect("the source has a profile");

    for format in ["jpeg", "png", "webp"] {
        let ext = if format == "jpeg" { "jpg" } else { format };
        for policy in ["icc", "copyright", "exif", "none"] {
            let out = format!("{format}-{policy}");
            dir.thumbctl([
                "--no-metrics",
                "resize",
                "in",
                "--out",
                &out,
                "--sizes",
                "small",
            ])
            .args(["--format", format, "--metadata", policy])
            .run()
            .assert_code(0);
            let path = dir.join(format!("{out}/photo_small.{ext}"));
            let thumbnail = image::open(&path).unwrap();
            // Orientation 6 was applied to the pixels: the stored landscape is now portrait.
            let (width, height) = thumbnail.dimensions();
            assert!(height > width, "{out}: {width}x{height}");
            let (icc, exif) = metadata_of(&path);
            let what = format!("{format} --metadata {policy}");
            assert_eq!(icc.is_some(), policy != "none", "{what}: ICC");
            if let Some(icc) = icc {
                assert_eq!(icc, profile, "{what}");
            }
            let tags: Vec<u16> = exif
                .as_deref()
                .map(ifd0_tags)
                .unwrap_or_default()
                .iter()
                .map(|(tag, _)| *tag)
                .collect();
            match policy {
                "copyright" => assert_eq!(tags, vec![ARTIST, COPYRIGHT], "{what}"),
                "exif" => assert_eq!(tags, vec![MAKE, ARTIST, COPYRIGHT], "{what}"),
                _ => assert!(exif.is_none(), "{what}: {tags:?}"),
            }
            if policy == "copyright" {
                let texts = ifd0_tags(exif.as_deref().unwrap());
                assert_eq!(texts[1].1.as_deref(), Some("(c) 2026 Someone"), "{what}");
            }
        }
    }

    let run = dir
        .thumbctl(["--no-metrics", "resize", "in", "--out", "x"])
        .args(["--metadata", "none", "--colorspace", "keep"])
        .run();
    run.assert_code(2);
    assert!(run.stderr.contains("--colorspace keep"), "{}", run.stderr);
}
