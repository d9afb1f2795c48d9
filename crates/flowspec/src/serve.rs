//! `flowspec serve`: the design as a live page in the browser. The server
//! is `flowspec-serve`'s; this reads the command line.

use std::net::IpAddr;
use std::path::PathBuf;

use crate::paths_or_default;

pub const HELP: &str = "\
Serve the design as a live, read-only page: the diagram with pan and zoom \
(drag, scroll, + and −), a card for each tool, person and flow (click a box \
or an arrow; a flow's card has its six answers), the report and the \
problems `flowspec check` finds. Saving a file updates the page within a \
moment, keeping the view.

The page listens on this machine only (127.0.0.1), on a free port unless \
--port, and prints its address. --host ADDRESS (such as 0.0.0.0) shares it \
on a network: anyone who can reach the machine can then read the design. \
Only the design's own .flow files are ever served.

Exit status: 0 when stopped with Ctrl+C; 1 when the server cannot listen \
(the port is taken); 2 for usage errors and unreadable paths.";

#[derive(clap::Args)]
pub struct Args {
    /// Files and folders of the design; a folder means every .flow file
    /// below it. Default: the current folder
    paths: Vec<PathBuf>,
    /// The port to listen on. Default: a free one
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The address to listen on, to share the page on a network (prints a
    /// warning). Default: 127.0.0.1, this machine only
    #[arg(long, value_name = "ADDRESS")]
    host: Option<IpAddr>,
    /// Open the page in the browser ($BROWSER, else the system's)
    #[arg(long)]
    open: bool,
}

pub fn run(args: &Args) -> u8 {
    let options = flowspec_serve::Options {
        paths: paths_or_default(&args.paths),
        host: args.host,
        port: args.port,
        open: args.open,
    };
    match flowspec_serve::run(options) {
        Ok(()) => 0,
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            failure.status
        }
    }
}
