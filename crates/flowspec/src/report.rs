//! `flowspec report`: the design as one self-contained HTML page for
//! stakeholders. The page is `flowspec-diagram`'s; this reads and writes.

use std::path::PathBuf;

use crate::graph::note_errors;
use crate::load::load_workspace;
use crate::output::{refuse_existing, write_and_say};
use crate::{USAGE, paths_or_default};

pub const HELP: &str = "\
Write the design as one HTML page for people who never open an editor: the \
files' doc comments as an introduction, the diagram, each flow's answers to \
the six questions (unanswered ones flagged), the open questions (tbd, \
unknown), the manual steps (people in chains: candidates for automation) and \
the inventory of tools (kind, owner, OpenFn adaptor). The page needs no \
network (styles and the diagram are inline) and prints cleanly. Files are \
named by their path from the design's folder (the folder holding them all), \
never as given on the command line.

An existing output file is not overwritten unless --force is given: a report \
may have been sent or annotated since it was written.

Exit status: 0 when the page is written; 1 when it cannot be written; 2 for \
usage errors, unreadable paths and an output file that exists (without \
--force).";

#[derive(clap::Args)]
pub struct Args {
    /// Files and folders of the design; a folder means every .flow file
    /// below it. All paths form one workspace. Default: the current folder
    paths: Vec<PathBuf>,
    /// The page to write, e.g. design.html, or `-` for stdout. Default: stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Overwrite the output file if it exists
    #[arg(long)]
    force: bool,
    /// discovery: also show each flow's discovery checklist (shown anyway
    /// when the design answers a discovery question)
    #[arg(long, value_enum, default_value_t = crate::check::ProfileArg::Design)]
    profile: crate::check::ProfileArg,
}

pub fn run(args: &Args) -> u8 {
    if let Some(status) = refuse_existing(args.output.as_ref(), args.force) {
        return status;
    }
    let mut workspace = match load_workspace(&paths_or_default(&args.paths)) {
        Ok(w) => w,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    workspace.set_profile(args.profile.profile());
    note_errors(&workspace);
    let html = flowspec_diagram::report(&workspace);
    write_and_say(args.output.as_ref(), &html, args.force)
}
