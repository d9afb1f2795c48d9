//! An OpenFn project as a design: the tools its adaptors name, a named
//! flow per workflow (its chain from the edges), Timing and Frequency from
//! the triggers, and the rest as open questions with what the job code
//! reveals written above them. A workflow that `flowspec export openfn`
//! wrote carries its design's answers in its job bodies: those are read
//! back instead ([`exported`]).

mod chain;
mod code;
mod exported;
mod schedule;

use std::fmt::Write;

use flowspec_analysis::Workspace;
use flowspec_export::openfn::{Project, Workflow};

use super::Format;
use super::names::ident;
use chain::Chain;

/// The design's text, and what the person importing should know.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    pub text: String,
    pub notes: Vec<String>,
}

/// A tool the design declares: id, display name, properties.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ToolDecl {
    pub id: String,
    pub role: bool,
    pub name: Option<String>,
    pub doc: Option<String>,
    pub properties: Vec<(String, String)>,
}

/// One flow as it will be written.
pub(crate) struct FlowText {
    pub doc: Vec<String>,
    pub comments: Vec<String>,
    pub name: String,
    pub steps: Vec<String>,
    /// Comment lines inside the block, above the answers.
    pub inner: Vec<String>,
    pub answers: Vec<(String, String)>,
}

pub fn write(project: &Project, source: &str, format: Format, kept: &str) -> Design {
    let recognised = build(project, true);
    let design = render(project, source, format, kept, &recognised);
    if has_errors(&design.text) {
        // Answers read back from bodies that do not make a valid design:
        // import what the project says instead.
        let plain = build(project, false);
        return render(project, source, format, kept, &plain);
    }
    design
}

struct Built {
    tools: Vec<ToolDecl>,
    flows: Vec<FlowText>,
    notes: Vec<String>,
}

fn build(project: &Project, recognise: bool) -> Built {
    let mut tools: Vec<ToolDecl> = Vec::new();
    let mut flows = Vec::new();
    let mut notes = Vec::new();
    for wf in &project.workflows {
        let from_body = if recognise { exported::read(wf) } else { None };
        let flow = match from_body {
            Some(read) => {
                for tool in read.tools {
                    add_tool(&mut tools, tool);
                }
                notes.push(format!(
                    "workflow `{}`: exported by Flowspec, its design's answers are read back from the job bodies",
                    wf.id
                ));
                FlowText {
                    name: wf.flow.clone(),
                    ..read.flow
                }
            }
            None => {
                let chain = chain::of(wf);
                for tool in &chain.tools {
                    add_tool(&mut tools, tool.clone());
                }
                flow(wf, &chain, &mut notes)
            }
        };
        flows.push(flow);
    }
    Built {
        tools,
        flows,
        notes,
    }
}

fn add_tool(tools: &mut Vec<ToolDecl>, tool: ToolDecl) {
    match tools.iter_mut().find(|t| t.id == tool.id) {
        Some(existing) => {
            for (k, v) in tool.properties {
                if !existing.properties.iter().any(|(ek, _)| *ek == k) {
                    existing.properties.push((k, v));
                }
            }
        }
        None => tools.push(tool),
    }
}

/// A workflow that Flowspec did not write: answers from its triggers, open
/// questions with what its code reveals.
fn flow(wf: &Workflow, chain: &Chain, notes: &mut Vec<String>) -> FlowText {
    let mut doc = vec![format!(
        "Workflow `{}` (\"{}\") in OpenFn, imported by `flowspec import openfn`.",
        wf.id,
        one_line(&wf.name)
    )];
    if wf.jobs.is_empty() {
        doc.push("It has no job.".to_string());
    }
    let mut comments = Vec::new();
    comments.extend(chain.comments.iter().cloned());
    let schedule = schedule::answers(&wf.triggers);
    comments.extend(schedule.comments.iter().cloned());
    notes.extend(
        schedule
            .notes
            .iter()
            .map(|n| format!("workflow `{}`: {n}", wf.id)),
    );
    if !chain.off_chain.is_empty() {
        notes.push(format!(
            "workflow `{}`: {} (a flow is one chain: they are in comments, and kept in the project beside the design)",
            wf.id,
            chain.off_chain.join("; ")
        ));
    }
    let mut inner = code::revealed(wf);
    if inner.is_empty() {
        inner.push("The job code calls no operation.".to_string());
    }
    let mut answers = vec![
        ("data".to_string(), "tbd".to_string()),
        ("transform".to_string(), "tbd".to_string()),
    ];
    answers.extend(schedule.answers);
    answers.push(("volume".to_string(), "tbd".to_string()));
    FlowText {
        doc,
        comments,
        name: wf.flow.clone(),
        steps: chain.steps.clone(),
        inner,
        answers,
    }
}

