//! Both round trips, on OpenFn's fixtures and on the examples.

use flowspec_analysis::Workspace;
use flowspec_analysis::model::FlowInfo;
use flowspec_export::openfn::{self, Format, Options, Project};
use flowspec_import::{Source, import, read, read_kept};

use crate::support::{EXAMPLES, example, fixture, fixtures};

/// What a project says, in a shape every format shares: per workflow, its
/// triggers (type, cron, enabled), jobs (adaptor, code, credential) and
/// edges (source, target, condition, label, enabled), in a fixed order.
fn essence(project: &Project) -> Vec<String> {
    let mut out = Vec::new();
    let mut workflows: Vec<_> = project.workflows.iter().collect();
    workflows.sort_by(|a, b| a.id.cmp(&b.id));
    for wf in workflows {
        out.push(format!("workflow {} {:?}", wf.id, wf.name));
        let mut lines = Vec::new();
        for t in &wf.triggers {
            lines.push(format!(
                "  trigger {} {} {:?} enabled={}",
                t.id,
                t.kind.as_str(),
                t.cron_expression
                    .as_deref()
                    .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ")),
                t.enabled
            ));
        }
        for j in &wf.jobs {
            lines.push(format!(
                "  job {} {:?} {} credential={:?} code={:?}",
                j.id, j.name, j.adaptor, j.credential, j.body
            ));
        }
        for e in &wf.edges {
            lines.push(format!(
                "  edge {} -> {} {:?} label={:?} enabled={}",
                e.source_id(),
                e.target,
                e.condition,
                e.label,
                e.enabled
            ));
        }
        lines.sort();
        out.extend(lines);
    }
    out
}

/// The design and the kept project as one workspace's export, read back.
fn export_imported(design: &str, kept: &str, format: Format) -> Project {
    let mut ws = Workspace::new();
    ws.set_file("imported.flow", design.to_string());
    let kept = read_kept("imported.openfn.yaml", kept).expect("the kept project reads back");
    let options = Options {
        project_name: kept.id.clone(),
        format,
        kept: vec![kept],
        ..Options::default()
    };
    let export = openfn::export(&ws, &options).expect("the imported design exports");
    let source = match format {
        Format::Workspace => Source::Folder {
            path: "out".into(),
            files: export
                .files
                .iter()
                .map(|f| flowspec_import::FolderFile {
                    path: f.path.clone(),
                    text: f.text.clone(),
                })
                .collect(),
        },
        _ => Source::File {
            path: "out.yaml".into(),
            text: export.text,
        },
    };
    read(&source)
        .unwrap_or_else(|e| panic!("the export reads back: {e}"))
        .0
}

#[test]
fn openfn_fixtures_survive_import_then_export_in_every_format() {
    for name in fixtures() {
        let source = fixture(name);
        let (original, _) = read(&source).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!original.workflows.is_empty(), "{name}");
        let imported = import(&source, "imported.openfn.yaml").unwrap();
        assert!(
            !has_errors(&imported.design),
            "{name}: the design has errors\n{}",
            imported.design
        );
        for format in [Format::ProjectV1, Format::ProjectV4, Format::Workspace] {
            let back = export_imported(&imported.design, &imported.kept, format);
            assert_eq!(
                essence(&back),
                essence(&original),
                "{name} through {format:?}\n{}",
                imported.design
            );
            assert_eq!(back.id, original.id, "{name} {format:?}");
            assert_eq!(back.name, original.name, "{name} {format:?}");
        }
    }
}

/// Each flow's chain and the state of its five answers.
fn answers(ws: &Workspace) -> Vec<String> {
    let mut out = Vec::new();
    for (_, file) in ws.files() {
        for flow in &file.model.flows {
            if flow.name.is_some() {
                out.push(describe(flow));
            }
        }
    }
    out.sort();
    out
}

