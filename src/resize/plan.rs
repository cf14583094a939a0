//! The resolved configuration of a `resize` run: what will be done, checked once up front.
//!
//! `ResizeArgs` (src/cli/resize.rs) is what a user typed; a `Plan` is what the pipeline uses. Every
//! value that can be wrong is checked here, so a bad flag is a usage error before any file is read.
//! Tests build plans directly with `Plan::new` and adjust fields.

use std::fmt;
use std::path::{Path, PathBuf};

use super::decode::colour::ColourPolicy;
use super::exif::MetadataPolicy;
use crate::cli::{self, ColorspaceArg, FitArg, FormatArg, MetadataArg, ResizeArgs};

/// The sizes every run knows unless `--size` redefines them: the image pipeline's boxes.
pub const DEFAULT_SIZES: [(&str, u32, u32); 3] = [
    ("small", 150, 150),
    ("medium", 400, 400),
    ("large", 800, 800),
];

/// A flag value that cannot be used. Shown as `error: <message>`, exit code 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("--shard '{text}': {why} (expected K/N, e.g. 2/4)")]
    Shard { text: String, why: &'static str },
    #[error("--name '{text}': {why}")]
    Name { text: String, why: String },
    #[error(
        "--name '{text}' has no {{size}} but {sizes} sizes are made: they would overwrite each other"
    )]
    NameWithoutSize { text: String, sizes: usize },
    #[error("--ext: no extension given")]
    NoExtension,
    #[error("--sizes: no size named '{name}' (known: {known}; define one with --size {name}=WxH)")]
    UnknownSize { name: String, known: String },
    #[error("--size '{text}': {why} (expected NAME=WIDTHxHEIGHT, e.g. avatar=96x96)")]
    Size { text: String, why: &'static str },
    #[error("--max-pixels '{text}': expected a number of pixels such as 100M or 50000000")]
    MaxPixels { text: String },
    #[error("--lossless applies to --format webp only (PNG is always lossless)")]
    LosslessWithoutWebp,
    #[error(
        "--effort applies to --format webp and --format avif only (it is their encoders' effort), \
         not to --format {format}"
    )]
    EffortWithoutEncoder { format: &'static str },
    #[error("--effort {effort}: WebP's effort is 0-6 (libwebp's method)")]
    WebpEffort { effort: u8 },
    #[error(
        "--colorspace keep with --metadata none would write non-sRGB pixels without their \
         profile; use --colorspace srgb (the default) or keep the profile"
    )]
    KeepWithoutProfile,
}

impl From<PlanError> for crate::exit::Error {
    fn from(error: PlanError) -> Self {
        crate::exit::Error::Usage(Box::new(error))
    }
}

/// One named thumbnail box, e.g. `small` = 150x150.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbnailSpec {
    pub name: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Contain,
    Cover,
}

impl Fit {
    /// The scale that takes an image of `size` to a `bounds` box (both in the same orientation):
    /// `Contain` fits it inside, `Cover` fills the box (and is cropped to it). Every step that
    /// sizes something for the box (the DCT scale, the PNG shrink, the thumbnail) uses this rule.
    pub fn scale(self, size: (u32, u32), bounds: (u32, u32)) -> f64 {
        let scale_w = f64::from(bounds.0) / f64::from(size.0);
        let scale_h = f64::from(bounds.1) / f64::from(size.1);
        match self {
            Fit::Contain => scale_w.min(scale_h),
            Fit::Cover => scale_w.max(scale_h),
        }
    }
}

/// The format asked for; `Auto` is resolved per source once its colour type is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Auto,
    Fixed(EncodedFormat),
}

/// A format a thumbnail is actually written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EncodedFormat {
    Jpeg,
    Png,
    WebP,
    Avif,
}

