//! What the page shows at one moment: the design loaded from its paths,
//! drawn (the SVG), as data (the cards, the diagnostics), as the report, and
//! the text of each of its files (the only files the server ever serves).
//!
//! A snapshot is built whole on each reload and replaces the last one, so
//! every answer the server gives comes from one consistent load.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use flowspec_analysis::Workspace;
use flowspec_design::Design;
use serde::Serialize;

/// One load of the design.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Counts reloads whose result differed from the last: the page's
    /// `version`. The first snapshot is 1.
    pub version: u64,
    /// The paths being served, as given.
    pub paths: Vec<String>,
    /// Why the last reload failed (a folder removed, a path unreadable):
    /// the design shown is then the last one that loaded.
    pub error: Option<String>,
    pub svg: Arc<str>,
    pub design: Arc<Design>,
    pub report: Arc<str>,
    /// Each file of the design by its path as the design names it (the
    /// `path` of its diagnostics and cards), with its text as loaded.
    pub sources: Arc<HashMap<String, Arc<str>>>,
}

/// What `/api/design` answers and each server-sent event carries.
#[derive(Serialize)]
struct Payload<'a> {
    version: u64,
    paths: &'a [String],
    error: Option<&'a str>,
    svg: &'a str,
    design: &'a Design,
}

impl Snapshot {
    /// The design the paths name, or why they cannot be read.
    pub fn load(paths: &[PathBuf]) -> Result<Snapshot, String> {
        let workspace = flowspec_design::load_workspace(paths)?;
        Ok(Snapshot::of(&workspace, shown(paths)))
    }

    /// The snapshot of a loaded workspace.
    pub fn of(workspace: &Workspace, paths: Vec<String>) -> Snapshot {
        let graph = flowspec_diagram::graph(workspace, None)
            .expect("every flow is drawn when none is asked for");
        let design = flowspec_design::design::design_of(workspace, &graph);
        let sources = workspace
            .files()
            .map(|(_, f)| (f.path.clone(), f.text.clone()))
            .collect();
        Snapshot {
            version: 1,
            paths,
            error: None,
            svg: flowspec_diagram::svg(&graph).into(),
            design: Arc::new(design),
            report: flowspec_diagram::report(workspace).into(),
            sources: Arc::new(sources),
        }
    }

    /// The snapshot after a reload of `paths`: the new design, or this one
    /// with the error. `None` when nothing a reader sees has changed.
    pub fn reload(&self, paths: &[PathBuf]) -> Option<Snapshot> {
        let next = match Snapshot::load(paths) {
            Ok(next) => next,
            Err(error) => Snapshot {
                error: Some(error),
                ..self.clone()
            },
        };
        if next.same_as(self) {
            return None;
        }
        Some(Snapshot {
            version: self.version + 1,
            ..next
        })
    }

    /// Whether the two would show the same page.
    fn same_as(&self, other: &Snapshot) -> bool {
        self.error == other.error
            && self.svg == other.svg
            && self.report == other.report
            && self.sources == other.sources
            && self.design.diagnostics == other.design.diagnostics
            && self.paths == other.paths
    }

    /// The JSON of `/api/design` and of each event: one line.
    pub fn payload(&self) -> String {
        serde_json::to_string(&Payload {
            version: self.version,
            paths: &self.paths,
            error: self.error.as_deref(),
            svg: &self.svg,
            design: &self.design,
        })
        .expect("a design serialises")
    }
}

/// The paths as the design names them.
pub fn shown(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| flowspec_design::display_path(p))
        .collect()
}
