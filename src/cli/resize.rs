//! Flags of `thumbctl resize`. What they mean once checked and combined lives in
//! `resize::plan::Plan`; this file only says what a user may type.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// `--quality` without the flag, per format: JPEG as before; WebP as sharp and cwebp; AVIF where
/// its files are smaller than JPEG's at 85 and look no worse (README "Formats" has the figures).
pub const DEFAULT_JPEG_QUALITY: u8 = 85;
pub const DEFAULT_WEBP_QUALITY: u8 = 80;
pub const DEFAULT_AVIF_QUALITY: u8 = 55;
/// `--name` without the flag.
pub const DEFAULT_NAME: &str = "{dir}/{stem}_{size}.{ext}";
/// `--max-pixels` without the flag.
pub const DEFAULT_MAX_PIXELS: &str = "100M";
/// The file extensions thumbctl takes for images, comma separated: what `resize` picks up while
/// walking (`--ext`'s default) and what `load upload` posts.
pub const IMAGE_EXTENSIONS: &str = "jpg,jpeg,png,gif,webp,tif,tiff,bmp";

#[derive(Debug, Clone, Args)]
#[command(after_help = "Examples:
  thumbctl resize photos/ --out thumbs/
  thumbctl resize a.jpg b.png dir1/ --out thumbs/ --sizes small,large --format webp
  thumbctl resize photos/ --out thumbs/ --size avatar=96x96 --sizes avatar --fit cover --json")]
pub struct ResizeArgs {
    /// Image files and directories to thumbnail (directories are walked recursively).
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,

    /// Folder the thumbnails are written under; the input tree is mirrored inside it.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,

    /// Which sizes to make, by name, comma separated [default: every defined size].
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub sizes: Vec<String>,

    /// Define or redefine a size as NAME=WIDTHxHEIGHT (repeatable). Built in:
    /// small=150x150, medium=400x400, large=800x800.
    #[arg(long = "size", value_name = "NAME=WxH")]
    pub size_definitions: Vec<String>,

    /// How an image meets its box: `contain` fits inside it, `cover` fills it and crops the centre.
    #[arg(long, value_enum, default_value_t = FitArg::Contain, value_name = "MODE")]
    pub fit: FitArg,

    /// Scale images up when they are smaller than the box (by default they are never enlarged).
    #[arg(long)]
    pub enlarge: bool,

    /// Output format. `auto` writes PNG for sources whose pixels use their alpha channel (some
    /// pixel not fully opaque), JPEG for the others.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto, value_name = "FORMAT")]
    pub format: FormatArg,

    /// Quality of lossy formats, 1-100 [default: 85 for JPEG, 80 for WebP, 55 for AVIF].
    #[arg(long, value_name = "1-100", value_parser = clap::value_parser!(u8).range(1..=100))]
    pub quality: Option<u8>,

    /// Write lossless WebP (for graphics and screenshots) instead of lossy. Only with
    /// `--format webp`.
    #[arg(long)]
    pub lossless: bool,

    /// Encoder effort, higher is slower and usually smaller files. WebP: 0-6, libwebp's `method`
    /// (sharp's `webp({effort})`, cwebp's `-m`) [default: 2 for lossy WebP, half the encode time
    /// of 4 for about 3% more bytes; 4 with --lossless]. AVIF: 0-9 as sharp's `avif({effort})`,
    /// rav1e speed 10 minus the effort [default: 1, rav1e speed 9]. Only with `--format webp` or
    /// `--format avif`.
    #[arg(long, value_name = "0-9", value_parser = clap::value_parser!(u8).range(0..=9))]
    pub effort: Option<u8>,

    /// What happens to sources in another RGB colour space than sRGB (Display P3 from phones,
    /// Adobe RGB from cameras): `srgb` converts their pixels to sRGB (written without a
    /// profile, which every browser and viewer reads as sRGB); `keep` keeps their pixels and profile. CMYK
    /// is always converted to sRGB, gray stays gray.
    #[arg(long, value_enum, default_value_t = ColorspaceArg::Srgb, value_name = "SPACE")]
    pub colorspace: ColorspaceArg,

    /// ICC profile for CMYK and YCCK JPEGs that carry none (an embedded profile is always used
    /// first). Without this flag they are read with the built-in SWOP profile, made from the
    /// CGATS TR 001 data to look like Photoshop's default "U.S. Web Coated (SWOP) v2"; give, for
    /// example, a FOGRA39 profile for files separated for European presses.
    #[arg(long, value_name = "FILE")]
    pub cmyk_profile: Option<PathBuf>,

    /// What metadata the thumbnails carry beside the pixels: `icc` the colour profile; `copyright`
    /// that and EXIF Artist and Copyright; `exif` that and all EXIF except orientation, GPS,
    /// maker notes and the embedded thumbnail; `none` nothing at all (the smallest files).
    /// EXIF goes into JPEG, PNG and WebP thumbnails (not AVIF).
    #[arg(long, value_enum, default_value_t = MetadataArg::Icc, value_name = "WHAT")]
    pub metadata: MetadataArg,

    /// Output path template, relative to --out. Placeholders: {dir} (the source's folder
    /// relative to its input), {stem}, {source_ext}, {size}, {ext}.
    #[arg(long, default_value = DEFAULT_NAME, value_name = "TEMPLATE")]
    pub name: String,

    /// File extensions picked up when walking directories, comma separated, case-insensitive.
    /// Files named on the command line are always taken.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = IMAGE_EXTENSIONS,
        value_name = "EXTS"
    )]
    pub ext: Vec<String>,

    /// Follow symbolic links while walking (loops are detected and reported).
    #[arg(short = 'L', long)]
    pub follow_links: bool,

    /// Reject images larger than this many pixels, from their header, before decoding.
    /// Accepts a plain number or a K/M/G suffix (decimal).
    #[arg(long, default_value = DEFAULT_MAX_PIXELS, value_name = "PIXELS")]
    pub max_pixels: String,

    /// Redo sources whose thumbnails already exist and are up to date.
    #[arg(short, long)]
    pub force: bool,

    /// List what would be written, write nothing.
    #[arg(short = 'n', long)]
    pub dry_run: bool,

    /// Write one JSON object per source and a closing summary object to stdout (NDJSON).
    #[arg(long)]
    pub json: bool,

    /// Process only shard K of N (1-based): the sources whose path relative to their input
    /// hashes to K. N machines running K=1..N together cover every source exactly once.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,

    /// Number of images processed in parallel [default: number of CPU cores].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Stop at the first source that fails (sources already running finish).
    #[arg(long)]
    pub fail_fast: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FitArg {
    /// Fit inside the box; the thumbnail may be smaller than the box on one side.
    Contain,
    /// Fill the box exactly, cropping the centre of the image.
    Cover,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetadataArg {
    /// The ICC profile only.
    Icc,
    /// The ICC profile, EXIF Artist and Copyright.
    Copyright,
    /// The ICC profile, EXIF without orientation, GPS, maker notes, thumbnail.
    Exif,
    /// Nothing, not even the ICC profile.
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorspaceArg {
    /// Convert to sRGB through the embedded profile (no profile written: sRGB).
    Srgb,
    /// Keep the source's RGB colour space and its profile.
    Keep,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// PNG when some pixel is not fully opaque, JPEG otherwise.
    Auto,
    Jpeg,
    Png,
    /// Lossy WebP at --quality (lossless with --lossless); alpha is kept.
    Webp,
    /// AVIF (AV1 still image) at --quality; alpha is kept. Slower to write than the others.
    Avif,
}
