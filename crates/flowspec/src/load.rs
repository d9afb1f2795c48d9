//! Loading the paths given on the command line into one workspace: the
//! shared loader, so that `serve` and `mcp` read designs as `check` does.

pub use flowspec_design::load::{describe_path_error, display_path, load_workspace};
