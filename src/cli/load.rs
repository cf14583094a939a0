//! Flags of `thumbctl load`.

use clap::Args;

#[derive(Debug, Clone, Args)]
pub struct LoadArgs {
    /// Base URL of the service under test.
    #[arg(long, default_value = "http://localhost:3001", value_name = "URL")]
    pub target: String,
}
