//! `flowspec`: check, format and explain `.flow` integration designs.

mod check;
mod explain;
mod export;
mod export_mapping;
mod fmt;
mod graph;
mod import;
mod load;
mod mcp;
mod output;
mod render;
mod report;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Exit status for usage errors and unreadable paths.
const USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "flowspec",
    version,
    about = "Check, format and explain .flow integration designs",
    long_about = "Flowspec reads .flow files: data-integration designs that answer six questions for every flow (tools, data, transformation, timing, frequency, volume). It reports what each flow leaves unanswered, and what does not make sense."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report problems and unanswered questions in designs
    Check(check::Args),
    /// Rewrite designs in the canonical layout
    Fmt(fmt::Args),
    /// Run the language server on stdin and stdout (for editors)
    Lsp {
        /// Accepted for editor clients that pass it; stdio is the only transport
        #[arg(long)]
        stdio: bool,
    },
    /// Turn a design into another tool's files (OpenFn, the mapping table as CSV)
    Export(export::Args),
    /// Turn another tool's files into a design (OpenFn)
    Import(import::Args),
    /// Draw the data process as a picture (SVG, PNG, Draw.io, DOT or Mermaid)
    #[command(long_about = graph::HELP)]
    Graph(graph::Args),
    /// Write the design as one HTML page for stakeholders
    #[command(long_about = report::HELP)]
    Report(report::Args),
    /// Show the design as a live page in the browser, updated as files are saved
    #[command(long_about = serve::HELP)]
    Serve(serve::Args),
    /// Serve the design to AI assistants (Model Context Protocol on stdio)
    #[command(long_about = mcp::HELP)]
    Mcp(mcp::Args),
    /// Explain a diagnostic code, with an example
    Explain {
        /// A code such as `unanswered-volume` (or `all` for the list)
        code: String,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Paths default to the current folder.
pub fn paths_or_default(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Explain { code } => explain::run(&code),
        Command::Export(args) => export::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Mcp(args) => mcp::run(&args),
        Command::Lsp { stdio: _ } => match flowspec_lsp::run_stdio() {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: the language server could not start: {e}");
                1
            }
        },
    };
    ExitCode::from(status)
}
