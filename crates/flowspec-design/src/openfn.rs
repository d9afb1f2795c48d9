//! What an OpenFn export needs from the disk beside the design, shared by
//! `flowspec export openfn` and the MCP server's `export_openfn`: the
//! projects `flowspec import openfn` kept (`x.openfn.yaml` beside `x.flow`)
//! and the project's name.

use std::path::{Path, PathBuf};

use flowspec_analysis::Workspace;
use flowspec_export::openfn::Project;

use crate::load::{describe_path_error, design_name, display_path};

/// The kept project beside a design: `x.flow` → `x.openfn.yaml`.
pub fn kept_path(design: &Path) -> PathBuf {
    let stem = design
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    design.with_file_name(format!("{stem}.openfn.yaml"))
}

/// The projects kept beside the design's files, sorted by path.
pub fn kept_projects(workspace: &Workspace) -> Result<Vec<Project>, String> {
    let mut paths: Vec<PathBuf> = workspace
        .files()
        .map(|(_, f)| kept_path(Path::new(&f.path)))
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths.dedup();
    let mut kept = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|e| describe_path_error(&path, &e))?;
        let project = flowspec_import::read_kept(&display_path(&path), &text)
            .map_err(|e| format!("{e} (the project kept beside the design)"))?;
        kept.push(project);
    }
    Ok(kept)
}

/// The project's name: the one asked for, else the one kept project's id,
/// else the design's name.
pub fn project_name(asked: Option<&str>, kept: &[Project], paths: &[PathBuf]) -> String {
    match (asked, kept) {
        (Some(name), _) => name.to_string(),
        (None, [one]) => one.id.clone(),
        (None, _) => design_name(paths),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kept_project_sits_beside_its_design() {
        assert_eq!(
            kept_path(Path::new("d/école.flow")),
            PathBuf::from("d/école.openfn.yaml")
        );
        let dir = std::env::temp_dir();
        let paths = [dir.clone()];
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(project_name(None, &[], &paths), name);
        assert_eq!(project_name(Some("Pilot"), &[], &paths), "Pilot");
    }
}
