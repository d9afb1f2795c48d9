//! The diagrams and the report, in one test crate (one link):
//! `pictures` (DOT and Mermaid snapshots, the SVG parsed back and checked
//! for overlaps), `formats` (the PNG decoded, the Draw.io file read back as
//! mxGraph XML) and `report` (the HTML page parsed as a browser parses
//! it). Helpers they share are here.

mod formats;
mod pictures;
mod report;
mod report_records;

use std::path::{Path, PathBuf};

use flowspec_analysis::Workspace;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The workspace of a `.flow` file or a folder of them, relative to the
/// repository, each file named by its path from the repository's root.
pub fn load(path: &str) -> Workspace {
    let root = repo().join(path);
    let mut files: Vec<PathBuf> = if root.is_dir() {
        std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "flow"))
            .collect()
    } else {
        vec![root]
    };
    files.sort();
    let mut ws = Workspace::new();
    for f in files {
        let name = f
            .strip_prefix(repo())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        ws.set_file(&name, std::fs::read_to_string(&f).unwrap());
    }
    ws
}

/// A workspace of the given files.
pub fn design(files: &[(&str, &str)]) -> Workspace {
    let mut ws = Workspace::new();
    for (p, t) in files {
        ws.set_file(p, *t);
    }
    ws
}
