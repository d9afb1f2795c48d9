//! A design on disk as every command sees it, shared by `flowspec check`,
//! `flowspec serve` and `flowspec mcp` so that the three say the same thing:
//!
//! - [`load`]: the workspace the paths name (the language's workspace rule);
//! - [`diagnostics`]: its diagnostics, sorted by file, as `check --format
//!   json` prints them, and the one-line summary;
//! - [`design`]: its flows (with their six answers), tools and people as
//!   data, in the diagram's order (a card per box and per arrow);
//! - [`explain`]: the reference's section on a diagnostic code;
//! - [`openfn`]: the projects kept beside the design, for an export.
//!
//! Pure but for [`load`] and [`openfn`], which read files.

pub mod design;
pub mod diagnostics;
pub mod explain;
pub mod load;
pub mod openfn;

pub use design::{Design, design};
pub use diagnostics::{FileDiagnostics, collect, json, summary};
pub use load::{describe_path_error, design_name, display_path, load_workspace};