/// Debug text without byte spans (the two designs place things apart).
fn unplaced(text: String) -> String {
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("span: ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 6..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn describe(flow: &FlowInfo) -> String {
    let a = &flow.answers;
    let steps: Vec<&str> = flow.steps.iter().map(|s| s.text.as_str()).collect();
    unplaced(format!(
        "{} = {} | data {:?} | transform {:?} | timing {:?} | frequency {:?} | volume {:?}",
        flow.name.as_ref().unwrap().text,
        steps.join(" -> "),
        a.data.as_ref().map(|x| &x.state),
        a.transform.as_ref().map(|x| &x.state),
        a.timing.as_ref().map(|x| &x.state),
        a.frequency.as_ref().map(|x| &x.state),
        a.volume.as_ref().map(|x| &x.state),
    ))
}

fn has_errors(design: &str) -> bool {
    let mut ws = Workspace::new();
    let (id, _) = ws.set_file("d.flow", design.to_string());
    ws.diagnostics(id)
        .iter()
        .any(|d| d.severity == flowspec_analysis::Severity::Error)
}

/// The codes `flowspec check` reports per flow name, for the named flows.
fn codes(ws: &Workspace) -> Vec<String> {
    let mut out = Vec::new();
    for (id, file) in ws.files() {
        // An OpenFn project carries no records (what the data is, how each
        // tool keeps it), so the checks of records have nothing to compare.
        for d in ws
            .diagnostics(id)
            .into_iter()
            .filter(|d| !d.code.is_about_records())
        {
            let flow = file.model.flows.iter().find(|f| {
                f.name.is_some() && f.span.start <= d.span.start && d.span.end <= f.span.end
            });
            if let Some(flow) = flow {
                out.push(format!(
                    "{} {}",
                    flow.name.as_ref().unwrap().text,
                    d.code.as_str()
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn examples_exported_then_imported_answer_the_same() {
    for name in EXAMPLES {
        let design = example(name);
        for format in [Format::ProjectV1, Format::ProjectV4, Format::Workspace] {
            let export = openfn::export(
                &design,
                &Options {
                    project_name: "example".into(),
                    format,
                    ..Options::default()
                },
            )
            .unwrap();
            let source = match format {
                Format::Workspace => Source::Folder {
                    path: "out".into(),
                    files: export
                        .files
                        .iter()
                        .map(|f| flowspec_import::FolderFile {
                            path: f.path.clone(),
                            text: f.text.clone(),
                        })
                        .collect(),
                },
                _ => Source::File {
                    path: "project.yaml".into(),
                    text: export.text.clone(),
                },
            };
            let imported = import(&source, "x.openfn.yaml").unwrap();
            let mut back = Workspace::new();
            back.set_file("imported.flow", imported.design.clone());
            assert!(!has_errors(&imported.design), "{name}\n{}", imported.design);
            assert_eq!(
                answers(&back),
                answers(&design),
                "{name} through {format:?}\n{}",
                imported.design
            );
            assert_eq!(codes(&back), codes(&design), "{name} through {format:?}");

            // And the imported design exports the same project again.
            let again = export_imported(&imported.design, &imported.kept, format);
            assert_eq!(
                essence(&again),
                essence(&export.project),
                "{name} {format:?}"
            );
        }
    }
}

#[test]
fn a_project_that_documents_nothing_lists_every_open_question() {
    let imported = import(&fixture("referrals.workspace"), "k.openfn.yaml").unwrap();
    // Comment lines joined, as they read.
    let flat = imported.design.replace("\n  # ", " ").replace("\n# ", " ");
    let mut ws = Workspace::new();
    let (id, _) = ws.set_file("r.flow", imported.design.clone());
    let mut found: Vec<String> = ws
        .diagnostics(id)
        .iter()
        .map(|d| d.code.as_str().to_string())
        .collect();
    found.sort();
    // Two workflows: data, transform and volume open in each, and the
    // webhook's frequency.
    assert_eq!(found, vec!["open-question"; 7], "{}", imported.design);
    // What the code reveals is written above the questions.
    assert!(
        imported
            .design
            .contains("  # Job `fetch` (commcare) calls get(), each(), fn().\n"),
        "{}",
        imported.design
    );
    assert!(
        flat.contains("frequency: cron \"0 6 * * *\""),
        "{}",
        imported.design
    );
    assert!(flat.contains("timing: realtime"), "{}", imported.design);
    // The branch and the condition the chain cannot say are comments.
    assert!(
        flat.contains("Edges off the chain: receive -> alert (on_job_failure)."),
        "{}",
        imported.design
    );
    assert!(
        flat.contains("when `state.data.is_new === true`, labelled \"new cases\""),
        "{}",
        imported.design
    );
    // Catalog ids for the adaptors that have one.
    for tool in [
        "tool commcare \"CommCare\"",
        "tool dhis2 \"DHIS2\"",
        "tool postgresql",
        "tool http",
    ] {
        assert!(flat.contains(tool), "{tool}\n{}", imported.design);
    }
    // The job off the chain is named in a comment, its tool not declared
    // (no flow would use it).
    assert!(!flat.contains("tool twilio"), "{}", imported.design);
    assert!(
        flat.contains("Jobs off the chain: `alert` (`@openfn/language-twilio@1.0.0`)."),
        "{}",
        imported.design
    );
}

/// Found by the `import` fuzz target: a workflow with no step at all
/// imported, but its kept 4.0 file said `steps:` with nothing after it
/// (null, not a list), which the reader then refused.
#[test]
fn a_workflow_without_steps_is_kept_and_read_back() {
    let source = flowspec_import::Source::File {
        path: "project.yaml".to_string(),
        text: "name: clinic\nworkflows:\n  Empty-é:\n    name: Empty é\n    jobs: {}\n    triggers: {}\n    edges: {}\n".to_string(),
    };
    let imported = flowspec_import::import(&source, "clinic.openfn.yaml").unwrap();
    assert!(imported.kept.contains("steps: []"), "{}", imported.kept);
    let kept = flowspec_import::read_kept("clinic.openfn.yaml", &imported.kept).unwrap();
    assert_eq!(kept.workflows.len(), 1);
    assert!(kept.workflows[0].jobs.is_empty() && kept.workflows[0].triggers.is_empty());
}

/// Found by the `import` fuzz target: an adaptor holding a line break was
/// kept inside single quotes, so the kept 4.0 file either read the break
/// back as a space or, with the next line not indented, did not read at
/// all. The adaptor is now kept exactly (double-quoted with escapes).
#[test]
fn an_adaptor_with_a_line_break_is_kept_exactly() {
    let adaptor = "@openfn/language-http@7.2.10\n  ');\nnext: é 🙂\u{7f}";
    let json = serde_json::json!({
        "name": "clinic",
        "workflows": {
            "intake": {
                "name": "Intake",
                "jobs": { "fetch": { "name": "fetch", "adaptor": adaptor, "body": "fn(state => state);" } },
                "triggers": {},
                "edges": {}
            }
        }
    });
    let source = flowspec_import::Source::File {
        path: "project.json".to_string(),
        text: serde_json::to_string_pretty(&json).unwrap(),
    };
    let imported = flowspec_import::import(&source, "clinic.openfn.yaml").unwrap();
    let kept = flowspec_import::read_kept("clinic.openfn.yaml", &imported.kept)
        .unwrap_or_else(|e| panic!("{e}\n{}", imported.kept));
    assert_eq!(
        kept.workflows[0].jobs[0].adaptor, adaptor,
        "{}",
        imported.kept
    );
}
