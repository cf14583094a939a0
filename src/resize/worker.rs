//! One worker thread's part of the run: each source it takes is decoded once, and every size is
//! made from that decode (each from a larger thumbnail where it can), encoded and written
//! atomically.

use std::fs;
use std::path::Path;
use std::time::{Instant, SystemTime};

use image::metadata::Orientation;
use image::DynamicImage;

use super::decode::colour::CmykProfile;
use super::decode::{decode_source, probe_source, DecodeRequest};
use super::discover::Source;
use super::encode;
use super::error::SourceError;
use super::exif;
use super::plan::{self, Plan};
use super::report::{Outcome, OutputReport, SourceReport};
use super::thumbnail::{self, target_dimensions, Thumbnailer};
use crate::metrics::Metrics;

/// The per-thread state of the pipeline: the resizer's scratch buffers and an encode buffer,
/// reused from one source to the next.
pub(super) struct Worker<'run> {
    thumbnailer: Thumbnailer,
    encoded: Vec<u8>,
    metrics: Metrics,
    /// `--cmyk-profile`, loaded once for the run (`None`: the built-in profile).
    untagged_cmyk: Option<&'run CmykProfile>,
}

impl<'run> Worker<'run> {
    pub(super) fn new(metrics: Metrics, untagged_cmyk: Option<&'run CmykProfile>) -> Worker<'run> {
        Worker {
            thumbnailer: Thumbnailer::new(),
            encoded: Vec::new(),
            metrics,
            untagged_cmyk,
        }
    }

    pub(super) fn process(&mut self, plan: &Plan, source: &Source) -> SourceReport {
        let started = Instant::now();
        let span = crate::apm::resize::source_started(&source.relative);
        let mut report = SourceReport::new(source.path.clone(), Outcome::Written);
        let result = self.make_thumbnails(plan, source, &mut report, &span);
        report.elapsed = started.elapsed();
        if let Err(error) = result {
            report.outcome = Outcome::Failed;
            report.error = Some(error);
        }
        let reason = report.error.as_ref().map(SourceError::reason);
        span.finish(
            report.outcome.name(),
            reason,
            report.source_bytes,
            report.dimensions,
        );
        tracing::debug!(
            path = %source.path.display(),
            outcome = report.outcome.name(),
            elapsed_ms = report.elapsed.as_secs_f64() * 1e3,
            "source done"
        );
        report
    }

    fn make_thumbnails(
        &mut self,
        plan: &Plan,
        source: &Source,
        report: &mut SourceReport,
        span: &crate::apm::resize::SourceSpan,
    ) -> Result<(), SourceError> {
        let metadata = fs::metadata(&source.path).map_err(SourceError::Read)?;
        if !metadata.is_file() {
            // A FIFO or device named on the command line would block or never end.
            return Err(SourceError::Unsupported("not a regular file".into()));
        }
        report.source_bytes = metadata.len();
        if !plan.force {
            if let Ok(source_modified) = metadata.modified() {
                if outputs_up_to_date(plan, source, source_modified) {
                    report.outcome = Outcome::Skipped;
                    return Ok(());
                }
            }
        }
        if plan.dry_run {
            return plan_outputs(plan, source, report);
        }

        // A JPEG source has no alpha, so this is the format its thumbnails get.
        let jpeg_source_format = plan.format.resolve(false);
        let request = DecodeRequest {
            needed_box: plan.largest_box(),
            fit: plan.fit,
            max_pixels: plan.max_pixels,
            colour: plan.colour,
            untagged_cmyk: self.untagged_cmyk,
            // YCbCr is only worth it where libjpeg converts colours in C (see
            // converts_colour_in_simd).
            allow_ycbcr: jpeg_source_format == plan::EncodedFormat::Jpeg
                && !super::libjpeg::converts_colour_in_simd(),
            lossy_quality: plan
                .is_lossy(jpeg_source_format)
                .then(|| plan.quality_for(jpeg_source_format)),
        };
        let decode_span = span.decode();
        let mut decoded = decode_source(&source.path, &request)?;
        drop(decode_span);
        report.source_bytes = decoded.source_bytes;
        report.dimensions = Some(decoded.info.display_dimensions());
        decoded.drop_unused_alpha();
        let format = plan.format.resolve(decoded.info.has_alpha);
        let exif = decoded
            .exif
            .as_deref()
            .and_then(|exif| exif::filtered(exif, plan.metadata));
        let settings = encode::EncodeSettings {
            format,
            quality: plan.quality_for(format),
            lossless: plan.lossless,
            effort: plan.effort,
            icc_profile: decoded
                .icc_profile
                .as_deref()
                .filter(|_| plan.metadata.keeps_icc()),
            exif: exif.as_deref(),
            ycbcr: decoded.ycbcr,
        };
        let info = decoded.info;
        // Largest size first: each smaller size is resized from the smallest thumbnail already
        // made that is still at least CASCADE_MARGIN times its size (a proper Lanczos3 filter
        // at every step), instead of from the whole decode again.
        let mut order: Vec<usize> = (0..plan.sizes.len()).collect();
        order.sort_by_key(|&index| {
            let spec = &plan.sizes[index];
            std::cmp::Reverse(u64::from(spec.width) * u64::from(spec.height))
        });
        let mut made: Vec<(usize, DynamicImage)> = Vec::with_capacity(order.len());
        let mut outputs: Vec<(usize, OutputReport)> = Vec::with_capacity(order.len());
        for &index in &order {
            let spec = &plan.sizes[index];
            let thumbnail_span = span.thumbnail(&spec.name);
            let thumbnail_started = Instant::now();
            let target = thumbnail::stored_target(&info, spec, plan.fit, plan.enlarge);
            let from = made
                .iter()
                .rev()
                .find(|(made_index, image)| {
                    cascades_to(plan, &plan.sizes[*made_index], spec, image, target)
                })
                .map_or(&decoded.pixels, |(_, image)| image);
            let stored = self
                .thumbnailer
                .make_stored(from, &info, spec, plan.fit, plan.enlarge)
                .map_err(|error| SourceError::EncodeFailed {
                    size: spec.name.clone(),
                    error,
                })?;
            let upright = if info.orientation == Orientation::NoTransforms {
                None
            } else {
                let mut upright = stored.clone();
                upright.apply_orientation(info.orientation);
                Some(upright)
            };
            let thumbnail = upright.as_ref().unwrap_or(&stored);
            encode::encode_thumbnail(thumbnail, &settings, &mut self.encoded).map_err(|error| {
                SourceError::EncodeFailed {
                    size: spec.name.clone(),
                    error,
                }
            })?;
            let path = plan.output_path(&source.relative, spec, format);
            encode::write_atomically(&path, &self.encoded).map_err(|error| SourceError::Write {
                path: path.clone(),
                error,
            })?;
            let bytes = self.encoded.len() as u64;
            thumbnail_span.written(thumbnail.width(), thumbnail.height(), bytes);
            self.metrics.thumbnail_generated(
                &spec.name,
                format.name(),
                thumbnail_started.elapsed(),
                bytes,
            );
            outputs.push((
                index,
                OutputReport {
                    size: spec.name.clone(),
                    path,
                    width: thumbnail.width(),
                    height: thumbnail.height(),
                    bytes,
                    format: format.name(),
                },
            ));
            made.push((index, stored));
        }
        outputs.sort_by_key(|(index, _)| *index);
        report
            .outputs
            .extend(outputs.into_iter().map(|(_, output)| output));
        Ok(())
    }
}

/// A smaller thumbnail is made from a larger one when it is at least `CASCADE_MARGIN` times
/// the size in both directions (a little under 2, so 800x451 still feeds 400x226) and shows the same part of the image (always for `contain`; for
/// `cover` only when both boxes have the same shape, so the crop is the same).
const CASCADE_MARGIN: f64 = 1.9;

fn cascades_to(
    plan: &Plan,
    larger_spec: &plan::ThumbnailSpec,
    spec: &plan::ThumbnailSpec,
    larger: &DynamicImage,
    target: (u32, u32),
) -> bool {
    let same_view = match plan.fit {
        plan::Fit::Contain => true,
        plan::Fit::Cover => {
            u64::from(larger_spec.width) * u64::from(spec.height)
                == u64::from(larger_spec.height) * u64::from(spec.width)
        }
    };
    same_view
        && f64::from(larger.width()) >= CASCADE_MARGIN * f64::from(target.0)
        && f64::from(larger.height()) >= CASCADE_MARGIN * f64::from(target.1)
}

/// `--dry-run`: read the header only, and list the outputs with their dimensions.
fn plan_outputs(
    plan: &Plan,
    source: &Source,
    report: &mut SourceReport,
) -> Result<(), SourceError> {
    let info = probe_source(&source.path, plan.max_pixels)?;
    let display = info.display_dimensions();
    report.outcome = Outcome::Planned;
    report.dimensions = Some(display);
    let format = plan.format.resolve(info.has_alpha);
    for spec in &plan.sizes {
        let (width, height) =
            target_dimensions(display, (spec.width, spec.height), plan.fit, plan.enlarge);
        report.outputs.push(OutputReport {
            size: spec.name.clone(),
            path: plan.output_path(&source.relative, spec, format),
            width,
            height,
            bytes: 0,
            format: format.name(),
        });
    }
    Ok(())
}

/// True when every size has an output (in any format the source may be written in) that is not
/// older than the source: re-running over an unchanged tree costs a few `stat` calls per file.
fn outputs_up_to_date(plan: &Plan, source: &Source, source_modified: SystemTime) -> bool {
    plan.sizes.iter().all(|spec| {
        plan.format.candidates().iter().any(|&format| {
            is_not_older(
                &plan.output_path(&source.relative, spec, format),
                source_modified,
            )
        })
    })
}

fn is_not_older(path: &Path, than: SystemTime) -> bool {
    fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .is_ok_and(|modified| modified >= than)
}
