//! Finding the sources: walk the inputs, pick files by extension, keep out of `--out`, and find
//! output collisions before any work starts.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::error::SourceError;
use super::plan::{path_with_slashes, Plan, Shard};

/// One image file to thumbnail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path as found, used to read the file and in every message.
    pub path: PathBuf,
    /// The path relative to its input (the file name for a file named on the command line):
    /// mirrored under `--out`, and hashed for `--shard`.
    pub relative: PathBuf,
}

/// What the walk found: the sources, and the entries it could not use (loops, unreadable
/// directories), which are reported like failed sources. A problem's `relative` path is found
/// the way a source's is, so `--shard` gives it to the same one run of a split job, wherever
/// each machine mounts the tree.
#[derive(Debug, Default)]
pub struct Discovery {
    pub sources: Vec<Source>,
    pub problems: Vec<(Source, SourceError)>,
}

/// Walks every input. Files named directly are always taken; files found in directories are taken
/// when their extension is in the plan's list. `excluded_dir` (the canonical `--out`) is never
/// entered, so thumbnails written by an earlier run are not taken as sources.
pub fn discover_sources(plan: &Plan, excluded_dir: Option<&Path>) -> Discovery {
    let mut discovery = Discovery::default();
    // The same file reached twice (named twice, or named and inside a named folder) is one source.
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut add = |discovery: &mut Discovery, source: Source| {
        let identity = source
            .path
            .canonicalize()
            .unwrap_or_else(|_| source.path.clone());
        if seen.insert(identity) {
            discovery.sources.push(source);
        }
    };

    for input in &plan.inputs {
        if !input.is_dir() {
            let name = input.file_name().map(PathBuf::from).unwrap_or_default();
            add(
                &mut discovery,
                Source {
                    path: input.clone(),
                    relative: name,
                },
            );
            continue;
        }
        let walker = WalkDir::new(input)
            .follow_links(plan.follow_links)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                let is_excluded = entry.file_type().is_dir()
                    && excluded_dir.is_some_and(|excluded| {
                        entry.path().canonicalize().ok().as_deref() == Some(excluded)
                    });
                if is_excluded {
                    tracing::debug!("not walking {}: it is --out", entry.path().display());
                }
                !is_excluded
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().unwrap_or(input).to_path_buf();
                    let entry = Source {
                        relative: relative_to(input, &path),
                        path,
                    };
                    let problem = match error.loop_ancestor() {
                        Some(ancestor) => SourceError::SymlinkLoop {
                            ancestor: ancestor.to_path_buf(),
                        },
                        None => SourceError::Walk(error.into()),
                    };
                    discovery.problems.push((entry, problem));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                if entry.path_is_symlink() && !plan.follow_links {
                    tracing::debug!(
                        "not following symbolic link {} (see --follow-links)",
                        entry.path().display()
                    );
                }
                continue;
            }
            if !has_wanted_extension(entry.path(), &plan.extensions) {
                continue;
            }
            add(
                &mut discovery,
                Source {
                    relative: relative_to(input, entry.path()),
                    path: entry.into_path(),
                },
            );
        }
    }
    discovery
}

/// `path` (found by walking `input`) relative to `input`: what `--out` mirrors and `--shard`
/// hashes.
fn relative_to(input: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(input).unwrap_or(path).to_path_buf()
}

fn has_wanted_extension(path: &Path, extensions: &[String]) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| {
            extensions
                .iter()
                .any(|wanted| wanted.eq_ignore_ascii_case(ext))
        })
}

/// Finds sources that would write the same output file. Every source of a colliding group gets
/// an error naming another member, so nothing is silently overwritten. With `--format auto` the
/// output format is only known after decoding, so any format the source might be written in
/// counts: `photo.jpg` and `photo.png` in one folder collide.
pub fn find_collisions(plan: &Plan, sources: &[Source]) -> HashMap<usize, SourceError> {
    let mut first_writer: HashMap<PathBuf, usize> = HashMap::new();
    let mut collisions: HashMap<usize, SourceError> = HashMap::new();
    for (index, source) in sources.iter().enumerate() {
        for spec in &plan.sizes {
            for &format in plan.format.candidates() {
                let output = plan.output_path(&source.relative, spec, format);
                match first_writer.get(&output) {
                    None => {
                        first_writer.insert(output, index);
                    }
                    Some(&other) if other == index => {}
                    Some(&other) => {
                        collisions
                            .entry(other)
                            .or_insert_with(|| SourceError::Collision {
                                output: output.clone(),
                                other: source.path.clone(),
                            });
                        collisions
                            .entry(index)
                            .or_insert_with(|| SourceError::Collision {
                                output,
                                other: sources[other].path.clone(),
                            });
                    }
                }
            }
        }
    }
    collisions
}

/// The bytes `--shard` hashes: the relative path with '/' separators on every platform.
pub fn shard_key(relative: &Path) -> Vec<u8> {
    path_with_slashes(relative).into_bytes()
}

/// Whether `--shard` (if any) gives this source to this run.
pub fn in_shard(shard: Option<Shard>, source: &Source) -> bool {
    shard.is_none_or(|shard| shard.contains(&shard_key(&source.relative)))
}
