//! What the end-to-end tests share: the built binary and how to run it as
//! a user does, temporary workspaces, the editors on the machine, and (in
//! [`lsp`]) helpers for driving the server through `lsp-harness`.

pub mod lsp;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use flowspec_lsp_harness::protocol;

/// The `flowspec` binary Cargo built for these tests.
pub fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_flowspec"))
}

/// The repository's root, as an absolute path.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Whether a program runs on this machine (`PROGRAM --version` succeeds).
pub fn have(program: impl AsRef<OsStr>) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A temporary folder holding `design/` with the editors' two-file design
/// (`tests/editors/fixture`), and that `design/` folder.
pub fn editor_design() -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("design");
    std::fs::create_dir_all(&root).unwrap();
    for file in ["tools.flow", "flows.flow"] {
        std::fs::copy(
            repo().join("tests/editors/fixture").join(file),
            root.join(file),
        )
        .unwrap();
    }
    (work, root)
}

/// Runs the built binary in `dir`.
pub fn flowspec(args: &[&str], dir: &Path) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A temporary folder with the given files.
pub fn workspace(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// A temporary folder with the given text files.
pub fn workspace_text(files: &[(&str, &str)]) -> tempfile::TempDir {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    workspace(&bytes)
}
