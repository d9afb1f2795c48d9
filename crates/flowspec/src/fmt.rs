//! `flowspec fmt`: rewrite designs in the canonical layout.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Files and folders to format (`-` reads stdin and writes stdout).
    /// Default: the current folder
    paths: Vec<PathBuf>,
    /// Change nothing: list the files that are not formatted and exit 1
    #[arg(long)]
    check: bool,
}

pub fn run(_args: &Args) -> u8 {
    0
}
