//! Why one source failed. Each variant has a short reason tag used in the JSON report, the
//! summary and the `worker.process.count` metric, and a message in words for the stderr line.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("file is empty")]
    Empty,

    #[error("not a recognised image format")]
    NotAnImage,

    #[error("unsupported image: {0}")]
    Unsupported(String),

    #[error("file is truncated: {0}")]
    Truncated(String),

    #[error("cannot decode: {0}")]
    DecodeFailed(String),

    #[error(
        "image is {width}x{height} ({megapixels:.1} megapixels), over the --max-pixels limit \
         of {limit_megapixels:.1} megapixels"
    )]
    TooLarge {
        width: u32,
        height: u32,
        megapixels: f64,
        limit_megapixels: f64,
    },

    #[error("decoding would need more memory than allowed: {0}")]
    MemoryLimit(String),

    #[error("cannot read: {0}")]
    Read(io::Error),

    #[error("cannot encode thumbnail '{size}': {error}")]
    EncodeFailed { size: String, error: ThumbnailError },

    #[error("cannot write {}: {error}", path.display())]
    Write { path: PathBuf, error: io::Error },

    #[error(
        "would write the same file {} as {}; rename one, or add {{source_ext}} to --name",
        output.display(),
        other.display()
    )]
    Collision { output: PathBuf, other: PathBuf },

    #[error("symbolic link loop: leads back to {}", ancestor.display())]
    SymlinkLoop { ancestor: PathBuf },

    #[error("cannot read directory entry: {0}")]
    Walk(io::Error),
}

/// Why libjpeg stopped, in its own words: the payload its error and warning handlers unwind
/// with (src/resize/libjpeg.rs), and the error `catch_libjpeg` gives back.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct LibjpegError(pub(crate) String);

/// Why one thumbnail of a decoded source could not be made: resized or encoded. The text is the
/// message of an `encode_failed` report.
#[derive(Debug, thiserror::Error)]
pub enum ThumbnailError {
    #[error("unexpected pixel layout")]
    PixelLayout,
    #[error("unexpected pixel type {0:?}")]
    PixelType(fast_image_resize::PixelType),
    #[error("resized buffer has the wrong length")]
    BufferLength,
    #[error("{0}")]
    Resize(#[from] fast_image_resize::ResizeError),
    #[error("cannot encode {0:?} as JPEG")]
    JpegLayout(image::ColorType),
    #[error("YCbCr pixels cannot be written as {0} (a bug: they are decoded for JPEG only)")]
    YcbcrNotJpeg(&'static str),
    #[error("{0}")]
    Libjpeg(#[from] LibjpegError),
    #[error(
        "{width}x{height} is too large for {format}, which allows at most {limit} pixels a side"
    )]
    TooLargeForFormat {
        format: &'static str,
        width: u32,
        height: u32,
        limit: u32,
    },
    #[error("WebP: {0}")]
    Webp(String),
    #[error("AVIF: {0}")]
    Avif(String),
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("{0}")]
    Image(#[from] image::ImageError),
}

impl SourceError {
    /// The short, stable tag for reports and metrics.
    pub fn reason(&self) -> &'static str {
        match self {
            SourceError::Empty => "empty",
            SourceError::NotAnImage | SourceError::Unsupported(_) => "unsupported",
            SourceError::Truncated(_) => "truncated",
            SourceError::DecodeFailed(_) => "decode_failed",
            SourceError::TooLarge { .. } | SourceError::MemoryLimit(_) => "too_large",
            SourceError::Read(error) | SourceError::Walk(error) => io_reason(error),
            SourceError::EncodeFailed { .. } => "encode_failed",
            SourceError::Write { error, .. } => match io_reason(error) {
                "permission_denied" => "permission_denied",
                _ => "write_failed",
            },
            SourceError::Collision { .. } => "collision",
            SourceError::SymlinkLoop { .. } => "symlink_loop",
        }
    }
}

fn io_reason(error: &io::Error) -> &'static str {
    match error.kind() {
        io::ErrorKind::PermissionDenied => "permission_denied",
        io::ErrorKind::NotFound => "not_found",
        _ => "io_error",
    }
}
