//! What the modules share: the repository's files, read into sources and
//! workspaces.

use std::path::{Path, PathBuf};

use flowspec_analysis::Workspace;
use flowspec_import::{FolderFile, Source};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file below `dir`, paths relative to it.
fn files_below(dir: &Path, prefix: &str, out: &mut Vec<FolderFile>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if e.file_type().unwrap().is_dir() {
            files_below(&e.path(), &path, out);
        } else {
            out.push(FolderFile {
                path,
                text: std::fs::read_to_string(e.path()).unwrap(),
            });
        }
    }
}

/// A fixture of `tests/openfn/fixtures/` as a source: a file or a folder.
pub fn fixture(name: &str) -> Source {
    let path = repo().join("tests/openfn/fixtures").join(name);
    if path.is_dir() {
        let mut files = Vec::new();
        files_below(&path, "", &mut files);
        Source::Folder {
            path: name.to_string(),
            files,
        }
    } else {
        Source::File {
            path: name.to_string(),
            text: std::fs::read_to_string(&path).unwrap(),
        }
    }
}

/// Every fixture OpenFn's packages wrote, and the hand-written v1 file.
pub fn fixtures() -> Vec<&'static str> {
    vec![
        "referrals.project.yaml",
        "referrals.state.json",
        "referrals.workspace",
        "from-state.project.yaml",
        "from-state.state.json",
        "from-state.workspace",
        "clinic.project-v1.yaml",
    ]
}

/// `examples/<name>` (a folder or one file) as a workspace.
pub fn example(name: &str) -> Workspace {
    let root = repo().join("examples").join(name);
    let mut paths: Vec<PathBuf> = if root.is_dir() {
        std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "flow"))
            .collect()
    } else {
        vec![root]
    };
    paths.sort();
    let mut ws = Workspace::new();
    for p in paths {
        ws.set_file(
            &p.file_name().unwrap().to_string_lossy(),
            std::fs::read_to_string(&p).unwrap(),
        );
    }
    ws
}

pub const EXAMPLES: [&str; 3] = ["ethiopia", "complete", "open-questions.flow"];
