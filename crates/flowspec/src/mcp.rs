//! `flowspec mcp`: the design for AI assistants, over the Model Context
//! Protocol on stdio. The server is `flowspec-mcp`'s.

use std::path::PathBuf;

use crate::paths_or_default;

pub const HELP: &str = "\
Run a Model Context Protocol server on stdin and stdout, for AI assistants \
(Claude Desktop and Claude Code, VS Code, Cursor, …). Its tools: list_design \
(the tools, people and flows), get_flow (one flow's six answers and open \
questions), check (the diagnostics `flowspec check --format json` prints), \
explain (a diagnostic code), draw (SVG, PNG, Draw.io, DOT, Mermaid) and \
export_openfn. Each call reads the design's files afresh. Read-only: it \
never writes a file.

The assistant starts it; configure it with the command `flowspec` and the \
arguments `mcp` and the design's folder (see the README).";

#[derive(clap::Args)]
pub struct Args {
    /// Files and folders of the design; a folder means every .flow file
    /// below it. Default: the current folder
    paths: Vec<PathBuf>,
}

pub fn run(args: &Args) -> u8 {
    match flowspec_mcp::run(paths_or_default(&args.paths)) {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {message}");
            1
        }
    }
}