impl EncodedFormat {
    /// The file extension written for this format (and the `{ext}` placeholder).
    pub fn extension(self) -> &'static str {
        match self {
            EncodedFormat::Jpeg => "jpg",
            EncodedFormat::Png => "png",
            EncodedFormat::WebP => "webp",
            EncodedFormat::Avif => "avif",
        }
    }

    /// The name used in reports and metric tags.
    pub fn name(self) -> &'static str {
        match self {
            EncodedFormat::Jpeg => "jpeg",
            EncodedFormat::Png => "png",
            EncodedFormat::WebP => "webp",
            EncodedFormat::Avif => "avif",
        }
    }
}

impl OutputFormat {
    /// The formats a source may end up written in: one, or JPEG and PNG for `auto`.
    pub fn candidates(self) -> &'static [EncodedFormat] {
        match self {
            OutputFormat::Auto => &[EncodedFormat::Jpeg, EncodedFormat::Png],
            OutputFormat::Fixed(EncodedFormat::Jpeg) => &[EncodedFormat::Jpeg],
            OutputFormat::Fixed(EncodedFormat::Png) => &[EncodedFormat::Png],
            OutputFormat::Fixed(EncodedFormat::WebP) => &[EncodedFormat::WebP],
            OutputFormat::Fixed(EncodedFormat::Avif) => &[EncodedFormat::Avif],
        }
    }

    /// `auto` means JPEG for opaque sources and PNG where the source uses its alpha channel
    /// (see `decode::DecodedImage::drop_unused_alpha`).
    pub fn resolve(self, uses_alpha: bool) -> EncodedFormat {
        match self {
            OutputFormat::Fixed(format) => format,
            OutputFormat::Auto if uses_alpha => EncodedFormat::Png,
            OutputFormat::Auto => EncodedFormat::Jpeg,
        }
    }
}

/// `--shard K/N`: this run handles the sources whose relative path hashes to K (1-based) of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    pub fn parse(text: &str) -> Result<Shard, PlanError> {
        let bad = |why: &'static str| PlanError::Shard {
            text: text.to_string(),
            why,
        };
        let (k, n) = text.split_once('/').ok_or_else(|| bad("no '/'"))?;
        let index: u32 = k
            .trim()
            .parse()
            .map_err(|_| bad("K is not a whole number"))?;
        let count: u32 = n
            .trim()
            .parse()
            .map_err(|_| bad("N is not a whole number"))?;
        if count == 0 {
            return Err(bad("N must be at least 1"));
        }
        if index == 0 || index > count {
            return Err(bad("K must be between 1 and N"));
        }
        Ok(Shard { index, count })
    }

    /// Whether a source, named by its path relative to its input (with '/' separators), belongs
    /// to this shard.
    pub fn contains(&self, relative_path: &[u8]) -> bool {
        (fnv1a_64(relative_path) % u64::from(self.count)) as u32 == self.index - 1
    }
}

/// FNV-1a, 64-bit. Chosen because its definition is fixed (unlike std's `DefaultHasher`, which
/// may change between Rust releases), so every machine of a sharded job agrees on the split.
pub fn fnv1a_64(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

/// A parsed `--name` template, e.g. `{dir}/{stem}_{size}.{ext}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameTemplate {
    pieces: Vec<TemplatePiece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TemplatePiece {
    Text(String),
    Dir,
    Stem,
    SourceExt,
    Size,
    Ext,
}

/// The values a template is filled with for one output.
pub struct NameValues<'a> {
    /// The source's folder relative to its input root, '/'-separated, empty at the root.
    pub dir: &'a str,
    pub stem: &'a str,
    pub source_ext: &'a str,
    pub size: &'a str,
    pub ext: &'a str,
}

