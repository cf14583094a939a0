//! Writes the images under `testdata/`: `cargo run --example make_testdata`.
//!
//! Every file is made here from code, so the project owns all of them and anyone can see what each
//! one holds. The CMYK JPEG needs ImageMagick (`/usr/bin/convert`, or `$MAGICK`), because no Rust
//! encoder in our dependencies writes CMYK; without it that file is left as committed.
//! See testdata/README.md for what each file is for.

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use image::codecs::gif::{GifEncoder, Repeat};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, Frame, ImageEncoder, ImageFormat, Luma, Rgb, RgbImage, Rgba, RgbaImage};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "testdata".into()));
    formats(&root.join("formats"))?;
    orientation(&root.join("orientation"))?;
    pixels(&root.join("pixels"))?;
    color(&root.join("color"))?;
    broken(&root.join("broken"))?;
    println!("testdata written under {}", root.display());
    Ok(())
}

/// A 240x160 picture with smooth gradients and hard edges, so resizing has something to do.
fn scene() -> RgbImage {
    RgbImage::from_fn(240, 160, |x, y| {
        let in_square = (60..120).contains(&x) && (40..100).contains(&y);
        if in_square {
            Rgb([250, 250, 250])
        } else {
            Rgb([(x * 255 / 239) as u8, (y * 255 / 159) as u8, 128])
        }
    })
}

/// The same scene in every supported format, plus a PNG whose name says JPEG.
fn formats(dir: &Path) -> Result {
    fs::create_dir_all(dir)?;
    let scene = DynamicImage::ImageRgb8(scene());
    for (name, format) in [
        ("scene.jpg", ImageFormat::Jpeg),
        ("scene-png.png", ImageFormat::Png),
        ("scene-gif.gif", ImageFormat::Gif),
        ("scene-webp.webp", ImageFormat::WebP),
        ("scene-tiff.tif", ImageFormat::Tiff),
        ("scene-bmp.bmp", ImageFormat::Bmp),
        // Content sniffing: a PNG named .jpg must still work.
        ("png-named-as.jpg", ImageFormat::Png),
    ] {
        scene.save_with_format(dir.join(name), format)?;
    }
    Ok(())
}

/// `orientation_N.jpg` for EXIF orientations 1-8. Displayed correctly, each is a 90x60 landscape
/// image, light grey with a red block in the top-left corner and a blue block in the
/// bottom-right. The stored pixels are transformed so that only a viewer applying the
/// orientation sees that.
fn orientation(dir: &Path) -> Result {
    fs::create_dir_all(dir)?;
    let upright = DynamicImage::ImageRgb8(RgbImage::from_fn(90, 60, |x, y| {
        if x < 30 && y < 20 {
            Rgb([220, 20, 20])
        } else if x >= 60 && y >= 40 {
            Rgb([20, 20, 220])
        } else {
            Rgb([200, 200, 200])
        }
    }));
    for exif_value in 1..=8u8 {
        let orientation = Orientation::from_exif(exif_value).expect("1-8 are valid");
        // Self-inverse transforms apart from the two quarter turns, which undo each other.
        let inverse = match orientation {
            Orientation::Rotate90 => Orientation::Rotate270,
            Orientation::Rotate270 => Orientation::Rotate90,
            other => other,
        };
        let mut stored = upright.clone();
        stored.apply_orientation(inverse);
        let mut jpeg = Vec::new();
        JpegEncoder::new_with_quality(&mut jpeg, 95).encode_image(&stored)?;
        fs::write(
            dir.join(format!("orientation_{exif_value}.jpg")),
            with_exif_orientation(&jpeg, exif_value),
        )?;
    }
    Ok(())
}

