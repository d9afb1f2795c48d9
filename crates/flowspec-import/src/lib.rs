//! Reading other tools' files into `.flow` designs. Pure, like the
//! exporter: the caller reads the files, this gives back texts.
//!
//! - [`read`]: an OpenFn project in any of its formats (v1 `project.yaml`,
//!   a 4.0 project file, a 4.0 workspace folder, Lightning's state JSON)
//!   into the exporter's model, with an [`Error`] that says file, line and
//!   column for anything malformed, unknown, missing, duplicated or
//!   pointing nowhere.
//! - [`import`]: that project as a design (a tool per system, a flow per
//!   workflow, the answers the triggers give, open questions for the rest
//!   with what the job code reveals), and the project itself to keep
//!   beside the design (`NAME.openfn.yaml`, a 4.0 project file) so that
//!   `flowspec export openfn` gives back its jobs, code and credentials.
//! - [`read_kept`]: that kept file, read back for the exporter.

mod design;
mod fields;
mod formats;
mod names;
mod tree;

use std::fmt;

use flowspec_export::openfn::{self, Project};

pub use design::Design;
pub use formats::slugify;
pub use tree::Pos;

/// A file of a workspace folder: its path inside the folder (`/`
/// separated) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderFile {
    pub path: String,
    pub text: String,
}

/// What to import.
#[derive(Debug, Clone)]
pub enum Source {
    /// One file: its path as messages show it, and its text. `.json` is
    /// read as JSON, anything else as YAML.
    File { path: String, text: String },
    /// A workspace folder: its path as messages show it, and its files.
    Folder {
        path: String,
        files: Vec<FolderFile>,
    },
}

/// Which format the project was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    ProjectV1,
    ProjectV4,
    Workspace,
    State,
}

impl Format {
    pub fn describe(self) -> &'static str {
        match self {
            Format::ProjectV1 => "a v1 project.yaml",
            Format::ProjectV4 => "a 4.0 project file",
            Format::Workspace => "a 4.0 workspace folder",
            Format::State => "Lightning's state JSON",
        }
    }
}

/// Why a project could not be read: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Error {
    pub(crate) fn at(file: &str, at: Pos, message: String) -> Error {
        Error {
            file: file.to_string(),
            line: at.line,
            column: at.column,
            message,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for Error {}

/// Reads an OpenFn project in any of its formats.
pub fn read(source: &Source) -> Result<(Project, Format), Error> {
    match source {
        Source::Folder { path, files } => {
            Ok((formats::workspace::read(path, files)?, Format::Workspace))
        }
        Source::File { path, text } => {
            let json = path.to_ascii_lowercase().ends_with(".json");
            let root = if json {
                tree::parse_json(path, text)?
            } else {
                tree::parse(path, text)?
            };
            if !matches!(root.value, tree::Value::Map(_)) {
                return Err(Error::at(
                    path,
                    root.at,
                    format!(
                        "not an OpenFn project: the file holds {}, not a map of fields",
                        root.value.kind()
                    ),
                ));
            }
            if formats::v4::looks_like_v4(&root) {
                Ok((formats::v4::read(path, &root)?, Format::ProjectV4))
            } else if formats::state::looks_like_state(&root) {
                Ok((formats::state::read(path, &root)?, Format::State))
            } else {
                Ok((formats::v1::read(path, &root)?, Format::ProjectV1))
            }
        }
    }
}

/// What an import gives: the design, the project to keep beside it, and
/// what the person importing should know.
#[derive(Debug, Clone)]
pub struct Imported {
    pub format: Format,
    /// The `.flow` text.
    pub design: String,
    /// The project as read, each workflow's `flow` the flow that stands for
    /// it in the design.
    pub project: Project,
    /// The project to keep beside the design, as a 4.0 project file.
    pub kept: String,
    pub notes: Vec<String>,
}

/// Imports an OpenFn project as a design. `kept_name` is the file name the
/// kept project will have (the design says where its jobs are).
pub fn import(source: &Source, kept_name: &str) -> Result<Imported, Error> {
    let (mut project, format) = read(source)?;
    names::assign_flows(&mut project);
    let shown = match source {
        Source::File { path, .. } | Source::Folder { path, .. } => path.as_str(),
    };
    let Design { text, notes } = design::write(&project, shown, format, kept_name);
    let kept = openfn::write(&project, openfn::Format::ProjectV4, &kept_header()).0;
    Ok(Imported {
        format,
        design: text,
        project,
        kept,
        notes,
    })
}

fn kept_header() -> Vec<String> {
    vec![
        "The OpenFn project this folder's design was imported from, kept by `flowspec import openfn` (a 4.0 project file).".to_string(),
        "`flowspec export openfn` exports each of its workflows as it is here, jobs, code and credentials included; delete this file to export the design's skeleton instead.".to_string(),
    ]
}

/// Reads a kept project (`NAME.openfn.yaml`) back, each workflow's `flow`
/// set as the import set it.
pub fn read_kept(path: &str, text: &str) -> Result<Project, Error> {
    let root = tree::parse(path, text)?;
    let mut project = formats::v4::read(path, &root)?;
    names::assign_flows(&mut project);
    Ok(project)
}