impl NameTemplate {
    pub fn parse(text: &str) -> Result<NameTemplate, PlanError> {
        let bad = |why: String| PlanError::Name {
            text: text.to_string(),
            why,
        };
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(TemplatePiece::Text(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| bad("a '{' is never closed".into()))?;
            let placeholder = &rest[open + 1..open + close];
            pieces.push(match placeholder {
                "dir" => TemplatePiece::Dir,
                "stem" => TemplatePiece::Stem,
                "source_ext" => TemplatePiece::SourceExt,
                "size" => TemplatePiece::Size,
                "ext" => TemplatePiece::Ext,
                other => {
                    return Err(bad(format!(
                        "unknown placeholder {{{other}}} (known: {{dir}}, {{stem}}, \
                         {{source_ext}}, {{size}}, {{ext}})"
                    )))
                }
            });
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') {
            return Err(bad("a '}' has no matching '{'".into()));
        }
        if !rest.is_empty() {
            pieces.push(TemplatePiece::Text(rest.to_string()));
        }
        let template = NameTemplate { pieces };
        for piece in &template.pieces {
            if let TemplatePiece::Text(literal) = piece {
                if literal.split('/').any(|part| part == "..") {
                    return Err(bad("'..' would write outside --out".into()));
                }
            }
        }
        if text.starts_with('/') {
            return Err(bad("must be relative to --out, not start with '/'".into()));
        }
        if !template.pieces.contains(&TemplatePiece::Stem) {
            return Err(bad(
                "needs {stem}, or every source would write the same file".into(),
            ));
        }
        Ok(template)
    }

    pub fn uses_size(&self) -> bool {
        self.pieces.contains(&TemplatePiece::Size)
    }

    /// Fills the template in and returns the path relative to `--out`. Empty path components
    /// (an empty `{dir}` at the top of the input) are dropped, so no `//` or leading `/` appears.
    pub fn render(&self, values: &NameValues) -> PathBuf {
        let mut text = String::new();
        for piece in &self.pieces {
            match piece {
                TemplatePiece::Text(literal) => text.push_str(literal),
                TemplatePiece::Dir => text.push_str(values.dir),
                TemplatePiece::Stem => text.push_str(values.stem),
                TemplatePiece::SourceExt => text.push_str(values.source_ext),
                TemplatePiece::Size => text.push_str(values.size),
                TemplatePiece::Ext => text.push_str(values.ext),
            }
        }
        text.split('/')
            .filter(|part| !part.is_empty() && *part != ".")
            .collect()
    }
}

impl fmt::Display for NameTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in &self.pieces {
            match piece {
                TemplatePiece::Text(literal) => f.write_str(literal)?,
                TemplatePiece::Dir => f.write_str("{dir}")?,
                TemplatePiece::Stem => f.write_str("{stem}")?,
                TemplatePiece::SourceExt => f.write_str("{source_ext}")?,
                TemplatePiece::Size => f.write_str("{size}")?,
                TemplatePiece::Ext => f.write_str("{ext}")?,
            }
        }
        Ok(())
    }
}

/// Everything a `resize` run will do, resolved and checked.
#[derive(Debug, Clone)]
pub struct Plan {
    pub inputs: Vec<PathBuf>,
    pub out_dir: PathBuf,
    pub sizes: Vec<ThumbnailSpec>,
    pub fit: Fit,
    pub enlarge: bool,
    pub format: OutputFormat,
    /// `--quality`; `None` means each format's default (`quality_for`).
    pub quality: Option<u8>,
    /// `--lossless` (WebP only).
    pub lossless: bool,
    /// `--effort` (WebP and AVIF only): libwebp's `method` 0-6, or AVIF's 0-9 (rav1e speed 10
    /// minus it); `None` means the format's default.
    pub effort: Option<u8>,
    /// `--colorspace`.
    pub colour: ColourPolicy,
    /// `--cmyk-profile`: read (and checked) by `run_plan`, before any work.
    pub cmyk_profile: Option<PathBuf>,
    /// `--metadata`.
    pub metadata: MetadataPolicy,
    pub name: NameTemplate,
    /// Lower-case extensions, without the dot.
    pub extensions: Vec<String>,
    pub follow_links: bool,
    pub max_pixels: u64,
    pub force: bool,
    pub dry_run: bool,
    pub json: bool,
    pub shard: Option<Shard>,
    /// Worker threads; 0 means one per CPU core.
    pub jobs: usize,
    pub fail_fast: bool,
}