/// Inserts an APP1 EXIF segment holding only the orientation tag right after the JPEG's SOI.
fn with_exif_orientation(jpeg: &[u8], value: u8) -> Vec<u8> {
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\x00\x2a\x00\x00\x00\x08"); // big-endian TIFF, IFD at offset 8
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count
    tiff.extend_from_slice(&[0, value, 0, 0]); // value, left-aligned
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no next IFD
    let mut segment = b"Exif\x00\x00".to_vec();
    segment.extend_from_slice(&tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((segment.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&segment);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Pixel layouts: alpha, 16-bit, grayscale, palette, animation.
fn pixels(dir: &Path) -> Result {
    fs::create_dir_all(dir)?;
    // An opaque white disc on fully transparent *black*: resizing without premultiplied alpha
    // blends that hidden black into the edge, which shows as a dark fringe.
    let alpha = RgbaImage::from_fn(200, 200, |x, y| {
        let (dx, dy) = (x as f32 - 99.5, y as f32 - 99.5);
        if (dx * dx + dy * dy).sqrt() < 70.0 {
            Rgba([255, 255, 255, 255])
        } else {
            Rgba([0, 0, 0, 0])
        }
    });
    alpha.save(dir.join("alpha.png"))?;

    let deep = image::ImageBuffer::<Rgb<u16>, _>::from_fn(200, 100, |x, y| {
        Rgb([(x * 65535 / 199) as u16, (y * 65535 / 99) as u16, 40000])
    });
    DynamicImage::ImageRgb16(deep).save(dir.join("rgb16.png"))?;

    let gray = image::GrayImage::from_fn(200, 100, |x, _| Luma([(x * 255 / 199) as u8]));
    gray.save(dir.join("gray.png"))?;
    DynamicImage::ImageLuma8(gray).save(dir.join("gray-jpeg.jpg"))?;

    write_palette_png(&dir.join("palette.png"))?;

    // Two frames: red, then blue. The thumbnail must be red (the first frame).
    let mut gif = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut gif);
        encoder.set_repeat(Repeat::Infinite)?;
        for colour in [[230, 0, 0, 255], [0, 0, 230, 255]] {
            encoder.encode_frame(Frame::new(RgbaImage::from_pixel(120, 80, Rgba(colour))))?;
        }
    }
    fs::write(dir.join("animated.gif"), gif)?;
    Ok(())
}

/// An 8-bit indexed PNG (the image crate only writes expanded colour, so the png crate is used).
fn write_palette_png(path: &Path) -> Result {
    let palette: [[u8; 3]; 4] = [[0, 0, 0], [255, 0, 0], [0, 200, 0], [0, 0, 255]];
    let (width, height) = (160u32, 80u32);
    let indices: Vec<u8> = (0..height)
        .flat_map(|_| (0..width).map(move |x| (x * 4 / width) as u8))
        .collect();
    let mut encoder = png::Encoder::new(fs::File::create(path)?, width, height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette.concat());
    encoder.write_header()?.write_image_data(&indices)?;
    Ok(())
}

/// Colour management: an embedded ICC profile, and a CMYK JPEG.
fn color(dir: &Path) -> Result {
    fs::create_dir_all(dir)?;
    let mut jpeg = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut jpeg, 90);
    encoder.set_icc_profile(test_icc_profile())?;
    let scene = scene();
    encoder.write_image(
        scene.as_raw(),
        scene.width(),
        scene.height(),
        image::ExtendedColorType::Rgb8,
    )?;
    fs::write(dir.join("icc-profile.jpg"), jpeg)?;

    // CMYK: left half red, right half green, converted by ImageMagick (which writes the inverted
    // CMYK with an Adobe marker that Photoshop writes).
    let patches = RgbImage::from_fn(120, 60, |x, _| {
        if x < 60 {
            Rgb([255, 0, 0])
        } else {
            Rgb([0, 160, 0])
        }
    });
    let source = dir.join("cmyk-source.tmp.png");
    patches.save(&source)?;
    let magick = std::env::var("MAGICK").unwrap_or_else(|_| "/usr/bin/convert".into());
    let status = Command::new(&magick)
        .arg(&source)
        .args(["-colorspace", "CMYK", "-quality", "95"])
        .arg(dir.join("cmyk.jpg"))
        .status();
    fs::remove_file(&source)?;
    match status {
        Ok(status) if status.success() => {}
        _ => eprintln!("warning: {magick} not usable: color/cmyk.jpg left as it was"),
    }
    Ok(())
}

