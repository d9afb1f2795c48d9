//! Exporters: a `.flow` design turned into the files another tool runs.
//!
//! Pure, like the analysis it reads: a [`flowspec_analysis::Workspace`] and
//! some options in, the output text and a list of notes out. No I/O; the
//! `flowspec export` command reads the design, writes the file and prints
//! the notes.
//!
//! - [`openfn`]: an OpenFn project (a 4.0 workspace folder or project file,
//!   or the v1 `project.yaml`) or a CLI execution plan (`workflow.json`).
//! - [`mapping`]: every flow's mapping table as CSV (the mapping
//!   spreadsheet).

pub mod mapping;
pub mod openfn;