impl Plan {
    /// A plan with the documented defaults, as if only the inputs and `--out` were given.
    pub fn new(inputs: Vec<PathBuf>, out_dir: impl Into<PathBuf>) -> Plan {
        Plan {
            inputs,
            out_dir: out_dir.into(),
            sizes: DEFAULT_SIZES
                .iter()
                .map(|&(name, width, height)| ThumbnailSpec {
                    name: name.to_string(),
                    width,
                    height,
                })
                .collect(),
            fit: Fit::Contain,
            enlarge: false,
            format: OutputFormat::Auto,
            quality: None,
            lossless: false,
            effort: None,
            colour: ColourPolicy::Srgb,
            cmyk_profile: None,
            metadata: MetadataPolicy::Icc,
            name: NameTemplate::parse(cli::DEFAULT_NAME).expect("the default template parses"),
            extensions: cli::IMAGE_EXTENSIONS.split(',').map(String::from).collect(),
            follow_links: false,
            max_pixels: parse_pixel_count(cli::DEFAULT_MAX_PIXELS)
                .expect("the default pixel count parses"),
            force: false,
            dry_run: false,
            json: false,
            shard: None,
            jobs: 0,
            fail_fast: false,
        }
    }

    /// Checks and resolves the flags. Does not touch the file system (see `resize::run`).
    pub fn from_args(args: &ResizeArgs) -> Result<Plan, PlanError> {
        let mut plan = Plan::new(args.inputs.clone(), args.out.clone());
        plan.sizes = resolve_sizes(&args.size_definitions, &args.sizes)?;
        plan.fit = match args.fit {
            FitArg::Contain => Fit::Contain,
            FitArg::Cover => Fit::Cover,
        };
        plan.enlarge = args.enlarge;
        plan.format = match args.format {
            FormatArg::Auto => OutputFormat::Auto,
            FormatArg::Jpeg => OutputFormat::Fixed(EncodedFormat::Jpeg),
            FormatArg::Png => OutputFormat::Fixed(EncodedFormat::Png),
            FormatArg::Webp => OutputFormat::Fixed(EncodedFormat::WebP),
            FormatArg::Avif => OutputFormat::Fixed(EncodedFormat::Avif),
        };
        plan.quality = args.quality;
        plan.colour = match args.colorspace {
            ColorspaceArg::Srgb => ColourPolicy::Srgb,
            ColorspaceArg::Keep => ColourPolicy::Keep,
        };
        plan.cmyk_profile = args.cmyk_profile.clone();
        plan.metadata = match args.metadata {
            MetadataArg::Icc => MetadataPolicy::Icc,
            MetadataArg::Copyright => MetadataPolicy::Copyright,
            MetadataArg::Exif => MetadataPolicy::Exif,
            MetadataArg::None => MetadataPolicy::None,
        };
        if plan.metadata == MetadataPolicy::None && plan.colour == ColourPolicy::Keep {
            return Err(PlanError::KeepWithoutProfile);
        }
        plan.lossless = args.lossless;
        if plan.lossless && plan.format != OutputFormat::Fixed(EncodedFormat::WebP) {
            return Err(PlanError::LosslessWithoutWebp);
        }
        plan.effort = args.effort;
        match (plan.effort, plan.format) {
            (None, _) | (Some(_), OutputFormat::Fixed(EncodedFormat::Avif)) => {}
            (Some(effort), OutputFormat::Fixed(EncodedFormat::WebP)) if effort > 6 => {
                return Err(PlanError::WebpEffort { effort });
            }
            (Some(_), OutputFormat::Fixed(EncodedFormat::WebP)) => {}
            (Some(_), OutputFormat::Auto) => {
                return Err(PlanError::EffortWithoutEncoder { format: "auto" })
            }
            (Some(_), OutputFormat::Fixed(format)) => {
                return Err(PlanError::EffortWithoutEncoder {
                    format: format.name(),
                })
            }
        }
        plan.name = NameTemplate::parse(&args.name)?;
        if plan.sizes.len() > 1 && !plan.name.uses_size() {
            return Err(PlanError::NameWithoutSize {
                text: args.name.clone(),
                sizes: plan.sizes.len(),
            });
        }
        plan.extensions = args
            .ext
            .iter()
            .map(|ext| ext.trim().trim_start_matches('.').to_ascii_lowercase())
            .filter(|ext| !ext.is_empty())
            .collect();
        if plan.extensions.is_empty() {
            return Err(PlanError::NoExtension);
        }
        plan.follow_links = args.follow_links;
        plan.max_pixels = parse_pixel_count(&args.max_pixels)?;
        plan.force = args.force;
        plan.dry_run = args.dry_run;
        plan.json = args.json;
        plan.shard = args.shard.as_deref().map(Shard::parse).transpose()?;
        plan.jobs = args.jobs.map_or(0, usize::from);
        plan.fail_fast = args.fail_fast;
        Ok(plan)
    }

