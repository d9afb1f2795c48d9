//! The OpenFn importer and export writers on arbitrary input.

use flowspec_analysis::Workspace;
use flowspec_analysis::syntax::{LineIndex, parse};
use flowspec_export::openfn::{self, Format, Options, Project};
use flowspec_import::{FolderFile, Source};

use crate::checks::analyse_and_check;
use crate::text_of;

const KEPT: &str = "fuzz.openfn.yaml";

/// Any text read as an OpenFn project file (JSON when it looks like JSON,
/// YAML otherwise): either an error that points inside the file, or a
/// design that parses without a syntax error and a kept project that reads
/// back as the project imported; every export format writes it.
pub fn import(data: &[u8]) {
    let text = text_of(data);
    let path = if text.trim_start().starts_with(['{', '[']) {
        "fuzz.json"
    } else {
        "fuzz.yaml"
    };
    let source = Source::File {
        path: path.to_string(),
        text: text.clone(),
    };
    check_import(&source, &text);
    // The same text as a workspace folder's `openfn.yaml`.
    let folder = Source::Folder {
        path: "fuzz".to_string(),
        files: vec![FolderFile {
            path: "openfn.yaml".to_string(),
            text: text.clone(),
        }],
    };
    check_import(&folder, &text);
}

fn check_import(source: &Source, text: &str) {
    match flowspec_import::import(source, KEPT) {
        Err(e) => {
            let lines = LineIndex::new(text).line_count();
            assert!(
                e.line >= 1 && e.column >= 1,
                "{e}: lines and columns count from 1"
            );
            if e.file.ends_with("fuzz.yaml") || e.file.ends_with("fuzz.json") {
                assert!(e.line <= lines + 1, "{e}: past the file's {lines} lines");
            }
            assert!(!e.message.trim().is_empty(), "an error without a message");
        }
        Ok(imported) => {
            let tree = parse(&imported.design);
            assert!(
                tree.errors.is_empty(),
                "the imported design does not parse: {:?}\n{}",
                tree.errors,
                imported.design
            );
            analyse_and_check(&imported.design);
            let kept = flowspec_import::read_kept(KEPT, &imported.kept).unwrap_or_else(|e| {
                panic!(
                    "the kept project does not read back: {e}\n{}",
                    imported.kept
                )
            });
            // Names, ids and other one-line scalars are written as one clean
            // line (control characters and line breaks become spaces: the
            // writer's documented rule), so they are compared as a second
            // round trip leaves them; the code of every job, and the shape
            // of every workflow, must come back exactly the first time.
            assert_eq!(
                shape(&kept),
                shape(&imported.project),
                "the kept project lost steps or code"
            );
            let (again, _) = openfn::write(&kept, Format::ProjectV4, &[]);
            let kept_again = flowspec_import::read_kept(KEPT, &again).unwrap_or_else(|e| {
                panic!("the kept project, written again, does not read back: {e}")
            });
            assert_eq!(
                normalized(kept_again),
                normalized(kept.clone()),
                "a second round trip changed the kept project"
            );
            for format in [Format::Workspace, Format::ProjectV4, Format::ProjectV1] {
                let _ = openfn::write(&imported.project, format, &[]);
            }
        }
    }
}

/// What must survive the first round trip exactly: per workflow, the
/// number of triggers and edges, and each job's code; each trigger's and
/// edge's on/off state.
fn shape(project: &Project) -> Vec<(usize, usize, Vec<String>, Vec<bool>)> {
    project
        .workflows
        .iter()
        .map(|w| {
            let mut bodies: Vec<String> = w.jobs.iter().map(|j| j.body.clone()).collect();
            bodies.sort();
            let mut enabled: Vec<bool> = w.triggers.iter().map(|t| t.enabled).collect();
            enabled.extend(w.edges.iter().map(|e| e.enabled));
            enabled.sort();
            (w.triggers.len(), w.edges.len(), bodies, enabled)
        })
        .collect()
}

/// Order of steps and edges carries no meaning in OpenFn (a workflow is a
/// graph); the writer puts edges in its own order.
fn normalized(mut project: Project) -> Project {
    for workflow in &mut project.workflows {
        workflow.edges.sort_by(|a, b| a.id.cmp(&b.id));
        workflow.jobs.sort_by(|a, b| a.id.cmp(&b.id));
        workflow.triggers.sort_by(|a, b| a.id.cmp(&b.id));
    }
    project
}

/// Any design exported in every format: no panic, and the 4.0 project file
/// imports back.
pub fn export(data: &[u8]) {
    let text = text_of(data);
    let mut ws = Workspace::new();
    ws.set_file("fuzz.flow", text.as_str());
    for format in [Format::Workspace, Format::ProjectV4, Format::ProjectV1] {
        let options = Options {
            project_name: "fuzz".to_string(),
            format,
            ..Options::default()
        };
        let Ok(export) = openfn::export(&ws, &options) else {
            continue;
        };
        if format == Format::ProjectV4 {
            let source = Source::File {
                path: "project.yaml".to_string(),
                text: export.text.clone(),
            };
            if let Err(e) = flowspec_import::read(&source) {
                panic!("the exported project does not import: {e}\n{}", export.text);
            }
        }
    }
}