/// A small but valid ICC v2 RGB display profile (sRGB primaries, gamma 2.2), written here so the
/// repository holds no third-party profile. Its description says what it is.
fn test_icc_profile() -> Vec<u8> {
    fn s15f16(value: f64) -> [u8; 4] {
        ((value * 65536.0).round() as i32).to_be_bytes()
    }
    fn xyz(x: f64, y: f64, z: f64) -> Vec<u8> {
        [
            b"XYZ ".as_slice(),
            &[0; 4],
            &s15f16(x),
            &s15f16(y),
            &s15f16(z),
        ]
        .concat()
    }
    let description = b"thumbctl test profile";
    let mut desc = b"desc\0\0\0\0".to_vec();
    desc.extend_from_slice(&(description.len() as u32 + 1).to_be_bytes());
    desc.extend_from_slice(description);
    desc.push(0);
    desc.extend_from_slice(&[0; 8]); // no Unicode description
    desc.extend_from_slice(&[0; 3 + 67]); // no ScriptCode description
    let gamma_curve = [
        b"curv".as_slice(),
        &[0; 4],
        &1u32.to_be_bytes(),
        &[0x02, 0x33, 0, 0],
    ]
    .concat();
    let copyright = [b"text".as_slice(), &[0; 4], b"Public domain\0".as_slice()].concat();
    let tags: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"desc", desc),
        (b"cprt", copyright),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", gamma_curve.clone()),
        (b"gTRC", gamma_curve.clone()),
        (b"bTRC", gamma_curve),
    ];
    let mut table = (tags.len() as u32).to_be_bytes().to_vec();
    let mut data = Vec::new();
    let data_start = 128 + 4 + 12 * tags.len();
    for (signature, body) in &tags {
        while data.len() % 4 != 0 {
            data.push(0);
        }
        table.extend_from_slice(*signature);
        table.extend_from_slice(&((data_start + data.len()) as u32).to_be_bytes());
        table.extend_from_slice(&(body.len() as u32).to_be_bytes());
        data.extend_from_slice(body);
    }
    let size = (128 + table.len() + data.len()) as u32;
    let mut header = Vec::with_capacity(128);
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&[0; 4]); // preferred CMM
    header.extend_from_slice(&[0x02, 0x10, 0, 0]); // version 2.1
    header.extend_from_slice(b"mntrRGB XYZ ");
    header.extend_from_slice(&[0x07, 0xE8, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]); // 2024-01-01
    header.extend_from_slice(b"acsp");
    header.extend_from_slice(&[0; 24]); // platform, flags, manufacturer, model, attributes
    header.extend_from_slice(&[0; 4]); // perceptual intent
    header.extend_from_slice(&[&s15f16(0.9642)[..], &s15f16(1.0), &s15f16(0.8249)].concat());
    header.extend_from_slice(b"thmb");
    header.resize(128, 0);
    [header, table, data].concat()
}

/// Files that must fail, each with its own reason.
fn broken(dir: &Path) -> Result {
    fs::create_dir_all(dir)?;
    fs::write(dir.join("empty.jpg"), b"")?;
    fs::write(dir.join("text.jpg"), b"This is a text file, not a photo.\n")?;

    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, 90).encode_image(&DynamicImage::ImageRgb8(scene()))?;
    fs::write(dir.join("truncated-jpeg.jpg"), &jpeg[..jpeg.len() / 2])?;

    let mut png_bytes = Vec::new();
    PngEncoder::new(Cursor::new(&mut png_bytes)).write_image(
        scene().as_raw(),
        240,
        160,
        image::ExtendedColorType::Rgb8,
    )?;
    fs::write(
        dir.join("truncated-png.png"),
        &png_bytes[..png_bytes.len() * 2 / 3],
    )?;

    // A decompression bomb's header: 60000x60000 RGB (3.6 gigapixels), then a tiny IDAT (an
    // empty zlib stream) so that decoders get past the header, as they would with a real bomb.
    let mut bomb = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&60000u32.to_be_bytes());
    ihdr.extend_from_slice(&60000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, adaptive, no interlace
    push_png_chunk(&mut bomb, b"IHDR", &ihdr);
    push_png_chunk(
        &mut bomb,
        b"IDAT",
        &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    push_png_chunk(&mut bomb, b"IEND", &[]);
    fs::write(dir.join("huge-header.png"), bomb)?;
    Ok(())
}

fn push_png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32([kind.as_slice(), data].concat().as_slice());
    out.extend_from_slice(&crc.to_be_bytes());
}

/// CRC-32 (IEEE) as PNG chunks use it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