    /// The output path of one thumbnail of a source, under `--out`.
    pub fn output_path(
        &self,
        relative_source: &Path,
        spec: &ThumbnailSpec,
        format: EncodedFormat,
    ) -> PathBuf {
        let dir = relative_source
            .parent()
            .map(path_with_slashes)
            .unwrap_or_default();
        let stem = relative_source
            .file_stem()
            .map(|stem| stem.to_string_lossy())
            .unwrap_or_default();
        let source_ext = relative_source
            .extension()
            .map(|ext| ext.to_string_lossy())
            .unwrap_or_default();
        let relative = self.name.render(&NameValues {
            dir: &dir,
            stem: &stem,
            source_ext: &source_ext,
            size: &spec.name,
            ext: format.extension(),
        });
        self.out_dir.join(relative)
    }

    /// The quality a lossy format is written at: `--quality`, or the format's default.
    pub fn quality_for(&self, format: EncodedFormat) -> u8 {
        self.quality.unwrap_or(match format {
            EncodedFormat::Jpeg | EncodedFormat::Png => cli::DEFAULT_JPEG_QUALITY,
            EncodedFormat::WebP => cli::DEFAULT_WEBP_QUALITY,
            EncodedFormat::Avif => cli::DEFAULT_AVIF_QUALITY,
        })
    }

    /// Whether thumbnails in `format` are written lossy (`--quality` applies to them).
    pub fn is_lossy(&self, format: EncodedFormat) -> bool {
        match format {
            EncodedFormat::Jpeg | EncodedFormat::Avif => true,
            EncodedFormat::WebP => !self.lossless,
            EncodedFormat::Png => false,
        }
    }

    /// The largest box any thumbnail needs, for decoders that can decode at a reduced scale.
    pub fn largest_box(&self) -> (u32, u32) {
        self.sizes.iter().fold((0, 0), |(w, h), spec| {
            (w.max(spec.width), h.max(spec.height))
        })
    }
}

/// A path's components joined with '/', the same on every platform (for `{dir}` and `--shard`).
pub fn path_with_slashes(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect();
    parts.join("/")
}

