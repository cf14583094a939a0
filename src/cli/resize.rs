//! Flags of `thumbctl resize`.

use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Clone, Args)]
pub struct ResizeArgs {
    /// Image files and directories to thumbnail (directories are walked recursively).
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,

    /// Folder the thumbnails are written under.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
}