fn render(project: &Project, source: &str, format: Format, kept: &str, built: &Built) -> Design {
    let mut out = String::new();
    let mut head = vec![format!(
        "{}: imported from OpenFn ({}, {}) by `flowspec import openfn`.",
        one_line(&project.name),
        source,
        format.describe()
    )];
    if let Some(d) = &project.description {
        head.push(one_line(d));
    }
    head.push(String::new());
    head.push(
        "Each workflow is a named flow below. What the project never documented is an open question (`flowspec check` lists them); the comments above each say what the job code reveals.".to_string(),
    );
    head.push(format!(
        "The jobs, their code and credentials are kept in `{kept}` beside this file: `flowspec export openfn` gives them back as they were."
    ));
    for line in &head {
        lines(&mut out, "##", 0, line);
    }
    for tool in &built.tools {
        out.push('\n');
        if let Some(doc) = &tool.doc {
            lines(&mut out, "##", 0, doc);
        }
        let keyword = if tool.role { "role" } else { "tool" };
        let _ = write!(out, "{keyword} {}", tool.id);
        if let Some(name) = &tool.name {
            let _ = write!(out, " {}", string(name));
        }
        if tool.properties.is_empty() {
            out.push('\n');
        } else {
            out.push_str(" {\n");
            for (k, v) in &tool.properties {
                let _ = writeln!(out, "  {k}: {v}");
            }
            out.push_str("}\n");
        }
    }
    for flow in &built.flows {
        out.push('\n');
        for line in &flow.doc {
            lines(&mut out, "##", 0, line);
        }
        for line in &flow.comments {
            lines(&mut out, "#", 0, line);
        }
        let _ = writeln!(out, "flow {}: {} {{", flow.name, flow.steps.join(" -> "));
        for line in &flow.inner {
            lines(&mut out, "#", 2, line);
        }
        for (k, v) in &flow.answers {
            if v.starts_with('{') {
                let _ = writeln!(out, "  {k} {v}");
            } else {
                let _ = writeln!(out, "  {k}: {v}");
            }
        }
        out.push_str("}\n");
    }
    Design {
        text: out,
        notes: built.notes.clone(),
    }
}

/// A comment (`#` or `##`), wrapped at 80 columns; an empty line is a bare
/// marker.
fn lines(out: &mut String, marker: &str, indent: usize, text: &str) {
    let text = one_line(text);
    if text.is_empty() {
        let _ = writeln!(out, "{:indent$}{marker}", "");
        return;
    }
    let width = 78usize.saturating_sub(indent + marker.len()).max(20);
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            let _ = writeln!(out, "{:indent$}{marker} {line}", "");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = writeln!(out, "{:indent$}{marker} {line}", "");
}

/// Text for one line of a comment or a string: line breaks and control
/// characters become spaces.
pub(crate) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// A string of the language: `"…"` with `\\` and `\"` escaped.
pub(crate) fn string(text: &str) -> String {
    format!(
        "\"{}\"",
        one_line(text).replace('\\', "\\\\").replace('"', "\\\"")
    )
}

/// An identifier for a tool named after an adaptor.
pub(crate) fn tool_id(adaptor_name: &str) -> String {
    ident(adaptor_name, "tool")
}

/// Whether the design, analysed alone, has an error.
pub(crate) fn has_errors(text: &str) -> bool {
    let mut ws = Workspace::new();
    let (id, _) = ws.set_file("imported.flow", text);
    ws.diagnostics(id)
        .iter()
        .any(|d| d.severity == flowspec_analysis::Severity::Error)
}