/// Applies `--size NAME=WxH` definitions to the built-in sizes, then `--sizes` selects.
pub fn resolve_sizes(
    definitions: &[String],
    selection: &[String],
) -> Result<Vec<ThumbnailSpec>, PlanError> {
    let mut known: Vec<ThumbnailSpec> = Plan::new(Vec::new(), "").sizes;
    for definition in definitions {
        let spec = parse_size_definition(definition)?;
        match known.iter_mut().find(|existing| existing.name == spec.name) {
            Some(existing) => *existing = spec,
            None => known.push(spec),
        }
    }
    let selection: Vec<&str> = selection
        .iter()
        .map(|name| name.trim())
        .filter(|name| !name.is_empty())
        .collect();
    if selection.is_empty() {
        return Ok(known);
    }
    let mut chosen: Vec<ThumbnailSpec> = Vec::new();
    for name in selection {
        let spec = known.iter().find(|spec| spec.name == name).ok_or_else(|| {
            let names: Vec<_> = known.iter().map(|spec| spec.name.as_str()).collect();
            PlanError::UnknownSize {
                name: name.to_string(),
                known: names.join(", "),
            }
        })?;
        if !chosen.contains(spec) {
            chosen.push(spec.clone());
        }
    }
    Ok(chosen)
}

/// Parses `NAME=WIDTHxHEIGHT`, e.g. `avatar=96x96`.
pub fn parse_size_definition(text: &str) -> Result<ThumbnailSpec, PlanError> {
    let bad = |why: &'static str| PlanError::Size {
        text: text.to_string(),
        why,
    };
    let (name, dimensions) = text.split_once('=').ok_or_else(|| bad("no '='"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(bad("the name is empty"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(bad("a name may hold only letters, digits, '-' and '_'"));
    }
    let (width, height) = dimensions
        .trim()
        .split_once(['x', 'X'])
        .ok_or_else(|| bad("no 'x' between width and height"))?;
    let parse_side = |side: &str| -> Result<u32, PlanError> {
        match side.trim().parse::<u32>() {
            Ok(value) if (1..=65535).contains(&value) => Ok(value),
            Ok(_) => Err(bad("width and height must be between 1 and 65535")),
            Err(_) => Err(bad("width and height must be whole numbers")),
        }
    };
    Ok(ThumbnailSpec {
        name: name.to_string(),
        width: parse_side(width)?,
        height: parse_side(height)?,
    })
}

/// Parses a pixel count: `100000000`, `100M`, `1.5G`, `500K` (decimal multipliers).
pub fn parse_pixel_count(text: &str) -> Result<u64, PlanError> {
    let bad = || PlanError::MaxPixels {
        text: text.to_string(),
    };
    let trimmed = text.trim();
    let (number, multiplier) = match trimmed.chars().last() {
        Some('k' | 'K') => (&trimmed[..trimmed.len() - 1], 1e3),
        Some('m' | 'M') => (&trimmed[..trimmed.len() - 1], 1e6),
        Some('g' | 'G') => (&trimmed[..trimmed.len() - 1], 1e9),
        _ => (trimmed, 1.0),
    };
    let value: f64 = number.trim().parse().map_err(|_| bad())?;
    let pixels = value * multiplier;
    if !pixels.is_finite() || !(1.0..=1e15).contains(&pixels) {
        return Err(bad());
    }
    Ok(pixels.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(name: &str, width: u32, height: u32) -> ThumbnailSpec {
        ThumbnailSpec {
            name: name.into(),
            width,
            height,
        }
    }

    #[test]
    fn default_sizes_are_the_pipelines() {
        let sizes = resolve_sizes(&[], &[]).unwrap();
        assert_eq!(
            sizes,
            vec![
                spec("small", 150, 150),
                spec("medium", 400, 400),
                spec("large", 800, 800)
            ]
        );
    }

    #[test]
    fn size_definitions_add_and_override() {
        let sizes = resolve_sizes(&["avatar=96x64".into(), "small=120X100".into()], &[]).unwrap();
        assert_eq!(sizes[0], spec("small", 120, 100));
        assert_eq!(sizes[3], spec("avatar", 96, 64));
        assert_eq!(sizes.len(), 4);
    }

    #[test]
    fn sizes_selects_in_the_given_order_without_duplicates() {
        let sizes = resolve_sizes(
            &["avatar=96x96".into()],
            &["avatar".into(), "small".into(), "avatar".into()],
        )
        .unwrap();
        assert_eq!(sizes, vec![spec("avatar", 96, 96), spec("small", 150, 150)]);
    }

    #[test]
    fn unknown_size_name_lists_the_known_ones() {
        let err = resolve_sizes(&[], &["huge".into()]).unwrap_err();
        assert!(err.to_string().contains("'huge'"), "{err}");
        assert!(err.to_string().contains("small, medium, large"), "{err}");
    }

    #[test]
    fn bad_size_definitions_say_what_is_wrong() {
        for (input, expected) in [
            ("avatar", "no '='"),
            ("=96x96", "name is empty"),
            ("av atar=96x96", "letters, digits"),
            ("avatar=96", "no 'x'"),
            ("avatar=0x96", "between 1 and 65535"),
            ("avatar=96x70000", "between 1 and 65535"),
            ("avatar=ax96", "whole numbers"),
            ("avatar=-5x96", "whole numbers"),
        ] {
            let err = parse_size_definition(input).unwrap_err();
            assert!(err.to_string().contains(expected), "{input}: {err}");
            assert!(
                err.to_string().contains(input),
                "{input}: message names the value: {err}"
            );
        }
    }

    #[test]
    fn shard_parsing() {
        assert_eq!(Shard::parse("1/1").unwrap(), Shard { index: 1, count: 1 });
        assert_eq!(Shard::parse("3/8").unwrap(), Shard { index: 3, count: 8 });
        for bad in ["0/4", "5/4", "1/0", "1", "a/4", "1/b", "-1/4", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn shards_partition_every_path_exactly_once() {
        let paths: Vec<String> = (0..500)
            .map(|i| format!("dir{}/img{i}.jpg", i % 7))
            .collect();
        let count = 4;
        let mut per_shard = vec![0; count as usize];
        for path in &paths {
            let owners: Vec<u32> = (1..=count)
                .filter(|&index| Shard { index, count }.contains(path.as_bytes()))
                .collect();
            assert_eq!(owners.len(), 1, "{path} owned by {owners:?}");
            per_shard[owners[0] as usize - 1] += 1;
        }
        // FNV-1a spreads these names well: no shard is starved.
        assert!(per_shard.iter().all(|&n| n > 80), "{per_shard:?}");
    }

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        // From the FNV reference test suite, so the split is the same on every machine.
        assert_eq!(fnv1a_64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn name_templates_render_and_drop_empty_dirs() {
        let template = NameTemplate::parse("{dir}/{stem}_{size}.{ext}").unwrap();
        let values = |dir| NameValues {
            dir,
            stem: "cat",
            source_ext: "png",
            size: "small",
            ext: "jpg",
        };
        assert_eq!(template.render(&values("")), PathBuf::from("cat_small.jpg"));
        assert_eq!(
            template.render(&values("a/b")),
            PathBuf::from("a/b/cat_small.jpg")
        );
        let by_size = NameTemplate::parse("{size}/{dir}/{stem}.{source_ext}.{ext}").unwrap();
        assert_eq!(
            by_size.render(&values("a")),
            PathBuf::from("small/a/cat.png.jpg")
        );
        assert_eq!(
            by_size.to_string(),
            "{size}/{dir}/{stem}.{source_ext}.{ext}"
        );
    }

    #[test]
    fn bad_name_templates_are_refused() {
        for (input, expected) in [
            ("{dir}/{stem}_{sise}.{ext}", "unknown placeholder {sise}"),
            ("{dir}/{stem", "never closed"),
            ("{dir}/stem}", "no matching"),
            ("../{stem}_{size}.{ext}", "outside --out"),
            ("/tmp/{stem}_{size}.{ext}", "relative"),
            ("{dir}/thumb_{size}.{ext}", "needs {stem}"),
        ] {
            let err = NameTemplate::parse(input).unwrap_err();
            assert!(err.to_string().contains(expected), "{input}: {err}");
        }
    }

    #[test]
    fn pixel_counts() {
        assert_eq!(parse_pixel_count("100M").unwrap(), 100_000_000);
        assert_eq!(parse_pixel_count("1.5g").unwrap(), 1_500_000_000);
        assert_eq!(parse_pixel_count("2500").unwrap(), 2500);
        assert_eq!(parse_pixel_count(" 500K ").unwrap(), 500_000);
        for bad in ["", "M", "-5", "0", "ten", "1e30"] {
            assert!(parse_pixel_count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn output_paths_mirror_the_input_tree() {
        let plan = Plan::new(vec![], "/out");
        let small = &plan.sizes[0];
        assert_eq!(
            plan.output_path(Path::new("2024/jan/IMG_1.JPG"), small, EncodedFormat::Jpeg),
            PathBuf::from("/out/2024/jan/IMG_1_small.jpg")
        );
        assert_eq!(
            plan.output_path(Path::new("logo.png"), small, EncodedFormat::Png),
            PathBuf::from("/out/logo_small.png")
        );
    }

    fn plan_of(flags: &[&str]) -> Result<Plan, PlanError> {
        use clap::Parser;
        let mut words = vec!["thumbctl", "resize", "in", "--out", "out"];
        words.extend_from_slice(flags);
        let cli = cli::Cli::try_parse_from(words).unwrap();
        let cli::Command::Resize(args) = cli.command else {
            panic!("resize")
        };
        Plan::from_args(&args)
    }

    #[test]
    fn effort_is_for_webp_and_avif_only_and_unset_by_default() {
        assert_eq!(plan_of(&["--format", "webp"]).unwrap().effort, None);
        assert_eq!(plan_of(&["--format", "avif"]).unwrap().effort, None);
        for flags in [
            &["--format", "webp", "--effort", "0"][..],
            &["--format", "webp", "--effort", "6", "--lossless"][..],
            &["--format", "avif", "--effort", "0"][..],
            &["--format", "avif", "--effort", "9"][..],
        ] {
            let effort: u8 = flags[3].parse().unwrap();
            assert_eq!(plan_of(flags).unwrap().effort, Some(effort), "{flags:?}");
        }
        let err = plan_of(&["--format", "webp", "--effort", "7"]).unwrap_err();
        assert_eq!(err, PlanError::WebpEffort { effort: 7 });
        assert!(err.to_string().contains("0-6"), "{err}");
        for format in ["auto", "jpeg", "png"] {
            let err = plan_of(&["--format", format, "--effort", "2"]).unwrap_err();
            let expected = format!("not to --format {format}");
            assert!(err.to_string().contains(&expected), "{err}");
            assert!(err.to_string().contains("--effort"), "{err}");
        }
        // Without --format it is auto, which never writes WebP or AVIF.
        assert_eq!(
            plan_of(&["--effort", "2"]).unwrap_err(),
            PlanError::EffortWithoutEncoder { format: "auto" }
        );
    }

    #[test]
    fn auto_format_follows_alpha() {
        assert_eq!(OutputFormat::Auto.resolve(false), EncodedFormat::Jpeg);
        assert_eq!(OutputFormat::Auto.resolve(true), EncodedFormat::Png);
        let webp = OutputFormat::Fixed(EncodedFormat::WebP);
        assert_eq!(webp.resolve(true), EncodedFormat::WebP);
    }

    #[test]
    fn webp_is_lossy_unless_lossless_is_asked() {
        let lossy = plan_of(&["--format", "webp"]).unwrap();
        let lossless = plan_of(&["--format", "webp", "--lossless"]).unwrap();
        assert!(lossy.is_lossy(EncodedFormat::WebP));
        assert!(!lossless.is_lossy(EncodedFormat::WebP));
        for (format, is_lossy) in [
            (EncodedFormat::Jpeg, true),
            (EncodedFormat::Avif, true),
            (EncodedFormat::Png, false),
        ] {
            assert_eq!(lossless.is_lossy(format), is_lossy, "{}", format.name());
        }
    }
}
