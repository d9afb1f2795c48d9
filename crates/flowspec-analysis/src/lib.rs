//! The analysis of `.flow` designs: the workspace model, name resolution,
//! every check, formatting, and the queries IDE features are built on.
//!
//! Pure: no I/O, no async, no protocol types. Callers hand it file texts and
//! read back models and diagnostics with byte spans; the CLI and the
//! language server each translate those for their users.

pub mod catalog;
pub mod diagnostic;
pub mod discovery;
pub mod format;
pub mod ide;
mod lower;
pub mod model;
mod path_order;
pub mod records;
pub mod schema;
pub mod suggest;
pub mod values;
mod workspace;

pub use diagnostic::{Code, Diagnostic, Fix, Level, Severity, SeverityConfig};
pub use flowspec_syntax as syntax;
pub use workspace::{Edit, FileData, FileId, Resolution, Workspace};
