//! The project in OpenFn's 4.0 portability spec (`schema_version: '4.0'`,
//! read by `@openfn/project` and so by the CLI's `openfn project …`
//! commands): one project file, or a workspace folder (`openfn.yaml`, one
//! `workflows/<id>/<id>.yaml` per workflow, each job's code in its own
//! `.js` file beside it). Shapes as `@openfn/project` 0.20 writes them.

use std::fmt::Write;

use super::model::{Condition, Job, Project, Workflow};
use super::yaml::{comments, exact_scalar, key, scalar, text_entry};

/// A file of a workspace folder: its path inside the folder (`/`
/// separated) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub text: String,
}

/// The whole project in one file.
pub fn project_file(project: &Project, header: &[String]) -> String {
    let mut out = String::new();
    comments(&mut out, 0, header);
    let _ = writeln!(out, "id: {}", scalar(&project.id));
    let _ = writeln!(out, "name: {}", scalar(&project.name));
    if let Some(description) = &project.description {
        let _ = writeln!(out, "description: {}", scalar(description));
    }
    out.push_str("schema_version: '4.0'\n");
    if !project.credentials.is_empty() {
        out.push_str("credentials:\n");
        for c in &project.credentials {
            let _ = writeln!(out, "  - name: {}", scalar(&c.name));
            let _ = writeln!(out, "    owner: {}", scalar(&c.owner));
        }
    }
    if project.workflows.is_empty() {
        out.push_str("workflows: []\n");
        return out;
    }
    out.push_str("workflows:\n");
    for (i, wf) in project.workflows.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        comments(&mut out, 2, &wf.comments);
        workflow(&mut out, 2, wf, &|_, job| Expression::Inline(&job.body));
    }
    out
}

/// The project as a workspace folder: `openfn.yaml`, and per workflow its
/// file and its jobs' code.
pub fn workspace(project: &Project, header: &[String]) -> Vec<File> {
    let mut files = Vec::new();
    let mut config = String::new();
    comments(&mut config, 0, header);
    config.push_str("project:\n");
    let _ = writeln!(config, "  id: {}", scalar(&project.id));
    let _ = writeln!(config, "  name: {}", scalar(&project.name));
    if let Some(description) = &project.description {
        let _ = writeln!(config, "  description: {}", scalar(description));
    }
    config.push_str(
        "workspace:\n  dirs:\n    projects: .projects\n    workflows: workflows\n  formats:\n    openfn: yaml\n    project: yaml\n    workflow: yaml\n",
    );
    files.push(File {
        path: "openfn.yaml".to_string(),
        text: config,
    });
    for wf in &project.workflows {
        let mut text = String::new();
        comments(&mut text, 0, &wf.comments);
        let file = |_: &Workflow, job: &Job| Expression::File(format!("./{}.js", job.id));
        workflow_body(&mut text, 0, wf, &file);
        files.push(File {
            path: format!("workflows/{}/{}.yaml", wf.id, wf.id),
            text,
        });
        for job in &wf.jobs {
            files.push(File {
                path: format!("workflows/{}/{}.js", wf.id, job.id),
                text: job.body.clone(),
            });
        }
        if let Some(input) = &wf.sample_input {
            files.push(File {
                path: format!("samples/{}.json", wf.id),
                text: input.clone(),
            });
        }
    }
    files
}

/// Where a job's code goes: in the file, or in a file of its own.
enum Expression<'a> {
    Inline(&'a str),
    File(String),
}

/// One workflow as an item of the project's `workflows` list.
fn workflow<'a>(
    out: &mut String,
    indent: usize,
    wf: &'a Workflow,
    expression: &dyn Fn(&'a Workflow, &'a Job) -> Expression<'a>,
) {
    let _ = writeln!(out, "{:indent$}- id: {}", "", key(&wf.id));
    workflow_fields(out, indent + 2, wf, expression);
}

/// One workflow as a file of its own.
fn workflow_body<'a>(
    out: &mut String,
    indent: usize,
    wf: &'a Workflow,
    expression: &dyn Fn(&'a Workflow, &'a Job) -> Expression<'a>,
) {
    let _ = writeln!(out, "{:indent$}id: {}", "", key(&wf.id));
    workflow_fields(out, indent, wf, expression);
}

fn workflow_fields<'a>(
    out: &mut String,
    indent: usize,
    wf: &'a Workflow,
    expression: &dyn Fn(&'a Workflow, &'a Job) -> Expression<'a>,
) {
    let pad = indent;
    let _ = writeln!(out, "{:pad$}name: {}", "", scalar(&wf.name));
    if let Some(first) = wf.triggers.first() {
        let _ = writeln!(out, "{:pad$}start: {}", "", key(&first.id));
    }
    // A workflow with no step at all (OpenFn allows one) is `steps: []`:
    // `steps:` and nothing would read as null, not as a list.
    if wf.triggers.is_empty() && wf.jobs.is_empty() {
        let _ = writeln!(out, "{:pad$}steps: []", "");
        return;
    }
    let _ = writeln!(out, "{:pad$}steps:", "");
    let item = pad + 2;
    let field = pad + 4;
    for t in &wf.triggers {
        comments(out, item, &t.comments);
        let _ = writeln!(out, "{:item$}- id: {}", "", key(&t.id));
        let _ = writeln!(out, "{:field$}type: {}", "", t.kind.as_str());
        if let Some(cron) = &t.cron_expression {
            let _ = writeln!(out, "{:field$}cron_expression: {}", "", scalar(cron));
        }
        let _ = writeln!(out, "{:field$}enabled: {}", "", t.enabled);
        next(out, field, wf, &t.id);
    }
    for job in &wf.jobs {
        let _ = writeln!(out, "{:item$}- id: {}", "", key(&job.id));
        let _ = writeln!(out, "{:field$}name: {}", "", scalar(&job.name));
        // Kept exactly (an imported adaptor is written back as it came),
        // and always quoted: a plain scalar cannot start with `@`.
        let _ = writeln!(out, "{:field$}adaptor: {}", "", exact_scalar(&job.adaptor));
        match expression(wf, job) {
            Expression::Inline(code) => text_entry(out, field, "expression", code),
            Expression::File(path) => {
                let _ = writeln!(out, "{:field$}expression: {}", "", scalar(&path));
            }
        }
        if let Some(credential) = &job.credential {
            let _ = writeln!(out, "{:field$}configuration: {}", "", scalar(credential));
        }
        next(out, field, wf, &job.id);
    }
}

/// The edges that leave `from`, as its `next` map.
fn next(out: &mut String, indent: usize, wf: &Workflow, from: &str) {
    let edges: Vec<_> = wf.edges.iter().filter(|e| e.source_id() == from).collect();
    if edges.is_empty() {
        return;
    }
    let _ = writeln!(out, "{:indent$}next:", "");
    for edge in edges {
        let inner = indent + 2;
        let _ = writeln!(out, "{:inner$}{}:", "", key(&edge.target));
        let field = indent + 4;
        match &edge.condition {
            Condition::Js(code) => text_entry(out, field, "condition", code),
            named => {
                let _ = writeln!(out, "{:field$}condition: {}", "", named.as_str());
            }
        }
        if let Some(label) = &edge.label {
            let _ = writeln!(out, "{:field$}label: {}", "", scalar(label));
        }
        if !edge.enabled {
            let _ = writeln!(out, "{:field$}disabled: true", "");
        }
    }
}
