//! Loading the paths given on the command line into one workspace (shared
//! by every command: `check`, `serve` and `mcp` read a design the same way).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use flowspec_analysis::Workspace;
use flowspec_fs::{Loaded, collect_flow_files, read_flow_file};

/// Every `.flow` file the paths name, analysed as one workspace. An error
/// names the path that could not be used.
pub fn load_workspace(paths: &[PathBuf]) -> Result<Workspace, String> {
    let files = collect_flow_files(paths).map_err(|e| describe_path_error(&e.path, &e.error))?;
    let mut texts = Vec::with_capacity(files.len());
    let mut unusable = Vec::new();
    for path in files {
        let display = display_path(&path);
        match read_flow_file(&path) {
            Ok(Loaded::Text(text)) => texts.push((display, Arc::<str>::from(text))),
            Ok(Loaded::NotUtf8(bad)) => {
                unusable.push((display, Arc::from(bad.text), bad.at, bad.message))
            }
            Ok(Loaded::TooLarge(message)) => unusable.push((display, Arc::from(""), 0, message)),
            Err(error) => return Err(describe_path_error(&path, &error)),
        }
    }
    let mut workspace = Workspace::new();
    workspace.set_files(texts);
    for (path, shown, at, message) in unusable {
        workspace.set_unreadable_at(&path, shown, at, message);
    }
    Ok(workspace)
}

pub fn display_path(path: &std::path::Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

pub fn describe_path_error(path: &std::path::Path, error: &std::io::Error) -> String {
    let why = match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    };
    format!("cannot read `{}`: {why}", path.display())
}

/// The design's name, from its paths: one folder's name, or one file's
/// stem; else the current folder's name; `project` when there is none.
/// (`flowspec export openfn` and the MCP server name a project so.)
pub fn design_name(paths: &[PathBuf]) -> String {
    let named = |path: &Path| -> Option<String> {
        let path = std::fs::canonicalize(path).ok()?;
        let name = if path.is_dir() {
            path.file_name()?
        } else {
            path.file_stem()?
        };
        Some(name.to_string_lossy().into_owned())
    };
    let from_path = match paths {
        [one] => named(one),
        _ => named(Path::new(".")),
    };
    from_path.unwrap_or_else(|| "project".to_string())
}
